"""Rows of counterparts across plans: every section of every plan placed once, in reading order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from compare.alignment.model import AlignSection, Link


@dataclass
class Row:
    """Counterpart sections side by side: ``sections`` by plan key, each section in one row only.

    ``also`` holds sections linked to this row's sections that are placed in another row (a
    section one plan splits over two topics), so a reader sees them here too.
    """

    sections: dict[str, list[int]]
    also: dict[str, list[int]] = field(default_factory=dict)

    @property
    def unique(self) -> bool:
        return len(self.sections) == 1 and not self.also


def rows_for(plans: Sequence[Sequence[AlignSection]], links: Iterable[Link]) -> list[Row]:
    """Every section of every plan placed in rows of counterparts, in the first plan's order.

    A section of another plan joins the row of the first-plan section it links to best, else
    the row of its best-linked section that has a row; a section with no counterpart gets a
    row of its own right after the row of the section before it in its plan ("only in X").
    """
    if not plans or not plans[0]:
        return []
    anchor_plan = plans[0][0].plan
    by_id = {s.id: s for plan in plans for s in plan}
    neighbours: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for link in links:
        if link.left in by_id and link.right in by_id:
            neighbours[link.left].append((link.score, link.right))
            neighbours[link.right].append((link.score, link.left))
    for entries in neighbours.values():
        entries.sort(key=lambda entry: (-entry[0], by_id[entry[1]].order))
    rows: list[dict[str, list[int]]] = []
    row_of: dict[int, int] = {}
    for s in plans[0]:
        row_of[s.id] = len(rows)
        rows.append({anchor_plan: [s.id]})
    # Others join through their best link to the first plan, then through already placed links.
    pending = [s for plan in plans[1:] for s in plan]
    for s in pending:
        anchor = next((o for _, o in neighbours[s.id] if by_id[o].plan == anchor_plan), None)
        if anchor is not None:
            row_of[s.id] = row_of[anchor]
    changed = True
    while changed:
        changed = False
        for s in pending:
            if s.id in row_of:
                continue
            placed = next((o for _, o in neighbours[s.id] if o in row_of), None)
            if placed is not None:
                row_of[s.id] = row_of[placed]
                changed = True
    # Sections with no counterpart: a row after the row of the previous section of their plan.
    extra: dict[int, list[dict[str, list[int]]]] = defaultdict(list)
    for plan in plans[1:]:
        previous_row = -1
        for s in plan:
            if s.id in row_of:
                previous_row = row_of[s.id]
                continue
            extra[previous_row].append({s.plan: [s.id]})
    for s in pending:
        if s.id in row_of:
            rows[row_of[s.id]].setdefault(s.plan, []).append(s.id)
    ordered = list(extra.get(-1, []))
    for index, row in enumerate(rows):
        ordered.append(row)
        ordered.extend(extra.get(index, []))
    order = {plan[0].plan: i for i, plan in enumerate(plans) if plan}

    def arranged(groups: dict[str, list[int]]) -> dict[str, list[int]]:
        return {
            p: sorted(ids, key=lambda sid: by_id[sid].order)
            for p, ids in sorted(groups.items(), key=lambda item: order[item[0]])
            if ids
        }

    result = []
    for row in ordered:
        members = {sid for ids in row.values() for sid in ids}
        also: dict[str, list[int]] = defaultdict(list)
        for sid in sorted(members):
            for _, other in neighbours[sid]:
                if other not in members and other not in also[by_id[other].plan]:
                    also[by_id[other].plan].append(other)
        result.append(Row(sections=arranged(row), also=arranged(also)))
    return result
