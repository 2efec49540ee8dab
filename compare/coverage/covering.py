"""The coverage report from the database: one read per kind of row, then the pure
computations (``compare.lib.coverage``, ``plans.lib.targets_compared``), then what a page shows.

``coverage_report(upper, lower)`` reads the two plans' sections, their links, curators'
decisions and targets: four queries whatever the plans' size. ``decide_coverage`` records a
curator's decision (one row, never changed: the history).

The links a report judges by are the alignment engine's on the two plans alone, their terms
weighed by the two plans' own texts (not the catalogue's, as the stored links are): importing a
third plan moves the catalogue's term weights, hence the stored links' probabilities and which
links are kept, and a supervisor's verdict on one plan against another must not change because
an unrelated plan came in. People's decisions (confirmed, added, rejected links) are read from
the stored links and win over the engine's.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from cachetools import TTLCache
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from compare.alignment import align
from compare.lib.coverage import (
    COVERED,
    MISSING,
    PARTLY,
    SAME_TEXT,
    STATUSES,
    Coverage,
    CoverLink,
    CoverSection,
    Decision,
    Evidence,
    Item,
    measure_coverage,
)
from compare.lib.engine_input import COLUMNS, engine_section
from compare.lib.meaning import from_bytes, sentences, sentences_from_bytes
from compare.models import CoverageDecision, SectionLink
from compare.reading.caching import KEEP_SECONDS, alignment_version
from plans.goals import indicator_name, shown_value, target_fact
from plans.lib.targets_compared import (
    TargetFact,
    TargetPair,
    pair_targets,
    read_target,
)
from plans.models import Jurisdiction, Plan, Section, Target

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
        item, terms = self.item, "、".join(self.item.terms)
        decisive = [(s, e) for s, e in self.evidence if not e.holds_quote][:1]
        found = decisive[0][1] if decisive else None
        where = decisive[0][0].heading if decisive else ""
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
                ) % {"where": where.heading if where else "", "terms": terms, "n": item.searched}
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
                "terms": "、".join(passing.found),
                "where": where.heading if where else "",
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
                % {"terms": "、".join(found.found), "where": where}
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
                _("写到本条正文所列的：%(words)s") % {"words": "、".join(found.objects[:6])}
            )
        if found.missing and item.status == COVERED:
            # Covered by the link or the meaning, not by every word: "缺少" under 已落实 reads as
            # a contradiction to a supervisor.
            said.append(_("未写到的关键词：%(terms)s") % {"terms": "、".join(found.missing)})
        elif found.missing:
            said.append(_("缺少：%(terms)s") % {"terms": "、".join(found.missing)})
        if item.status == COVERED and found.content >= SAME_TEXT and found.shared:
            said.append(
                _("正文与之相近（内容相似度 %(c).2f），共有：%(words)s")
                % {"c": found.content, "words": "、".join(found.shared[:5])}
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
        """What the engine's evidence says, shown beside a curator's decision."""
        return str(STATUS_LABELS[self.item.computed]) if self.item.computed else ""


@dataclass
class Bar:
    label: str
    y: int
    segments: list[tuple[str, float, float, int]]  # status, x, width, count
    summary: str


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
    background: list[tuple[Section, str]] = field(default_factory=list)  # not counted, why
    groups: dict[str, int] = field(default_factory=dict)  # counted items by group

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


def coverage_report(upper: Plan, lower: Plan) -> CoverageReport:
    if upper.pk == lower.pk:
        raise ReportError(_("上级规划和下级规划是同一份：请选两份不同的规划。"))
    sections = _sections(upper, lower)
    pure = {pk: _pure(s) for pk, s in sections.items()}
    links = _links(upper, lower, sections)
    decisions = _decisions(upper, lower)
    coverage = measure_coverage(
        [p for pk, p in pure.items() if sections[pk].plan_id == upper.pk],
        [p for pk, p in pure.items() if sections[pk].plan_id == lower.pk],
        links,
        decisions={pk: Decision(d.status, d.note) for pk, d in decisions.items()},
        titles=(upper.title, lower.title),
    )
    targets = _target_rows(upper, lower, sections)
    rows = _rows(coverage, sections, targets)
    came_first = bool(upper.issued and lower.issued and lower.issued < upper.issued)
    for row in rows:
        row.came_first = came_first
    return CoverageReport(
        upper=upper,
        lower=lower,
        rows=rows,
        chapters=_chapter_rows(coverage, sections, came_first),
        totals=coverage.totals,
        total=coverage.total,
        additions=[sections[s.id] for s in coverage.additions],
        details=[sections[s.id] for s in coverage.details],
        targets=targets,
        relation=relation(upper, lower),
        history=_history(upper, lower),
        chart_height=len(coverage.chapters) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP,
        background=[(sections[s.id], why) for s, why in coverage.background],
        groups=coverage.groups,
    )


def relation(upper: Plan, lower: Plan) -> Relation:
    above, here = upper.jurisdiction, lower.jurisdiction
    if above.pk == here.pk:
        return Relation("same", [])
    chain = here.ancestors  # top down
    if not chain or above.pk not in {j.pk for j in chain}:
        return Relation("not-above", [])
    between = chain[[j.pk for j in chain].index(above.pk) + 1 :][::-1]  # nearest first
    return Relation("parent" if not between else "skipped", between)


def decide_coverage(section: Section, lower: Plan, *, status: str, actor, note: str = ""):
    """Record a curator's decision on ``section`` (of the upper plan) for ``lower``."""
    if status not in CoverageDecision.Status.values:
        raise ReportError(_("未知的判断：请用 covered、missing 或 cleared。"))
    if section.plan_id == lower.pk:
        raise ReportError(_("条目和下级规划属于同一份规划：请选上级规划的条目。"))
    with transaction.atomic():
        return CoverageDecision.objects.create(
            section=section, lower=lower, status=status, note=note.strip(), actor=actor
        )


def _sections(upper: Plan, lower: Plan) -> dict[int, Section]:
    plans = {upper.pk: upper, lower.pk: lower}
    found = {}
    # body_tokens too: the pair's own alignment (_links) reads them.
    for s in Section.objects.filter(plan__in=plans).order_by("plan_id", "order"):
        s.plan = plans[s.plan_id]  # URLs need the slug: no query each
        found[s.pk] = s
    return found


def _pure(s: Section) -> CoverSection:
    vectors = from_bytes(s.meaning)
    return CoverSection(
        s.pk,
        s.parent_id,
        s.order,
        s.depth,
        s.kind,
        s.label,
        s.title_simplified,
        s.body_simplified,
        tuple(s.title_tokens.split()),
        vectors[1] if vectors else None,
        title_meaning=vectors[0] if vectors else None,
        sentences=sentences_from_bytes(s.sentence_meaning, len(sentences(s.body_simplified))),
    )


def _links(upper: Plan, lower: Plan, sections: dict[int, Section]) -> list[CoverLink]:
    """The links the verdicts read: people's (confirmed or added) as stored, then the engine's
    on the two plans alone, weighed by their own texts, never proposing a rejected pair."""
    rows = SectionLink.objects.for_pair(upper, lower).values_list(
        "left_id", "right_id", "left__plan_id", "score", "status", "evidence"
    )
    found, rejected = [], []
    for left, right, left_plan, score, status, evidence in rows:
        up, low = (left, right) if left_plan == upper.pk else (right, left)
        if status == SectionLink.Status.REJECTED:
            rejected.append((up, low))
        elif status in SectionLink.HUMAN:
            shared, content = _meaning_evidence(evidence)
            found.append(CoverLink(up, low, score, True, shared, content))
    decided = {(link.upper, link.lower) for link in found} | set(rejected)
    for link in _pair_alignment(upper, lower, sections, rejected):
        on_top = sections[link.left].plan_id == upper.pk
        up, low = (link.left, link.right) if on_top else (link.right, link.left)
        if (up, low) not in decided:
            shared, content = _meaning_evidence(link.evidence)
            found.append(CoverLink(up, low, link.score, False, shared, content))
    return found


# The pair's own alignment is the report's costliest step (0.1-0.3 s) and changes only with what
# alignment_version follows (runs, which store the vectors; curation; imports): kept per process
# like the comparisons, so the page, its exports, the evolution report and the API align once.
_aligned: TTLCache = TTLCache(maxsize=32, ttl=KEEP_SECONDS)
_aligned_lock = threading.Lock()


def _pair_alignment(upper: Plan, lower: Plan, sections: dict[int, Section], rejected):
    """The engine's links between the two plans aligned alone (its term statistics from their
    own sections), with the sections' stored meaning vectors as the stored run had them."""
    key = (alignment_version(), upper.pk, lower.pk, tuple(sorted(rejected)))
    with _aligned_lock:
        kept = _aligned.get(key)
    if kept is None:
        kept = _aligned_pair(upper, lower, sections, rejected)
        with _aligned_lock:
            _aligned[key] = kept
    return kept


def forget_alignments() -> None:
    """Drop every kept pair alignment (tests: ids repeat across rolled-back tests)."""
    with _aligned_lock:
        _aligned.clear()


def _aligned_pair(upper: Plan, lower: Plan, sections: dict[int, Section], rejected) -> list:
    plans = []
    for plan in (upper, lower):
        rows = [s for s in sections.values() if s.plan_id == plan.pk]
        plans.append(
            [engine_section(plan.slug, [getattr(s, c) for c in COLUMNS], s.meaning) for s in rows]
        )
    if not all(plans):
        return []
    return align(plans, exclude=rejected).links


def _meaning_evidence(evidence) -> tuple[tuple[str, ...], float]:
    """The engine's topic words both texts use, and their content similarity, from a link's
    evidence (a stored link's may be empty or, from an old run, malformed)."""
    evidence = evidence or {}
    shared = tuple(evidence.get("shared") or ())
    try:
        content = float(evidence.get("content") or 0.0)
    except (TypeError, ValueError):
        content = 0.0
    return shared, content


def _decisions(upper: Plan, lower: Plan) -> dict[int, CoverageDecision]:
    """The decision in force for each item: the latest, unless it cleared an earlier one."""
    latest: dict[int, CoverageDecision] = {}
    for d in CoverageDecision.objects.filter(lower=lower, section__plan=upper).order_by("at", "id"):
        latest[d.section_id] = d
    return {pk: d for pk, d in latest.items() if d.status != CoverageDecision.Status.CLEARED}


def _history(upper: Plan, lower: Plan) -> list[CoverageDecision]:
    return list(
        CoverageDecision.objects.filter(lower=lower, section__plan=upper)
        .select_related("actor", "section")
        .order_by("-at", "-id")[:50]
    )


def _rows(coverage: Coverage, sections, targets: list[TargetRow]) -> list[Row]:
    by_section: dict[int, list[TargetPair]] = {}
    for row in targets:
        for t in row.upper:
            by_section.setdefault(t.section_id, []).append(row.pair)
    rows = []
    for item in coverage.items:
        counterparts = [(sections[link.lower], link.score, link.human) for link in item.links]
        mention = sections[item.mention[0]] if item.mention else None
        seen = []
        for pair in by_section.get(item.section.id, []):
            if pair not in seen:
                seen.append(pair)
        chapter = sections.get(item.chapter) if item.chapter else None
        evidence = [(sections[e.section], e) for e in item.evidence]
        rows.append(
            Row(
                item,
                sections[item.section.id],
                counterparts,
                mention,
                seen,
                chapter,
                evidence,
                sections_by_id=sections,
            )
        )
    return rows


def _chapter_rows(coverage: Coverage, sections, came_first: bool = False) -> list[ChapterRow]:
    plot = BAR_WIDTH - BAR_NAMES - 90
    rows = []
    for i, chapter in enumerate(coverage.chapters):
        section = sections[chapter.section.id] if chapter.section else None
        label = (section.heading if section else _("其他")) or ""
        x, segments = float(BAR_NAMES), []
        for status in STATUSES:
            count = chapter.counts[status]
            width = round(plot * count / chapter.total, 1) if chapter.total else 0.0
            segments.append((status, round(x, 1), width, count))
            x += width
        if came_first:  # what a plan issued first had, in the words of its badges
            summary = _("%(covered)d 已有，%(partly)d 部分已有，%(missing)d 未涉及")
        else:
            summary = _("%(covered)d 已落实，%(partly)d 部分落实，%(missing)d 未体现")
        summary %= chapter.counts
        y = BAR_GAP + i * (BAR_HEIGHT + BAR_GAP)
        bar = Bar(label[:16] + ("…" if len(label) > 16 else ""), y, segments, summary)
        rows.append(ChapterRow(section, chapter.counts, chapter.total, bar))
    return rows


def _target_rows(upper: Plan, lower: Plan, sections) -> list[TargetRow]:
    stored = list(Target.objects.filter(section__plan__in=[upper, lower]).order_by("order", "id"))
    facts: dict[int, TargetFact] = {}
    for t in stored:
        t.section = sections[t.section_id]
        t.shown = shown_value(t)
        t.reading = read_target(fact := target_fact(t))
        facts[t.pk] = fact
    by_id = {t.pk: t for t in stored}
    upper_facts = [facts[t.pk] for t in stored if t.section.plan_id == upper.pk]
    lower_facts = [facts[t.pk] for t in stored if t.section.plan_id == lower.pk]
    return [
        TargetRow(pair, [by_id[f.id] for f in pair.upper], [by_id[f.id] for f in pair.lower])
        for pair in pair_targets(upper_facts, lower_facts)
    ]
