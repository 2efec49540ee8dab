"""Which candidate pairs become links.

A pair is kept when its probability clears the threshold and is close to the best of both of its
sections: plans reorder and regroup topics, so links run in any order and one section may link to
several that split its topic. A section inside a linked one takes the link when it matches about
as well (the item is the counterpart; the chapter only contains it), and a section never competes
with its own child for one counterpart.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping

from compare.alignment.calibration import BANDS
from compare.alignment.candidates import Profile
from compare.alignment.scoring import FEATURES, Candidate, Features

# A link at least this likely (the "likely" band) stands even beside its section's parent or
# child linked to the same counterpart, or when a section inside it matches as well: the item is
# a counterpart, and so is the chapter.
SURE = BANDS[0][0]
_BEST_RATIO, _BEST_RATIO_SQUARED, _MUTUAL = map(
    FEATURES.index, ("best_ratio", "best_ratio_squared", "mutual")
)


def dominated(
    found: Mapping[tuple[int, int], Candidate],
    left: dict[int, Profile],
    right: dict[int, Profile],
    ratio: float,
) -> set[tuple[int, int]]:
    """Pairs whose link is better made by a section inside one of them."""
    out: set[tuple[int, int]] = set()
    if not ratio:
        return out
    base = {pair: cand.base for pair, cand in found.items()}
    # Each section's ancestors once, not once for every pair it is in.
    above_a = {a: tuple(_ancestors(a, left)) for a, _ in base}
    above_b = {b: tuple(_ancestors(b, right)) for _, b in base}
    get = base.get
    for (a, b), score in base.items():
        for ancestor in above_a[a]:
            if score >= ratio * get((ancestor, b), math.inf):
                out.add((ancestor, b))
        for ancestor in above_b[b]:
            if score >= ratio * get((a, ancestor), math.inf):
                out.add((a, ancestor))
    return out


def _ancestors(sid: int, profiles: dict[int, Profile]):
    ancestor = profiles[sid].parent
    while ancestor is not None and ancestor in profiles:
        yield ancestor
        ancestor = profiles[ancestor].parent


def rank(found: Mapping[tuple[int, int], Candidate], skip: set[tuple[int, int]]) -> None:
    """Each pair's standing among its sections' candidates: the share of the best raw score
    of either side it reaches, and whether it is the best of both."""
    best_left: dict[int, float] = defaultdict(float)
    best_right: dict[int, float] = defaultdict(float)
    for (a, b), cand in found.items():
        if (a, b) not in skip:
            best_left[a] = max(best_left[a], cand.raw)
            best_right[b] = max(best_right[b], cand.raw)
    for (a, b), cand in found.items():
        left_best, right_best, raw = best_left[a], best_right[b], cand.raw
        top = max(left_best, right_best, 1e-9)
        low = min(left_best or top, right_best or top)
        ratio = min(raw / top, raw / max(low, 1e-9), 1.0)
        mutual = raw >= left_best - 1e-12 and raw >= right_best - 1e-12
        # With its square: a pair well below its sections' best is far less likely than the
        # ratio alone says (the logistic model is linear in its features).
        features = cand.features
        if isinstance(features, Features):  # straight into its array (scoring's candidates)
            values = features.values
            values[_BEST_RATIO] = ratio
            values[_BEST_RATIO_SQUARED] = ratio * ratio
            values[_MUTUAL] = 1.0 if mutual else 0.0
        else:
            features["best_ratio"] = ratio
            features["best_ratio_squared"] = ratio * ratio
            features["mutual"] = 1.0 if mutual else 0.0


def ruled_out(
    found: Mapping[tuple[int, int], Candidate], excluded: set[frozenset[int]] = frozenset()
) -> set[tuple[int, int]]:
    """Pairs that never become links, whatever their probability: rejected by a person, or
    sharing no topic."""
    skip = {pair for pair in found if frozenset(pair) in excluded}
    # Sections that share no topic word or concept are not counterparts, however alike their
    # formula (政务服务能力大幅提升 / 数据资源利用大幅提升).
    skip |= {pair for pair, cand in found.items() if cand.features.get("topic", 0.0) <= 0.0}
    skip |= {pair for pair, cand in found.items() if cand.apart}
    return skip


def likely(
    found: Mapping[tuple[int, int], Candidate],
    left: dict[int, Profile],
    right: dict[int, Profile],
    probability: Callable[[Mapping[str, float]], float],
    *,
    specific: float,
    excluded: set[frozenset[int]],
) -> dict[tuple[int, int], float]:
    """The probability of every pair that may become a link (not ruled out, and not better made
    by a section inside it unless likely on its own)."""
    others = ruled_out(found, excluded)
    inside = dominated(found, left, right, specific) - others
    skip = others | inside
    rank(found, skip)
    scored = {pair: probability(cand.features) for pair, cand in found.items() if pair not in skip}
    # A pair better made by a section inside it still stands when it is likely on its own.
    for pair in inside:
        p = probability(found[pair].features)
        if p >= SURE:
            scored[pair] = p
    return scored


def keep(
    scored: Mapping[tuple[int, int], float],
    left: dict[int, Profile],
    right: dict[int, Profile],
    *,
    threshold: float,
    near_best: float,
    nested: bool = True,
) -> dict[tuple[int, int], float]:
    """Of ``likely``'s pairs, those that become links."""
    best_left: dict[int, float] = defaultdict(float)
    best_right: dict[int, float] = defaultdict(float)
    for (a, b), p in scored.items():
        best_left[a] = max(best_left[a], p)
        best_right[b] = max(best_right[b], p)
    kept = {
        pair: p
        for pair, p in scored.items()
        if p >= threshold
        and p >= near_best * best_left[pair[0]]
        and p >= near_best * best_right[pair[1]]
    }
    if nested:
        kept = _without_nested(kept, left, right)
    return kept


def _without_nested(
    kept: dict[tuple[int, int], float], left: dict[int, Profile], right: dict[int, Profile]
) -> dict[tuple[int, int], float]:
    """Of a section and its own descendant linked to one counterpart, one link stays: the one
    whose two ends sit at more alike levels (a chapter pairs with a chapter, an item with an
    item), else the likelier; but a link that is itself likely (SURE) is never dropped."""

    def fit(pair: tuple[int, int]) -> tuple[int, float]:
        return (-abs(left[pair[0]].level - right[pair[1]].level), kept[pair])

    def compete(one: tuple[int, int], other: tuple[int, int]) -> None:
        loser = min(one, other, key=fit)
        if kept[loser] < SURE:
            drop.add(loser)

    drop: set[tuple[int, int]] = set()
    for a, b in kept:
        for ancestor in _ancestors(a, left):
            if (ancestor, b) in kept:
                compete((a, b), (ancestor, b))
        for ancestor in _ancestors(b, right):
            if (a, ancestor) in kept:
                compete((a, b), (a, ancestor))
    return {pair: p for pair, p in kept.items() if pair not in drop}
