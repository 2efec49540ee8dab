"""Content vectors: a section's own terms and, for a heading, what it contains, as unit-length
tf-idf vectors held as arrays over global term numbers (a dict of them is made only on demand:
a long plan's vectors as dicts took several times the memory).

A plan's vectors are built at once as one matrix (sections x the plan's terms): each heading adds
its children's rows at ``child_weight``, deepest first, then every cell is weighted and each row
made unit length. Plans too large for a matrix are built term by term from dicts, the same way.
"""

from __future__ import annotations

import math
import threading
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import itemgetter

import numpy as np
from threadpoolctl import ThreadpoolController

from compare.alignment.model import AlignSection
from compare.alignment.terms import TermStats, is_topic_term

# Above this many cells (sections x the plan's terms) a plan's vectors are built from dicts.
DENSE_CELLS = 6_000_000


@dataclass
class Content:
    ids: np.ndarray  # term numbers (TERM_NUMBERS) of the vector's terms
    values: np.ndarray  # their weights (unit length)
    topical: np.ndarray  # which terms are topic words, concepts or thesaurus groups
    size: float  # characters, the section's and all it contains


class _TermNumbers(dict):
    """Every term seen gets a number once per process, so vectors can be laid out as arrays;
    TERMS[number] is the term again."""

    def __missing__(self, term: str) -> int:
        with _numbering:
            if term not in self:  # another thread may have numbered it meanwhile
                TERMS.append(term)
                dict.__setitem__(self, term, len(TERMS) - 1)
            return dict.__getitem__(self, term)


TERMS: list[str] = []
_numbering = threading.Lock()
TERM_NUMBERS = _TermNumbers()
number = TERM_NUMBERS.__getitem__

# The engine's matrix products run on one thread: a server runs a process per core, and BLAS
# threads left spinning after a small product would take the time of the work around it (on a
# busy machine a product of two seed plans' meaning vectors took 50-100 ms on two threads and
# 0.2 ms on one).
_BLAS = ThreadpoolController()


def one_blas_thread():
    """A context in which numpy's matrix products run on one thread."""
    return _BLAS.limit(limits=1, user_api="blas")


def as_dict(ids: np.ndarray, values: np.ndarray) -> dict[str, float]:
    """Term numbers and weights as a dict, term -> weight."""
    terms = TERMS
    return {terms[i]: v for i, v in zip(ids.tolist(), values.tolist(), strict=True)}


@lru_cache(maxsize=400_000)
def topical(term: str) -> bool:
    """A topic word, a concept (=...) or a thesaurus group (#...): what topic similarity counts."""
    return term.startswith(("=", "#")) or is_topic_term(term)


weight_of = itemgetter(1)


def largest(items, n: int) -> list:
    """The ``n`` (key, weight) items of greatest weight, in that order, the earlier first among
    equals (what heapq.nlargest gives, sorted in C)."""
    return sorted(items, key=weight_of, reverse=True)[:n]


def unit(terms: Mapping[str, float], stats: TermStats, limit: int = 0) -> dict[str, float]:
    """A unit-length tf-idf vector; term frequency counts sublinearly (a long section repeating a
    word is not that much more about it)."""
    idf = stats.idf_table
    log = math.log
    vector = {t: (1 + log(w) if w > 1 else w) * idf[t] for t, w in terms.items()}
    if limit and len(vector) > limit:
        # A long chapter is about its weightiest terms; the tail costs time and adds noise.
        vector = dict(largest(vector.items(), limit))
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {t: v / norm for t, v in vector.items()} if norm else {}


def contents(
    plan: Sequence[AlignSection],
    own: Mapping[int, Counter[str]],
    stats: TermStats,
    *,
    child_weight: float,
    limit: int,
    dense_cells: int | None = None,
) -> dict[int, Content]:
    """Every section's content vector (its own terms ``own`` and, at ``child_weight``, its
    children's content), keeping the ``limit`` weightiest terms (0: all)."""
    every = dict.fromkeys(chain.from_iterable(own.values()))
    vocabulary = dict(zip(every, range(len(every)), strict=True))
    cells = DENSE_CELLS if dense_cells is None else dense_cells
    if len(plan) * len(vocabulary) <= cells:
        return _from_matrix(plan, own, vocabulary, stats, child_weight, limit)
    return _from_dicts(plan, own, stats, child_weight, limit)


def _tree(plan: Sequence[AlignSection]) -> tuple[list[int], list[int]]:
    """Each section's parent's row (-1 for none in the plan), and its depth below its root."""
    n = len(plan)
    row = {s.id: i for i, s in enumerate(plan)}
    parents = [row.get(s.parent, -1) for s in plan]
    depth: list[int | None] = [None] * n
    for i in range(n):
        above, j = [], i  # the sections from i up to one whose depth is known, or a root
        while depth[j] is None and parents[j] >= 0 and len(above) <= n:
            above.append(j)
            j = parents[j]
        if depth[j] is None:
            depth[j] = 0
        d = depth[j]
        for k in reversed(above):
            d += 1
            depth[k] = d
    return parents, depth  # type: ignore[return-value]


def _from_matrix(plan, own, vocabulary, stats, child_weight, limit) -> dict[int, Content]:
    n, v = len(plan), len(vocabulary)
    matrix = np.zeros((n, v))
    terms_of = [own[s.id] for s in plan]
    columns = list(map(vocabulary.__getitem__, chain.from_iterable(terms_of)))
    weights = list(chain.from_iterable(terms.values() for terms in terms_of))
    matrix[np.repeat(np.arange(n), list(map(len, terms_of))), columns] = weights
    sizes = np.array([float(len(s.title) + len(s.body)) for s in plan])
    parents, depth = _tree(plan)
    # Children into parents, deepest first, each parent taking its children in plan order.
    for i in sorted((i for i in range(n) if parents[i] >= 0), key=lambda i: -depth[i]):
        matrix[parents[i]] += matrix[i] * child_weight
        sizes[parents[i]] += sizes[i]
    # From here on only the cells that hold a term, row by row.
    rows, cols = np.nonzero(matrix)
    values = matrix[rows, cols]
    terms = list(vocabulary)
    idf = np.fromiter(map(stats.idf_table.__getitem__, terms), dtype=float, count=v)
    big = values > 1
    values[big] = 1 + np.log(values[big])
    values *= idf[cols]
    counts = np.bincount(rows, minlength=n)
    if limit and (counts > limit).any():
        keep = np.ones(len(values), dtype=bool)
        starts = np.cumsum(counts) - counts
        for i in np.flatnonzero(counts > limit):
            start = starts[i]
            order = np.argsort(-values[start : start + counts[i]], kind="stable")
            keep[start + order[limit:]] = False
        rows, cols, values = rows[keep], cols[keep], values[keep]
        counts = np.bincount(rows, minlength=n)
    values /= np.sqrt(np.bincount(rows, weights=values * values, minlength=n))[rows]
    ids = np.fromiter(map(number, terms), dtype=np.int64, count=v)[cols]
    flags = np.fromiter(map(topical, terms), dtype=bool, count=v)[cols]
    ends = np.cumsum(counts).tolist()
    found = {}
    start = 0
    for i, s in enumerate(plan):
        end = ends[i]
        found[s.id] = Content(
            ids=ids[start:end],
            values=values[start:end],
            topical=flags[start:end],
            size=float(sizes[i]),
        )
        start = end
    return found


def _from_dicts(plan, own, stats, child_weight, limit) -> dict[int, Content]:
    """The same vectors term by term: each section's terms are its own and its children's
    (already summed, deepest first); a section's sum is dropped once its parent has it."""
    parents, depth = _tree(plan)
    kids: dict[int, list[int]] = defaultdict(list)
    for i, parent in enumerate(parents):
        if parent >= 0:
            kids[parent].append(i)
    pending: dict[int, tuple[Counter[str], float]] = {}
    found = {}
    for i in sorted(range(len(plan)), key=lambda i: -depth[i]):
        s = plan[i]
        terms = Counter(own[s.id])
        size = float(len(s.title) + len(s.body))
        for child in kids.get(i, ()):
            sub_terms, sub_size = pending.pop(child)
            for term, weight in sub_terms.items():
                terms[term] += weight * child_weight
            size += sub_size
        if parents[i] >= 0:
            pending[i] = (terms, size)
        vector = unit(terms, stats, limit=limit)
        count = len(vector)
        found[s.id] = Content(
            ids=np.fromiter(map(number, vector), dtype=np.int64, count=count),
            values=np.fromiter(vector.values(), dtype=float, count=count),
            topical=np.fromiter(map(topical, vector), dtype=bool, count=count),
            size=size,
        )
    return found
