"""Narrowing a comparison: the filters a reader sets, and a topic's words (which rows mention
them, and where the topic sits in each plan)."""

from __future__ import annotations

from collections import Counter

from compare.lib.topic import mentions_all, mentions_any, searchable
from compare.reading.values import Filters, RowView, TopicChapter, TopicPlaces
from plans.models import Section


def keep(row: RowView, filters: Filters) -> bool:
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


def on_topic(row: RowView, terms: tuple[str, ...]) -> bool:
    """Every term somewhere in the row: in any plan's section, title or text."""
    return mentions_all([_searchable(v.section) for c in row.cells for v in c.sections], terms)


def _searchable(section: Section) -> str:
    # The space stands between title and text, as in the site's search: no word holds one.
    return searchable(f"{section.title_simplified} {section.body_simplified}")


def topic(plans, topical, kept, terms, root_of, by_id) -> list[TopicPlaces]:
    """Per plan and chapter, the sections of the topic's rows that mention one of its words."""
    shown = {r.anchor for r in kept}
    counts: list[Counter] = [Counter() for _ in plans]
    anchors: list[dict[int, str]] = [{} for _ in plans]
    for row in topical:
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
