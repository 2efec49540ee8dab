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

Its stages, one module each: reading.py (the sections and the links the verdicts read, the pair's
own alignment kept per process), decisions.py (curators' decisions: recorded, in force, history),
report.py (what the page shows: rows and their reasons, bars, target rows, labels). Here the
report is put together from them; every name other code imports is re-exported here.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from compare.coverage.covering.decisions import _decisions, _history, decide_coverage
from compare.coverage.covering.reading import _links, _pure, _sections, forget_alignments
from compare.coverage.covering.report import (
    BACKGROUND_LABELS,
    BAR_GAP,
    BAR_HEIGHT,
    BAR_NAMES,
    BAR_WIDTH,
    GROUP_LABELS,
    HAD_LABELS,
    NARROW_COUNTS,
    NARROW_NAME,
    NARROW_WIDTH,
    PATTERNS,
    STATUS_LABELS,
    Bar,
    ChapterRow,
    CoverageReport,
    Relation,
    ReportError,
    Row,
    TargetRow,
)
from compare.lib.coverage import STATUSES, Coverage, Decision, measure_coverage
from plans.goals import baseline_change, shown_value, target_fact
from plans.lib.targets_compared import TargetFact, TargetPair, pair_targets, read_target
from plans.models import Plan, Target

__all__ = [
    "BACKGROUND_LABELS",
    "BAR_GAP",
    "BAR_HEIGHT",
    "BAR_NAMES",
    "BAR_WIDTH",
    "GROUP_LABELS",
    "HAD_LABELS",
    "PATTERNS",
    "STATUS_LABELS",
    "Bar",
    "ChapterRow",
    "CoverageReport",
    "Relation",
    "ReportError",
    "Row",
    "TargetRow",
    "coverage_report",
    "decide_coverage",
    "forget_alignments",
    "relation",
]


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
        narrow_height=len(coverage.chapters) * (NARROW_NAME + BAR_HEIGHT + BAR_GAP) + BAR_GAP,
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
    narrow_plot = NARROW_WIDTH - NARROW_COUNTS - 6
    rows = []
    for i, chapter in enumerate(coverage.chapters):
        section = sections[chapter.section.id] if chapter.section else None
        label = (section.heading if section else _("其他")) or ""
        segments = _segments(chapter, start=BAR_NAMES, plot=plot)
        if came_first:  # what a plan issued first had, in the words of its badges
            summary = _("%(covered)d 已有，%(partly)d 部分已有，%(missing)d 未涉及")
        else:
            summary = _("%(covered)d 已落实，%(partly)d 部分落实，%(missing)d 未体现")
        summary %= chapter.counts
        y = BAR_GAP + i * (BAR_HEIGHT + BAR_GAP)
        bar = Bar(label[:16] + ("…" if len(label) > 16 else ""), y, segments, summary)
        bar.narrow_y = BAR_GAP + NARROW_NAME + i * (NARROW_NAME + BAR_HEIGHT + BAR_GAP)
        bar.narrow_segments = _segments(chapter, start=0, plot=narrow_plot)
        rows.append(ChapterRow(section, chapter.counts, chapter.total, bar))
    return rows


def _segments(chapter, *, start: float, plot: float) -> list[tuple[str, float, float, int]]:
    """A chapter's bar from ``start``, ``plot`` wide: (status, x, width, count) per status."""
    x, segments = float(start), []
    for status in STATUSES:
        count = chapter.counts[status]
        width = round(plot * count / chapter.total, 1) if chapter.total else 0.0
        segments.append((status, round(x, 1), width, count))
        x += width
    return segments


def _target_rows(upper: Plan, lower: Plan, sections) -> list[TargetRow]:
    stored = list(Target.objects.filter(section__plan__in=[upper, lower]).order_by("order", "id"))
    facts: dict[int, TargetFact] = {}
    for t in stored:
        t.section = sections[t.section_id]
        t.shown = shown_value(t)
        t.change = baseline_change(t)  # as the exports and the goals tab say it
        t.reading = read_target(fact := target_fact(t))
        facts[t.pk] = fact
    by_id = {t.pk: t for t in stored}
    upper_facts = [facts[t.pk] for t in stored if t.section.plan_id == upper.pk]
    lower_facts = [facts[t.pk] for t in stored if t.section.plan_id == lower.pk]
    return [
        TargetRow(pair, [by_id[f.id] for f in pair.upper], [by_id[f.id] for f in pair.lower])
        for pair in pair_targets(upper_facts, lower_facts)
    ]
