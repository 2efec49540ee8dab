"""What is known of a candidate pair: similarities, structure and role, as named features.

The raw score mixes title and content similarity, damped when the two differ much in size and
when they sit in different parts of their plans, and raised when their parents (or children) are
counterparts too. The features beside it are what calibration turns into a probability.
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from compare.alignment.candidates import Profile, stacked
from compare.alignment.roles import secure_alike
from compare.alignment.terms import topic_terms
from compare.alignment.vectors import TERMS, one_blas_thread

FEATURES = (
    "raw",
    "content",
    "title",
    "fuzzy",
    "topic",
    "support",
    "size_gap",
    "same_zone",
    "role",
    "level_gap",
    "best_ratio",
    "mutual",
    "best_ratio_squared",
    "centred",  # meaning with the plans' common directions off, less the best sibling's
)
_PLACE = {name: i for i, name in enumerate(FEATURES)}
_ZEROS = array("d", bytes(8 * len(FEATURES)))
_RAW, _CONTENT, _TITLE, _FUZZY, _TOPIC, _SUPPORT = map(
    _PLACE.get, ("raw", "content", "title", "fuzzy", "topic", "support")
)
_SIZE_GAP, _SAME_ZONE, _ROLE, _LEVEL_GAP = map(
    _PLACE.get, ("size_gap", "same_zone", "role", "level_gap")
)


class Features(MutableMapping):
    """A candidate's features by name (every one of FEATURES, 0 until set), held as one array of
    floats: a long plan has hundreds of thousands of candidates, and a dict each took four
    times the memory."""

    __slots__ = ("values",)

    def __init__(self, given: Mapping[str, float] | None = None) -> None:
        self.values = array("d", _ZEROS)
        for name, value in (given or {}).items():
            self.values[_PLACE[name]] = value

    @classmethod
    def _of(cls, values: array) -> Features:
        """Features over ``values``, already in FEATURES' order (the fast way, for scoring)."""
        made = cls.__new__(cls)
        made.values = values
        return made

    def __getitem__(self, name: str) -> float:
        return self.values[_PLACE[name]]

    def __setitem__(self, name: str, value: float) -> None:
        self.values[_PLACE[name]] = value

    def __delitem__(self, name: str) -> None:
        raise TypeError("a candidate's features cannot be removed")

    def get(self, name: str, default: float | None = None) -> float | None:
        place = _PLACE.get(name)
        return default if place is None else self.values[place]

    def __iter__(self) -> Iterator[str]:
        return iter(FEATURES)

    def __len__(self) -> int:
        return len(FEATURES)

    def __repr__(self) -> str:
        return f"Features({dict(self)})"


@dataclass(slots=True)
class Candidate:
    left: int
    right: int
    base: float  # before structure
    raw: float  # with structure
    features: MutableMapping[str, float] = field(default_factory=Features)
    # Two goals whose headlines name different topics (政务服务能力大幅提升 / 数据资源利用大幅
    # 提升): what they share below the headline is figures and wording, not the goal.
    apart: bool = False
    # Proposed by meaning alone (no shared term brought it): calibration is not fitted on such
    # pairs, so one must pass the model on what it shares in words, like any other.
    by_meaning: bool = False
    meaning: float = 0.0  # the similarity in meaning that proposed it (when by_meaning)


def score_pairs(
    left: dict[int, Profile],
    right: dict[int, Profile],
    pairs: Iterable[tuple[int, int]],
    *,
    title_weight: float,
    size_penalty: float,
    cross_zone: float,
    structure_bonus: float,
    child_support: float,
) -> dict[tuple[int, int], Candidate]:
    found: dict[tuple[int, int], Candidate] = {}
    pairs = list(pairs)
    content, topic, title = _similarities(left, right, pairs)
    log2, zeros, of = math.log2, _ZEROS, Features._of
    for (a_id, b_id), c, t, shared_topic in zip(pairs, content, title, topic, strict=True):
        a, b = left[a_id], right[b_id]
        gap = abs(log2((a.size + 20) / (b.size + 20)))
        same_zone = a.zone == b.zone or secure_alike(a, b)
        base = (title_weight * t + (1 - title_weight) * c) * max(0.3, 1.0 - size_penalty * gap)
        base *= 1.0 if same_zone else cross_zone
        values = array("d", zeros)
        values[_CONTENT] = c
        values[_TITLE] = t
        values[_FUZZY] = _fuzzy(a, b)
        values[_TOPIC] = shared_topic
        values[_SIZE_GAP] = min(gap, 6.0)
        values[_SAME_ZONE] = 1.0 if same_zone else 0.0
        values[_ROLE] = _role(a, b)
        values[_LEVEL_GAP] = float(min(abs(a.level - b.level), 3))
        found[(a_id, b_id)] = Candidate(
            a_id, b_id, base, base, of(values), apart=_goals_apart(a, b)
        )
    # Structure: parents that are counterparts, and children that are (the best child pair).
    below: dict[tuple[int, int], float] = defaultdict(float)
    parents = {pair: (left[pair[0]].parent, right[pair[1]].parent) for pair in found}
    for pair, cand in found.items():
        pa, pb = parents[pair]
        if pa is not None and pb is not None:
            below[(pa, pb)] = max(below[(pa, pb)], cand.base)
    for (a_id, b_id), cand in found.items():
        pa, pb = parents[(a_id, b_id)]
        parent = found.get((pa, pb)) if pa is not None and pb is not None else None
        support = max(parent.base if parent else 0.0, child_support * below.get((a_id, b_id), 0))
        cand.raw = cand.base + structure_bonus * support
        values = cand.features.values
        values[_SUPPORT] = support
        values[_RAW] = cand.raw
    return found


def _fuzzy(a: Profile, b: Profile) -> float:
    """How alike the two titles read once formula is set aside (rapidfuzz on short strings)."""
    ta, tb = a.topic_title, b.topic_title
    if not ta or not tb:
        return 0.0
    return fuzz.ratio(ta, tb) / 100.0


# Above this many matrix cells the similarities are summed term by term instead.
_DENSE_CELLS = 4_000_000


def _similarities(
    left: dict[int, Profile], right: dict[int, Profile], pairs: list[tuple[int, int]]
) -> tuple[list[float], list[float], list[float]]:
    """Content similarity of each pair, the part of it carried by topic words, concepts and
    thesaurus groups alone, and title similarity, as lists in the order of ``pairs``.

    Both plans' vectors are laid out over the terms they share (a term in one plan only adds
    nothing), so every pair's dot product comes from one matrix product.
    """
    if not pairs:
        return [], [], []
    rows_a = sorted({a for a, _ in pairs})
    rows_b = sorted({b for _, b in pairs})
    index_a = {a: i for i, a in enumerate(rows_a)}
    index_b = {b: i for i, b in enumerate(rows_b)}
    ia = np.fromiter((index_a[a] for a, _ in pairs), dtype=np.intp, count=len(pairs))
    ib = np.fromiter((index_b[b] for _, b in pairs), dtype=np.intp, count=len(pairs))
    a_side, b_side = [left[a] for a in rows_a], [right[b] for b in rows_b]
    found = []
    for which, topical in (("content", True), ("title", False)):
        products = _products(a_side, b_side, which, topical)
        if products is None:  # too large for a matrix: pair by pair
            found.extend(_gathered(left, right, pairs, which, topical))
            continue
        for matrix in products:
            found.append(matrix[ia, ib].tolist())
    return found[0], found[1], found[2]


def _products(
    a_side: list[Profile], b_side: list[Profile], which: str, topical: bool
) -> list[np.ndarray] | None:
    """Dot products of every row of ``a_side`` with every row of ``b_side`` (and of their topical
    parts), or None when the matrices would be too large."""
    ids_a, values_a, flags_a, at_a = stacked(a_side, which, topical=topical)
    ids_b, values_b, _, at_b = stacked(b_side, which)
    shared = np.intersect1d(ids_a, ids_b)
    if (len(a_side) + len(b_side)) * len(shared) > _DENSE_CELLS:
        return None
    ma, mb = np.zeros((len(a_side), len(shared))), np.zeros((len(b_side), len(shared)))
    keep = np.isin(ids_a, shared)
    columns = np.searchsorted(shared, ids_a[keep])
    ma[at_a[keep], columns] = values_a[keep]
    keep_b = np.isin(ids_b, shared)
    mb[at_b[keep_b], np.searchsorted(shared, ids_b[keep_b])] = values_b[keep_b]
    with one_blas_thread():
        products = [ma @ mb.T]
        if topical:
            mask = np.zeros(len(shared))
            mask[columns[flags_a[keep]]] = 1.0
            products.append((ma * mask) @ mb.T)
    return products


def _gathered(
    left: dict[int, Profile],
    right: dict[int, Profile],
    pairs: list[tuple[int, int]],
    which: str,
    topical: bool,
) -> list[list[float]]:
    """The same dot products as _products, pair by pair: each left section's vector is spread
    over an array indexed by term number, and each of its partners gathers from it."""
    partners: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for k, (a, b) in enumerate(pairs):
        partners[a].append((k, b))
    ids_of, values_of = which + "_ids", which + "_values"
    spread, spread_topic = np.zeros(len(TERMS)), np.zeros(len(TERMS))  # every numbered term
    full, topic = np.zeros(len(pairs)), np.zeros(len(pairs))
    for a, others in partners.items():
        ids, values = getattr(left[a], ids_of), getattr(left[a], values_of)
        spread[ids] = values
        if topical:
            flags = left[a].content_topical
            spread_topic[ids[flags]] = values[flags]
        for k, b in others:
            other_ids, other_values = getattr(right[b], ids_of), getattr(right[b], values_of)
            full[k] = spread[other_ids] @ other_values
            if topical:
                topic[k] = spread_topic[other_ids] @ other_values
        spread[ids] = 0.0
        spread_topic[ids] = 0.0
    return [full.tolist(), topic.tolist()] if topical else [full.tolist()]


def _goals_apart(a: Profile, b: Profile) -> bool:
    if a.section.kind != "goal" or b.section.kind != "goal":
        return False
    shared = set(a.title) & set(b.title)
    return not (set(topic_terms(shared)) or any(t.startswith(("=", "#")) for t in shared))


def _role(a: Profile, b: Profile) -> float:
    if not a.role or not b.role:
        return 0.0
    return 1.0 if a.role == b.role else -1.0
