"""build_comparison: the rows a reader sees for a set of plans, from the stored (curated) links.

Reads only: the plans' sections and their links (rejected ones left out), placed in rows by
``compare.alignment.rows_for``. Each cell shows its own text with shared/distinct marks
(``compare.lib.marking``); a word diff against the row's first plan (redline) only where asked for,
or by default where two texts are near-identical.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz.distance import Indel

from compare.alignment import AlignSection, Link, parts, rows_for
from compare.lib.marking import MarkText, Piece, common_in, mark_row
from compare.lib.textdiff import WordDiff, diff_words
from compare.lib.topic import mentions_all, mentions_any, searchable
from compare.models import SectionLink
from compare.reading.picking import column_labels
from plans.models import Plan, Section

LONG_TEXT = 160  # characters of body after which a section folds
NEAR_IDENTICAL = 0.8  # similarity from which redline is the default (a plan and its programme)
MODES = ("marks", "redline")  # "" is the default: marks, redline where near-identical
_SECTION_FIELDS = (
    "id",
    "plan_id",
    "parent_id",
    "order",
    "depth",
    "kind",
    "label",
    "title",
    "body",
    "title_simplified",
    "body_simplified",
    "body_tokens",
    "flags",
    "implied",
    "duties",
    "projects",
)


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

    @property
    def status_label(self) -> str:
        return SectionLink.Status(self.status).label


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

    @property
    def columns(self) -> list[tuple[Plan, str]]:
        """Each plan with a header no other column shares."""
        return list(zip(self.plans, column_labels(self.plans), strict=True))


def build_comparison(
    plans: Sequence[Plan],
    filters: Filters | None = None,
    *,
    mode: str = "",
    row_modes: dict[str, str] | None = None,
    formula: Callable[[str], bool] = lambda term: False,
) -> Comparison:
    """The rows of a comparison; ``mode`` (or ``row_modes`` by anchor) picks marks or redline."""
    filters = filters or Filters()
    plans = list(plans)
    sections = list(
        Section.objects.filter(plan__in=plans).order_by("plan_id", "order").only(*_SECTION_FIELDS)
    )
    plan_of = {p.pk: p for p in plans}
    for s in sections:
        s.plan = plan_of[s.plan_id]  # URLs and templates need the plan: no query per section
    by_id = {s.pk: s for s in sections}
    inputs, placed_rows, info = _placed(plans, sections)
    part_of = {}
    for plan_inputs in inputs:
        part_of |= parts(plan_inputs)
    root_of = _roots(sections, by_id)
    first = plans[0]
    rows: list[RowView] = []
    chapter = None
    for number, row in enumerate(placed_rows, 1):
        view = _row(number, row, plans, by_id, info, part_of)
        anchor_ids = row.sections.get(first.slug, [])
        if anchor_ids:
            chapter = root_of[anchor_ids[0]]
        view.chapter = chapter
        rows.append(view)
    placed = {v.section.pk: r.anchor for r in rows for c in r.cells for v in c.sections}
    for row in rows:
        for cell in row.cells:
            for view in cell.sections + cell.also:
                view.anchor = placed.get(view.section.pk, row.anchor)
    summaries = _summaries(plans, sections, rows)
    parents = {s.parent_id for s in sections}
    chapters = [  # an empty attachment heading is not a chapter
        s
        for s in sections
        if s.plan_id == first.pk and s.parent_id is None and (s.body or s.pk in parents)
    ]
    coverage = [c for c in _coverage(plans, rows, by_id) if c.chapter in chapters]
    for row in rows:
        for cell in row.cells:
            named = None
            for view in cell.sections:  # the chapter, named once per cell
                root = root_of[view.section.pk]
                if root != view.section.pk and root != named:
                    view.chapter, named = by_id[root], root
    topic, on_topic = [], rows
    if filters.terms:
        on_topic = [r for r in rows if _on_topic(r, filters.terms)]
    kept = [r for r in on_topic if _keep(r, filters)]
    if filters.terms:
        topic = _topic(plans, on_topic, kept, filters.terms, root_of, by_id)
    outline = _outline(chapters, rows, kept)
    common = _common_terms(sections) if kept else None
    for row in kept:  # marks and diffs cost: only for rows a reader will see
        _present(row, (row_modes or {}).get(row.anchor, mode), formula, common)
    return Comparison(
        plans=plans,
        rows=kept,
        total_rows=len(rows),
        summaries=summaries,
        coverage=coverage,
        chapters=chapters,
        filters=filters,
        outline=outline,
        topic=topic,
    )


def row_groups(plans: Sequence[Plan]) -> list[list[int]]:
    """The section ids in each row of the comparison of ``plans``, unfiltered and in page order:
    the one pairing the rows page shows, for every other view of the same comparison (the goals
    tab)."""
    plans = list(plans)
    fields = ("id", "plan_id", "parent_id", "order", "depth", "kind", "label", "title_simplified")
    sections = list(
        Section.objects.filter(plan__in=plans).order_by("plan_id", "order").only(*fields)
    )
    _inputs, rows, _info = _placed(plans, sections)
    return [[sid for ids in row.sections.values() for sid in ids] for row in rows]


def _placed(plans: list[Plan], sections: list[Section]):
    """(the engine's inputs per plan, its rows from the stored links, the links by pair)."""
    slug = {p.pk: p.slug for p in plans}
    inputs = [
        [_input(s, slug[s.plan_id]) for s in sections if s.plan_id == plan.pk] for plan in plans
    ]
    stored = list(
        SectionLink.objects.between(plans)
        .shown()
        .values_list("id", "left_id", "right_id", "score", "status", "reason", "evidence")
    )
    links = [Link(left=a, right=b, score=score, reason="") for _, a, b, score, *_ in stored]
    info = {
        frozenset((a, b)): LinkInfo(pk, score, status, reason, evidence)
        for pk, a, b, score, status, reason, evidence in stored
    }
    return inputs, rows_for(inputs, links), info


def _input(s: Section, plan: str) -> AlignSection:
    return AlignSection(
        id=s.pk,
        plan=plan,
        parent=s.parent_id,
        order=s.order,
        depth=s.depth,
        kind=s.kind,
        label=s.label,
        title=s.title_simplified,
        body="",
    )


def _roots(sections: list[Section], by_id: dict[int, Section]) -> dict[int, int]:
    roots: dict[int, int] = {}
    for s in sections:  # parents come first within a plan
        roots[s.pk] = roots.get(s.parent_id, s.pk) if s.parent_id in by_id else s.pk
    return roots


def _row(number, row, plans, by_id, info, part_of) -> RowView:
    first = plans[0]
    base_ids = row.sections.get(first.slug, [])
    base = [by_id[sid] for sid in base_ids]
    members = [sid for ids in row.sections.values() for sid in ids]
    cells, scores, differs = [], [], False
    for plan in plans:
        cell = Cell(plan=plan)
        for key, target in (("sections", cell.sections), ("also", cell.also)):
            for sid in getattr(row, key).get(plan.slug, []):
                section = by_id[sid]
                view = SectionView(section=section, link=_best_link(sid, members, info))
                if view.link:
                    scores.append(view.link.score)
                if base and plan.pk != first.pk and key == "sections":
                    view.compared = _counterparts_in(sid, base, info)
                    view.similarity, view.diff_on = _similarity(view.compared, section)
                    differs = differs or (view.similarity is not None and view.similarity < 1)
                target.append(view)
        cells.append(cell)
    anchor_id = base_ids[0] if base_ids else members[0]
    return RowView(
        base=base,
        anchor=f"r{anchor_id}",
        number=number,
        cells=cells,
        part=part_of.get(anchor_id, "tasks"),
        chapter=None,
        score=max(scores, default=0.0),
        differs=differs,
    )


def _counterparts_in(sid: int, base: list[Section], info) -> list[Section]:
    """The row's first-plan sections linked to ``sid``; all of them when none is (it came in
    through another plan) or the row holds one."""
    linked = [s for s in base if frozenset((s.pk, sid)) in info]
    return linked or base


def _similarity(base: list[Section], section: Section) -> tuple[float | None, str]:
    """Bodies against bodies; headings without text against the row's headings; else nothing
    (a heading's title against a paragraph's text would mark every word)."""
    base_body = "\n".join(s.body for s in base if s.body)
    if base_body and section.body:
        simplified = "\n".join(s.body_simplified for s in base if s.body)
        return Indel.normalized_similarity(simplified, section.body_simplified), "body"
    if not base_body and not section.body:
        titles = "\n".join(s.title_simplified for s in base)
        return Indel.normalized_similarity(titles, section.title_simplified), "title"
    return None, ""


def _common_terms(sections: list[Section]) -> Callable[[str], bool]:
    """Terms too common to mark as a plan's own (重点, 功能, 智慧): by the catalogue's document
    frequencies, which the engine weighs terms by (the stored catalogue index), else by the
    compared plans' own sections."""
    from compare.catalogue.running import stored_catalogue_stats

    stats = stored_catalogue_stats()
    if stats is not None:
        return common_in(stats.frequency, stats.documents)
    frequency = Counter(t for s in sections for t in set(s.body_tokens.split()))
    return common_in(frequency, len(sections))


def _present(
    row: RowView, mode: str, formula: Callable[[str], bool], common: Callable[[str], bool]
) -> None:
    """Redline where chosen (or near-identical by default), shared/distinct marks elsewhere."""
    row.mode = mode
    marked: list[list[SectionView]] = []
    for cell in row.cells:
        views = []
        for view in cell.sections:
            near = view.similarity is not None and view.similarity >= NEAR_IDENTICAL
            if view.diff_on and (mode == "redline" or (not mode and near)):
                view.diff = _diff(view.compared, view.section, view.diff_on)
                row.redline = True
            elif view.section.body:
                views.append(view)
        marked.append(views)
    texts = [
        [
            MarkText(v.section.body, v.section.body_simplified, v.section.body_tokens.split())
            for v in views
        ]
        for views in marked
    ]
    for views, pieces in zip(marked, mark_row(texts, formula=formula, common=common), strict=True):
        for view, cut in zip(views, pieces, strict=True):
            view.pieces = cut


def _diff(base: list[Section], section: Section, on: str) -> WordDiff:
    if on == "body":
        return diff_words(
            "\n".join(s.body for s in base if s.body),
            section.body,
            base_simplified="\n".join(s.body_simplified for s in base if s.body),
            other_simplified=section.body_simplified,
        )
    return diff_words(
        "\n".join(s.title for s in base),
        section.title,
        base_simplified="\n".join(s.title_simplified for s in base),
        other_simplified=section.title_simplified,
    )


def _best_link(sid: int, members: list[int], info) -> LinkInfo | None:
    found = [info[key] for m in members if m != sid and (key := frozenset((sid, m))) in info]
    return max(found, key=lambda link: link.score, default=None)


def _keep(row: RowView, filters: Filters) -> bool:
    if filters.chapter and row.chapter != filters.chapter:
        return False
    if filters.unique and not row.unique:
        return False
    if filters.min_score and (row.unique or row.score < filters.min_score):
        return False
    if filters.differ and (row.unique or not row.differs):
        return False
    if filters.part == "goals" and row.part != "goals":
        return False
    if filters.lead and not any(
        v.section.names_body(filters.lead) for cell in row.cells for v in cell.sections
    ):
        return False
    return not (filters.part == "tasks" and row.part != "tasks")


def _on_topic(row: RowView, terms: tuple[str, ...]) -> bool:
    """Every term somewhere in the row: in any plan's section, title or text."""
    return mentions_all([_searchable(v.section) for c in row.cells for v in c.sections], terms)


def _searchable(section: Section) -> str:
    # The space stands between title and text, as in the site's search: no word holds one.
    return searchable(f"{section.title_simplified} {section.body_simplified}")


def _topic(plans, on_topic, kept, terms, root_of, by_id) -> list[TopicPlaces]:
    """Per plan and chapter, the sections of the topic's rows that mention one of its words."""
    shown = {r.anchor for r in kept}
    counts: list[Counter] = [Counter() for _ in plans]
    anchors: list[dict[int, str]] = [{} for _ in plans]
    for row in on_topic:
        for index, cell in enumerate(row.cells):
            for view in cell.sections:
                if mentions_any(_searchable(view.section), terms):
                    root = root_of[view.section.pk]
                    counts[index][root] += 1
                    if row.anchor in shown:
                        anchors[index].setdefault(root, row.anchor)
    order = {s.pk: s.order for s in by_id.values()}
    return [
        TopicPlaces(
            plan=plan,
            chapters=[
                TopicChapter(chapter=by_id[root], sections=n, anchor=anchors[index].get(root, ""))
                for root, n in sorted(counts[index].items(), key=lambda item: order[item[0]])
            ],
        )
        for index, plan in enumerate(plans)
    ]


def _summaries(plans, sections, rows) -> list[PlanSummary]:
    totals = Counter(s.plan_id for s in sections)
    matched: Counter[int] = Counter()
    for row in rows:
        if row.unique:
            continue
        for cell in row.cells:
            matched[cell.plan.pk] += len(cell.sections)
    return [PlanSummary(plan=p, sections=totals[p.pk], matched=matched[p.pk]) for p in plans]


def _outline(chapters, rows, kept) -> list[OutlineEntry]:
    first_shown: dict[int, str] = {}
    for row in kept:
        first_shown.setdefault(row.chapter, row.anchor)
    counts: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        counts[row.chapter]["unique" if row.unique else "matched"] += 1
    return [
        OutlineEntry(
            chapter=c,
            anchor=first_shown.get(c.pk, ""),
            matched=counts[c.pk]["matched"],
            unique=counts[c.pk]["unique"],
        )
        for c in chapters
    ]


def _coverage(plans, rows, by_id) -> list[Coverage]:
    per_chapter: dict[int, list[RowView]] = defaultdict(list)
    for row in rows:
        if row.chapter is not None:
            per_chapter[row.chapter].append(row)
    coverage = []
    for chapter_id, chapter_rows in per_chapter.items():
        anchored = [r for r in chapter_rows if r.cells[0].sections]
        counts = []
        for index, plan in enumerate(plans):
            n = sum(1 for r in anchored if r.cells[index].sections or r.cells[index].also)
            counts.append((plan, n, round(100 * n / len(anchored)) if anchored else 0))
        coverage.append(Coverage(chapter=by_id[chapter_id], rows=len(anchored), counts=counts))
    return coverage
