"""build_comparison: the rows a reader sees for a set of plans, from the stored (curated) links.

Reads only. The stages, a module each: ``placing`` (sections and links in rows, by
``compare.alignment.rows_for``), ``narrowing`` (filters and a topic), ``summarising`` (per-plan
summaries, chapter coverage, outline) and ``presenting`` (marks, and redline where asked for or
near-identical, for the rows a reader will see); what they fill is in ``values``, whose names
are importable from here as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from compare.reading.narrowing import keep, on_topic, topic
from compare.reading.placing import SECTION_FIELDS, placed, row_views
from compare.reading.presenting import MODES, NEAR_IDENTICAL, common_terms, present
from compare.reading.summarising import chapters_of, coverage, outline, summaries
from compare.reading.values import (
    LONG_TEXT,
    Cell,
    Comparison,
    Coverage,
    Filters,
    LinkInfo,
    OutlineEntry,
    PlanSummary,
    Rejection,
    RowView,
    SectionView,
    TopicChapter,
    TopicPlaces,
    row_anchor,
)
from plans.models import Plan, Section

__all__ = [
    "LONG_TEXT",
    "MODES",
    "NEAR_IDENTICAL",
    "Cell",
    "Comparison",
    "Coverage",
    "Filters",
    "LinkInfo",
    "OutlineEntry",
    "PlanSummary",
    "Rejection",
    "RowView",
    "SectionView",
    "TopicChapter",
    "TopicPlaces",
    "build_comparison",
    "row_groups",
]


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
        Section.objects.filter(plan__in=plans).order_by("plan_id", "order").only(*SECTION_FIELDS)
    )
    plan_of = {p.pk: p for p in plans}
    for s in sections:
        s.plan = plan_of[s.plan_id]  # URLs and templates need the plan: no query per section
    by_id = {s.pk: s for s in sections}
    rows, root_of, placed_in = row_views(plans, sections, by_id)
    chapters = chapters_of(plans[0], sections)
    topical, on_it = [], rows
    if filters.terms:
        on_it = [r for r in rows if on_topic(r, filters.terms)]
    kept = [r for r in on_it if keep(r, filters)]
    if filters.terms:
        topical = topic(plans, on_it, kept, filters.terms, root_of, by_id)
    chosen = {row_anchor(anchor, placed_in): how for anchor, how in (row_modes or {}).items()}
    common = common_terms(sections) if kept else None
    for row in kept:  # marks and diffs cost: only for rows a reader will see
        present(row, chosen.get(row.anchor, mode), formula, common)
    return Comparison(
        plans=plans,
        rows=kept,
        total_rows=len(rows),
        summaries=summaries(plans, sections, rows),
        coverage=[c for c in coverage(plans, rows, by_id) if c.chapter in chapters],
        chapters=chapters,
        filters=filters,
        outline=outline(chapters, rows, kept),
        topic=topical,
        placed=placed_in,
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
    _inputs, rows, _info = placed(plans, sections)
    return [[sid for ids in row.sections.values() for sid in ids] for row in rows]
