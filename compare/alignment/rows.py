"""Rows of counterparts across plans: every section of every plan placed once, in reading order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from compare.alignment.model import AlignSection, Link

# A counterpart whose link is this close to a section's best is as much its counterpart: the
# section may sit in that counterpart's row when more of its counterparts are gathered there.
NEAR_BEST = 0.1
_PASSES = 5


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
    the row of its best-linked section that has a row; then it moves to the row that gathers
    more of its counterparts, among those linked nearly as well as its best. A first-plan
    section whose counterparts all sit in the row of the section just before or after it (its
    sibling, parent or first child) joins that row, so the first column still reads in the
    document's order. Linked sections with no first-plan counterpart share a row; a section
    with no counterpart gets a row of its own right after the row of the section before it in
    its plan ("only in X"). A link whose two sections end in different rows is an ``also``.
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
    # Rows are keyed by the id of the section that opened them; row_of maps a section to it.
    row_of = {s.id: s.id for s in plans[0]}
    others = [s for plan in plans[1:] for s in plan]
    _join_first_plan(others, neighbours, by_id, anchor_plan, row_of)
    _gather(others, neighbours, row_of)
    _merge_neighbours(plans[0], neighbours, row_of)
    extra = _rows_apart(plans[1:], neighbours, row_of)
    members: dict[int, list[int]] = defaultdict(list)
    for sid, key in row_of.items():
        members[key].append(sid)
    ordered: list[int] = []
    # Each row, then the rows placed after it (and theirs): depth first, without recursion
    # (a long plan's unmatched sections follow one another).
    stack = [s.id for s in reversed(plans[0]) if row_of[s.id] == s.id]
    stack.extend(reversed(extra.get(None, [])))
    while stack:
        key = stack.pop()
        ordered.append(key)
        stack.extend(reversed(extra.get(key, [])))
    order = {plan[0].plan: i for i, plan in enumerate(plans) if plan}

    def arranged(ids: Iterable[int]) -> dict[str, list[int]]:
        groups: dict[str, list[int]] = defaultdict(list)
        for sid in ids:
            groups[by_id[sid].plan].append(sid)
        return {
            p: sorted(groups[p], key=lambda sid: by_id[sid].order)
            for p in sorted(groups, key=order.__getitem__)
        }

    result = []
    for key in ordered:
        inside = set(members[key])
        also = {o for sid in inside for _, o in neighbours[sid] if o not in inside}
        result.append(Row(sections=arranged(inside), also=arranged(also)))
    return result


def _join_first_plan(others, neighbours, by_id, anchor_plan, row_of) -> None:
    """Others join through their best link to the first plan, then through placed links."""
    for s in others:
        anchor = next((o for _, o in neighbours[s.id] if by_id[o].plan == anchor_plan), None)
        if anchor is not None:
            row_of[s.id] = row_of[anchor]
    changed = True
    while changed:
        changed = False
        for s in others:
            if s.id in row_of:
                continue
            placed = next((o for _, o in neighbours[s.id] if o in row_of), None)
            if placed is not None:
                row_of[s.id] = row_of[placed]
                changed = True


def _gather(others, neighbours, row_of) -> None:
    """A placed section moves to the row holding more of its near-best counterparts.

    A few passes: a move can change what a counterpart's own row holds.
    """
    for _ in range(_PASSES):
        changed = False
        for s in others:
            if s.id not in row_of or not neighbours[s.id]:
                continue
            best = neighbours[s.id][0][0]
            tally: dict[int, list[float]] = defaultdict(list)
            for score, other in neighbours[s.id]:
                if other in row_of and score >= best - NEAR_BEST:
                    tally[row_of[other]].append(score)
            here = row_of[s.id]
            held = tally.get(here, [])
            count, _, key = max((len(v), sum(v), -k) for k, v in tally.items())
            if count > len(held):
                row_of[s.id] = -key
                changed = True
        if not changed:
            return


def _merge_neighbours(first_plan, neighbours, row_of) -> None:
    """A first-plan section alone in its row, whose counterparts all sit in the row of the
    section just before or after it (sibling, parent or first child), joins that row."""
    held: dict[int, int] = defaultdict(int)
    for key in row_of.values():
        held[key] += 1
    for index, s in enumerate(first_plan):
        if held[row_of[s.id]] != 1 or not neighbours[s.id]:
            continue
        rows = {row_of.get(o) for _, o in neighbours[s.id]}
        if len(rows) != 1 or None in rows:
            continue
        (target,) = rows
        beside = [first_plan[i] for i in (index - 1, index + 1) if 0 <= i < len(first_plan)]
        if any(row_of[b.id] == target and _one_family(s, b) for b in beside):
            held[row_of[s.id]] -= 1
            row_of[s.id] = target
            held[target] += 1


def _one_family(s: AlignSection, other: AlignSection) -> bool:
    """Items of one parent, or a parent and its child: never two chapters in one row (a
    chapter filter reads a row's chapter from its first section)."""
    siblings = s.parent is not None and s.parent == other.parent
    return siblings or s.parent == other.id or other.parent == s.id


def _rows_apart(plans, neighbours, row_of) -> dict[int | None, list[int]]:
    """Rows for sections no first-plan row holds, after the row of the section before them in
    their plan (None: before every row). Such sections linked to each other share a row."""
    extra: dict[int | None, list[int]] = defaultdict(list)
    for plan in plans:
        previous = None
        for s in plan:
            if s.id in row_of:
                previous = row_of[s.id]
                continue
            row_of[s.id] = s.id
            extra[previous].append(s.id)
            stack = [s.id]
            while stack:  # its unplaced counterparts, and theirs, join its row
                for _, other in neighbours[stack.pop()]:
                    if other not in row_of:
                        row_of[other] = s.id
                        stack.append(other)
            previous = s.id
    return extra
