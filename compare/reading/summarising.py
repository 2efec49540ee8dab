"""Summing a comparison up: each plan's matched and unique sections, how much of each first-plan
chapter the other plans cover, and the outline of chapters above the rows."""

from __future__ import annotations

from collections import Counter, defaultdict

from compare.reading.values import Coverage, OutlineEntry, PlanSummary, RowView
from plans.models import Section


def chapters_of(first, sections: list[Section]) -> list[Section]:
    """The first plan's chapters (root sections), for the chapter filter and the outline."""
    parents = {s.parent_id for s in sections}
    return [  # an empty attachment heading is not a chapter
        s
        for s in sections
        if s.plan_id == first.pk and s.parent_id is None and (s.body or s.pk in parents)
    ]


def summaries(plans, sections, rows) -> list[PlanSummary]:
    totals = Counter(s.plan_id for s in sections)
    matched: Counter[int] = Counter()
    for row in rows:
        if row.unique:
            continue
        for cell in row.cells:
            matched[cell.plan.pk] += len(cell.sections)
    return [PlanSummary(plan=p, sections=totals[p.pk], matched=matched[p.pk]) for p in plans]


def outline(chapters, rows, kept) -> list[OutlineEntry]:
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


def coverage(plans, rows, by_id) -> list[Coverage]:
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
