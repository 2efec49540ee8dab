"""Counterpart groups across the plans of one alignment (pure Python).

Pairwise selection keeps, of a section's counterparts in another plan, those near its best; when
three or more plans are aligned together, a counterpart it misses often sits in the same group
as its counterparts in the other plans. Groups grow only from pairs that are the likeliest of
both their sections (mutual best in probability): a pair below its sections' best never pulls
two groups together, so a plan's sibling sections stay apart. A join is refused when the joined
group would hold more than ``cap`` sections of one plan, or when the candidates across the two
groups are on average less than ``support`` likely; a pair of sections that is no candidate at
all says nothing either way and is not counted. Pairs of one group are then linked beside the
pairwise selection (``group_links``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence


def counterpart_groups(
    scored: Sequence[Mapping[tuple[int, int], float]],
    plan_of: Mapping[int, Hashable],
    *,
    threshold: float,
    cap: int,
    support: float,
) -> dict[int, int]:
    """Each grouped section's group (a section id standing for it), from ``scored``: for each
    pair of plans, the probability of every pair of sections that may become a link."""
    p_of: dict[tuple[int, int], float] = {}
    joins = []
    for probabilities in scored:
        for (a, b), p in probabilities.items():
            p_of[(a, b)] = p_of[(b, a)] = p
        joins += [(p, a, b) for (a, b), p in _mutually_best(probabilities) if p >= threshold]
    joins.sort(key=lambda join: (-join[0], join[1], join[2]))
    group: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    for _, a, b in joins:
        ga, gb = group.setdefault(a, a), group.setdefault(b, b)
        members.setdefault(ga, [a])
        members.setdefault(gb, [b])
        if ga == gb:
            continue
        joined = members[ga] + members[gb]
        if max(Counter(plan_of[s] for s in joined).values()) > cap:
            continue
        across = [
            p_of[(x, y)]
            for x in members[ga]
            for y in members[gb]
            if plan_of[x] != plan_of[y] and (x, y) in p_of
        ]
        if across and sum(across) / len(across) < support:
            continue
        for s in members[gb]:
            group[s] = ga
        members[ga] = joined
        del members[gb]
    return group


def same_group(group: Mapping[int, int], a: int, b: int) -> bool:
    """Whether two sections were put in one group."""
    return a in group and b in group and group[a] == group[b]


def group_links(
    scored: Mapping[tuple[int, int], float],
    group: Mapping[int, int],
    *,
    floor: float,
    mutual_floor: float,
) -> dict[tuple[int, int], float]:
    """The pairs of one pair of plans (``scored``: the probability of each pair that may become
    a link) whose sections share a group and that are likely enough: at ``floor``, or at
    ``mutual_floor`` when each end is, of its group's sections in its plan, the likeliest for
    the other."""
    together = {pair: p for pair, p in scored.items() if same_group(group, *pair)}
    mutual = {pair for pair, _ in _mutually_best(together)}
    return {
        pair: p
        for pair, p in together.items()
        if p >= floor or (p >= mutual_floor and pair in mutual)
    }


def _mutually_best(
    scored: Mapping[tuple[int, int], float],
) -> list[tuple[tuple[int, int], float]]:
    """The pairs of ``scored`` that are the likeliest of both their sections, in its order."""
    best_left: dict[int, float] = defaultdict(float)
    best_right: dict[int, float] = defaultdict(float)
    for (a, b), p in scored.items():
        best_left[a] = max(best_left[a], p)
        best_right[b] = max(best_right[b], p)
    return [
        ((a, b), p)
        for (a, b), p in scored.items()
        if p >= best_left[a] - 1e-12 and p >= best_right[b] - 1e-12
    ]
