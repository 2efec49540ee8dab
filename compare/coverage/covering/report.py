"""What a coverage report shows: its rows (with the reason for each status, in the words the
page and every export use), the chapters' bars, the target rows, the labels of statuses and
groups."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from compare.lib.coverage import COVERED, MISSING, PARTLY, SAME_TEXT, Evidence, Item
from compare.models import CoverageDecision
from plans.goals import indicator_name
from plans.lib.quoting import excerpt
from plans.lib.targets_compared import TargetPair, read_target
from plans.models import Jurisdiction, Plan, Section, Target
from plans.wording import quoted_name

STATUS_LABELS = {
    COVERED: gettext_lazy("已落实"),
    PARTLY: gettext_lazy("部分落实"),
    MISSING: gettext_lazy("未体现"),
}
# Groups of items, plural in English; 目标 alone is also a section's kind ("Goal").
GROUP_LABELS = {
    "goals": pgettext_lazy("coverage group", "目标"),
    "tasks": pgettext_lazy("coverage group", "任务"),
    "safeguards": pgettext_lazy("coverage group", "保障"),
}
BACKGROUND_LABELS = {
    "context": gettext_lazy("现状与形势"),
    "principles": gettext_lazy("指导思想与原则"),
    "heading": gettext_lazy("分组标题（其下条目分别计入）"),
}
# A lower plan issued first cannot have taken the upper plan up: what it already had.
HAD_LABELS = {
    COVERED: gettext_lazy("已有"),
    PARTLY: gettext_lazy("部分已有"),
    MISSING: gettext_lazy("未涉及"),
}
# Bar geometry (SVG user units): chapter names left, counts right; patterns tell statuses apart.
BAR_WIDTH, BAR_NAMES, BAR_HEIGHT, BAR_GAP = 640, 230, 16, 8
# On a phone (some 350 px of page) the chart is drawn again narrower: each chapter's name on a
# line above its bar, the counts to the bar's right, all within the screen at 12 px.
NARROW_WIDTH, NARROW_COUNTS, NARROW_NAME = 340, 64, 16
PATTERNS = {COVERED: "solid", PARTLY: "hatch", MISSING: "empty"}


class ReportError(ValueError):
    """A report that cannot be made as asked; the message says what to fix."""


@dataclass
class Row:
    item: Item
    section: Section
    counterparts: list[tuple[Section, float, bool]]  # lower section, score, decided by a person
    mention: Section | None = None
    targets: list[TargetPair] = field(default_factory=list)
    chapter: Section | None = None
    evidence: list[tuple[Section, Evidence]] = field(default_factory=list)  # telling first

    @property
    def quote_excerpt(self) -> str:
        """The quote as the page shows it: at most 120 characters, around its found terms."""
        quote = self.quote
        if quote is None:
            return ""
        return excerpt(quote[1], self.evidence[0][1].found)

    @property
    def quote(self) -> tuple[Section, str] | None:
        """The lower plan's sentence that carries the item, and the section it stands in."""
        for section, e in self.evidence[:1]:
            if e.sentence:
                return self.sections_by_id.get(e.sentence_section, section), e.sentence
        return None

    sections_by_id: dict = field(default_factory=dict, repr=False)
    came_first: bool = False  # the lower plan was issued before the upper one (先于上级文件)

    @property
    def evolution_label(self) -> str:
        """What became of the topic in the later plan, in the words of an era report (a coverage
        badge would say it was put into practice, which an era report does not judge)."""
        return str(_("延续") if self.item.status == COVERED else _("部分延续"))

    @property
    def passing_section(self) -> Section | None:
        """Where the item's terms stand only in passing (why passing), for a person to check."""
        passing = self.item.passing if self.item.why == "passing" else None
        return self.sections_by_id.get(passing.section) if passing else None

    @property
    def group_label(self) -> str:
        return str(GROUP_LABELS.get(self.item.group, ""))

    @property
    def reason(self) -> str:
        """Why the item has its status, in words a supervisor checks against the texts: the key
        terms found and the section they stand in, what is missing, or where the search looked.
        The page and every export say the same."""
        item, terms = self.item, _("、").join(self.item.terms)
        decisive = [(s, e) for s, e in self.evidence if not e.holds_quote][:1]
        found = decisive[0][1] if decisive else None
        where = quoted_name(decisive[0][0].heading) if decisive else ""
        if item.why == "sub-item":
            return _("本条没有对应章节，只有下级条目在下级规划中有体现。")
        if item.why == "tasks" and self.came_first:  # it took nothing up: it had the tasks
            return _(
                "下级规划没有与本条对应的目标（本条标题没有可查找的关键词）；"
                "它已有上级规划的部分任务，目标由任务体现一部分。"
            )
        if item.why == "tasks":
            return _(
                "下级规划没有与本条对应的目标（本条标题没有可查找的关键词）；"
                "它落实了上级规划的部分任务，目标由任务体现一部分。"
            )
        if item.why == "passing" and item.passing is not None:
            passing = item.passing
            where = self.sections_by_id.get(passing.section)
            if passing.score is not None:
                return _(
                    "对应「%(where)s」不含关键词 %(terms)s，与本条也不比下级规划的多数章节更相近"
                    "（另一主题）；在下级规划的任务、目标和保障措施（%(n)d 节）中查找，均未找到。"
                ) % {
                    "where": quoted_name(where.heading) if where else "",
                    "terms": terms,
                    "n": item.searched,
                }
            if self.came_first:  # a plan issued first took nothing up: it had the item or not
                said = _(
                    "关键词 %(terms)s 只在「%(where)s」中顺带出现"
                    "（列举之中，或是下级规划通篇常用的词），不算已有；"
                    "在下级规划的任务、目标和保障措施（%(n)d 节）中没有别处写到。"
                )
            else:
                said = _(
                    "关键词 %(terms)s 只在「%(where)s」中顺带出现"
                    "（列举之中，或是下级规划通篇常用的词），不算落实；"
                    "在下级规划的任务、目标和保障措施（%(n)d 节）中没有别处写到。"
                )
            return said % {
                "terms": _("、").join(passing.found),
                "where": quoted_name(where.heading) if where else "",
                "n": item.searched,
            }
        if item.status == MISSING and not item.decision:
            return _(
                "在下级规划的任务、目标和保障措施（%(n)d 节）全文中查找关键词 %(terms)s，均未找到。"
            ) % {"n": item.searched, "terms": terms or _("（无）")}
        if found is None:
            return ""
        said = []
        if found.found:
            said.append(
                _("关键词 %(terms)s 见于「%(where)s」")
                % {"terms": _("、").join(found.found), "where": where}
            )
        elif found.score is not None and not item.terms:
            said.append(_("对应「%(where)s」；本条标题没有可查找的关键词") % {"where": where})
        elif found.score is not None and item.status == COVERED:
            # Carried without the title's words (its content alike, or the things it names): the
            # link is not weak, the words are absent.
            said.append(_("对应「%(where)s」，其正文不含本条关键词原词") % {"where": where})
        elif found.score is not None:
            said.append(_("与「%(where)s」对应较弱，其正文不含本条关键词") % {"where": where})
        if item.why == "meaning":
            said.append(_("与本条意思相近（句向量相似度 %(alike).2f）") % {"alike": found.alike})
        if item.why == "quoted":
            said.append(
                _("对应度 %(score).2f 未到很可能对应，但其中一句写全了本条关键词")
                % {"score": found.score or 0}
            )
        if item.why == "sentence":
            said.append(
                _("其中一句写全了本条关键词，且说的正是本条（逐句语义相似度 %(said).2f）")
                % {"said": found.said}
            )
        if item.why == "named":
            said.append(
                _("写到本条正文所列的：%(words)s") % {"words": _("、").join(found.objects[:6])}
            )
        if found.missing and item.status == COVERED:
            # Covered by the link or the meaning, not by every word: "缺少" under 已落实 reads as
            # a contradiction to a supervisor.
            said.append(_("未写到的关键词：%(terms)s") % {"terms": _("、").join(found.missing)})
        elif found.missing:
            said.append(_("缺少：%(terms)s") % {"terms": _("、").join(found.missing)})
        if item.status == COVERED and found.content >= SAME_TEXT and found.shared:
            said.append(
                _("正文与之相近（内容相似度 %(c).2f），共有：%(words)s")
                % {"c": found.content, "words": _("、").join(found.shared[:5])}
            )
        if found.score is None:
            said.append(_("全文查找所得，未经对齐，请核对"))
        if found.takes_up and found.sentence and item.why != "sentence":
            # The sentence similarity picks the quote and decides no verdict: said last, as such.
            picked = _("所引句子按逐句语义相似度（%(said).2f）选出，不作为判断依据")
            said.append(picked % {"said": found.said})
        # One sentence of clauses: in English the first opens it, the rest continue it.
        said = [said[0][:1].upper() + said[0][1:]] + [c[:1].lower() + c[1:] for c in said[1:]]
        return str(_("；")).join(said)

    @property
    def status_label(self) -> str:
        labels = HAD_LABELS if self.came_first else STATUS_LABELS
        return str(labels[self.item.status])

    @property
    def computed_label(self) -> str:
        """What the engine's evidence says, shown beside a curator's decision (in the words of
        a plan issued first when it was: 已有, not 已落实)."""
        labels = HAD_LABELS if self.came_first else STATUS_LABELS
        return str(labels[self.item.computed]) if self.item.computed else ""

    @property
    def curated(self) -> str:
        """The line on a person's decision, as the page and the tables' 说明 column give it:
        the decision, what the evidence said, and the curator's note."""
        decision = self.item.decision
        if decision is None:
            return ""
        line = _("人工判断（自动结果：%(computed)s）") % {"computed": self.computed_label}
        return line + (str(_("：")) + decision.note if decision.note else "")


@dataclass
class Bar:
    label: str
    y: int
    segments: list[tuple[str, float, float, int]]  # status, x, width, count
    summary: str
    # The phone's chart: the bar's top (its name on the line above) and its segments.
    narrow_y: int = 0
    narrow_segments: list[tuple[str, float, float, int]] = field(default_factory=list)


@dataclass
class ChapterRow:
    section: Section | None
    counts: dict[str, int]
    total: int
    bar: Bar


@dataclass
class TargetRow:
    pair: TargetPair
    upper: list[Target]
    lower: list[Target]

    @property
    def name(self) -> str:
        reading = read_target(self.pair.upper[0] if self.pair.upper else self.pair.lower[0])
        if reading.identity != self.pair.identity:  # joined across names (行政村覆盖 → 政务外网)
            return self.pair.name
        return indicator_name(reading)


@dataclass
class CoverageReport:
    upper: Plan
    lower: Plan
    rows: list[Row]
    chapters: list[ChapterRow]
    totals: dict[str, int]
    total: int
    additions: list[Section]
    details: list[Section]
    targets: list[TargetRow]
    relation: Relation
    history: list[CoverageDecision]
    chart_height: int = 0
    chart_width: int = BAR_WIDTH
    narrow_height: int = 0
    narrow_width: int = NARROW_WIDTH
    background: list[tuple[Section, str]] = field(default_factory=list)  # not counted, why
    groups: dict[str, int] = field(default_factory=dict)  # counted items by group

    @property
    def narrow_counts_x(self) -> int:
        """Where the phone's chart writes each chapter's counts, right of its bars."""
        return NARROW_WIDTH - NARROW_COUNTS + 4

    @property
    def precedes(self) -> bool:
        """The lower plan was issued before the upper one (先于上级文件): the report shows what it
        already had, not what it took up."""
        up, low = self.upper.issued, self.lower.issued
        return bool(up and low and low < up)

    @property
    def background_rows(self) -> list[tuple[Section, str]]:
        return [(s, str(BACKGROUND_LABELS.get(why, why))) for s, why in self.background]

    @property
    def searched(self) -> int:
        return max((row.item.searched for row in self.rows), default=0)

    @property
    def addition_count(self) -> int:
        return len(self.additions) + len(self.details)

    def gaps(self) -> list[Row]:
        return [row for row in self.rows if row.item.status != COVERED]


@dataclass
class Relation:
    """How the upper plan's jurisdiction stands to the lower's: parent, skipped (the levels
    between have no plan in the catalogue), same, or not above."""

    kind: str
    between: list[Jurisdiction]
