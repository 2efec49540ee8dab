"""What a comparison holds, as the stages fill it and templates and exports read it: filters,
rows, cells, sections with their links, per-plan summaries, the outline and the topic's places."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from compare.lib.marking import Piece
from compare.lib.textdiff import WordDiff
from compare.models import SectionLink
from compare.reading.picking import column_labels, short_labels
from plans.models import Plan, Section

LONG_TEXT = 160  # characters of body after which a section folds


def untitled_name(section: Section) -> str:
    """How the page and the exports name a section printed without a heading: by its kind, in
    the reader's language and said as such (前言（无标题）); "" for a section with a title, or
    with a heading the importer supplied (its label stands, badged)."""
    if section.title or section.implied:
        return ""
    return _("%(kind)s（无标题）") % {"kind": section.get_kind_display()}


@dataclass(frozen=True)
class Filters:
    chapter: int | None = None  # a root section of the first plan
    min_score: float = 0.0
    differ: bool = False  # only aligned rows whose texts differ
    part: str = ""  # "goals" or "tasks"
    unique: bool = False  # only sections unique to one plan
    terms: tuple[str, ...] = ()  # only rows mentioning every one (plans.searching.terms_of)
    lead: str = ""  # only rows where a body whose name holds this leads or shares the work

    @property
    def active(self) -> bool:
        return self != Filters()

    @property
    def active_besides_terms(self) -> bool:
        return replace(self, terms=()) != Filters()


@dataclass
class LinkInfo:
    id: int
    score: float
    status: str
    reason: str
    evidence: dict
    note: str = ""  # a curator's, written with a decision

    @property
    def status_label(self) -> str:
        return SectionLink.Status(self.status).label


def named(section: Section) -> str:
    """A section as messages about links name it: 广东省（2023）「一、总体要求」; the year the plan
    was issued tells apart two plans of one place (云南省 2022 and 2023), the place alone where it
    is not known."""
    plan = section.plan
    if plan.issued:
        return _("%(place)s（%(year)s）「%(section)s」") % {
            "place": plan.jurisdiction.name,
            "year": plan.issued.year,
            "section": section,
        }
    return _("%(place)s「%(section)s」") % {
        "place": plan.jurisdiction.name,
        "section": section,
    }


@dataclass(frozen=True)
class Rejection:
    """A curator's rejection of a link between this section and ``other``, with its note: said
    where the section now stands, so a reader learns why the two are not side by side."""

    link: int
    other: Section
    note: str = ""

    @property
    def line(self) -> str:
        """已否决与广东省（2023）「一、总体要求」的对应：note, as the page and exports write it."""
        said = _("已否决与%(other)s的对应") % {"other": named(self.other)}
        return _("%(said)s：%(note)s") % {"said": said, "note": self.note} if self.note else said


@dataclass
class SectionView:
    section: Section
    diff: WordDiff | None = None
    link: LinkInfo | None = None
    anchor: str = ""  # the row it is placed in
    diff_on: str = ""  # "body" or "title": what ``diff`` compares
    similarity: float | None = None  # to the row's first plan (None: nothing to compare)
    pieces: list[Piece] | None = None  # the body with shared/distinct/number marks
    chapter: Section | None = None  # the chapter it belongs to, when it is not one itself
    # The first plan's sections of the row that ``similarity`` and ``diff`` compare with: those
    # it is linked to, where a row gathers several (else all of them).
    compared: list[Section] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)  # its links curators rejected

    @property
    def long(self) -> bool:
        return len(self.section.body) > LONG_TEXT


@dataclass
class Cell:
    plan: Plan
    sections: list[SectionView] = field(default_factory=list)
    also: list[SectionView] = field(default_factory=list)


@dataclass
class RowView:
    base: list[Section]  # the first plan's sections in the row: what redline compares with
    anchor: str  # stable across filters: "r" + the id of the row's first section
    number: int  # position in the unfiltered comparison, from 1
    cells: list[Cell]
    part: str
    chapter: int | None
    score: float  # best link score in the row, 0 for a row of one plan
    differs: bool
    mode: str = ""  # what the reader chose for this row ("" default, "marks", "redline")
    redline: bool = False  # whether any cell of the row shows a word diff

    @property
    def unique(self) -> bool:
        return sum(1 for cell in self.cells if cell.sections or cell.also) == 1

    @property
    def only_in(self) -> Plan | None:
        return next((c.plan for c in self.cells if c.sections), None) if self.unique else None

    @property
    def folds(self) -> bool:
        """Long texts fold only where every text of the row is long: one column folded beside
        open ones hides the very passages it shares with them."""
        texts = [v for c in self.cells for v in c.sections if v.section.body]
        return bool(texts) and all(v.long for v in texts)

    @property
    def comparable(self) -> bool:
        """Whether a word diff against the first plan has anything to compare in this row."""
        return any(v.diff_on for c in self.cells for v in c.sections)

    @property
    def links(self) -> list[LinkInfo]:
        return [v.link for c in self.cells for v in c.sections + c.also if v.link]


@dataclass
class PlanSummary:
    plan: Plan
    sections: int
    matched: int

    @property
    def unique(self) -> int:
        return self.sections - self.matched

    @property
    def share(self) -> int:
        return round(100 * self.matched / self.sections) if self.sections else 0


@dataclass
class Coverage:
    """How much of each first-plan chapter the other plans cover (rows with their sections)."""

    chapter: Section
    rows: int
    counts: list[tuple[Plan, int, int]]  # plan, rows where it has a section, share in %


@dataclass
class OutlineEntry:
    """A chapter of the first plan in the page's outline: where it starts, what it holds."""

    chapter: Section
    anchor: str  # its first row on the page, "" when the filters hide all of them
    matched: int  # rows of the chapter with a counterpart in another plan
    unique: int  # rows of the chapter found in one plan only


@dataclass
class TopicChapter:
    """A chapter of one plan and how many of its sections mention the topic."""

    chapter: Section
    sections: int
    anchor: str  # the first such row on the page, "" when the other filters hide them all


@dataclass
class TopicPlaces:
    """Where a topic sits in one plan: its chapters with sections that mention it."""

    plan: Plan
    chapters: list[TopicChapter]


@dataclass
class Comparison:
    plans: list[Plan]
    rows: list[RowView]  # filtered
    total_rows: int
    summaries: list[PlanSummary]
    coverage: list[Coverage]
    chapters: list[Section]  # the first plan's root sections, for the chapter filter
    filters: Filters
    outline: list[OutlineEntry] = field(default_factory=list)
    topic: list[TopicPlaces] = field(default_factory=list)  # when filtered by terms
    # Each section's row anchor, unfiltered: "r" + a section's id leads to the row holding it
    # (a first-plan section gathered into its neighbour's row has no row of its own).
    placed: dict[int, str] = field(default_factory=dict)

    def row_anchor(self, anchor: str) -> str:
        """The anchor of the row holding the section ``anchor`` names ("r41" -> "r15")."""
        return row_anchor(anchor, self.placed)

    @property
    def columns(self) -> list[tuple[Plan, str]]:
        """Each plan with a header no other column shares."""
        return list(zip(self.plans, column_labels(self.plans), strict=True))

    @property
    def short_names(self) -> dict[int, str]:
        """Each plan's name in the page's smaller tables, by plan id: 全国 十四五, with its kind,
        year or title only where two plans would read alike (compare.reading.picking)."""
        return {p.pk: name for p, name in zip(self.plans, short_labels(self.plans), strict=True)}


def row_anchor(anchor: str, placed: dict[int, str]) -> str:
    if anchor[:1] == "r" and anchor[1:].isdigit():
        return placed.get(int(anchor[1:]), anchor)
    return anchor
