"""Section profiles (weighted term vectors) and the pairs worth scoring between two plans."""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from compare.alignment.model import AlignSection
from compare.alignment.roles import parts, roles
from compare.alignment.terms import TermStats, Weights, section_terms, title_terms, topic_terms


@dataclass
class Profile:
    section: AlignSection
    title: dict[str, float]  # unit-length tf-idf vectors
    content: dict[str, float]
    size: float  # characters of content
    parent: int | None
    zone: str = "tasks"
    role: str = ""  # what a safeguard secures (roles.safeguard_role)
    level: int = 0  # depth among the plan's sections
    topic: dict[str, float] = field(default_factory=dict)  # content's topic words and concepts
    topic_title: str = ""  # the title's topic words, run together (for fuzzy comparison)
    # The content vector as arrays: term numbers (TERM_NUMBERS), weights, and which are topical.
    content_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    content_values: np.ndarray = field(default_factory=lambda: np.zeros(0))
    content_topical: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))


class Profiles(dict):
    """A plan's profiles by section id, which also keeps the plan's inverted indexes once built
    (so one plan aligned against many builds them once)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.postings: dict[tuple, dict[str, list[tuple[int, float]]]] = {}  # see _postings


def profiles(
    plan: Sequence[AlignSection],
    stats: TermStats,
    *,
    weights: Weights,
    title_weights: Weights | None = None,
    child_weight: float,
    content_terms: int,
) -> Profiles:
    """Every section's title vector, and its content vector (its own text and, for a heading,
    what it contains at ``child_weight``)."""
    children: dict[int | None, list[AlignSection]] = defaultdict(list)
    for s in plan:
        children[s.parent].append(s)
    own = {s.id: section_terms(s.title_tokens * 2 + s.body_tokens, weights=weights) for s in plan}
    sizes = {s.id: len(s.title) + len(s.body) for s in plan}
    cache: dict[int, tuple[Counter[str], float]] = {}

    def subtree(sid: int) -> tuple[Counter[str], float]:
        if sid in cache:
            return cache[sid]
        terms = Counter(own[sid])
        size = float(sizes[sid])
        for child in children.get(sid, ()):
            sub_terms, sub_size = subtree(child.id)
            for term, weight in sub_terms.items():
                terms[term] += weight * child_weight
            size += sub_size
        cache[sid] = (terms, size)
        return terms, size

    zones = parts(plan)
    sub_roles = roles(plan, zones)
    found = Profiles()
    for s in plan:
        content, size = subtree(s.id)
        title = title_terms(s.title, s.title_tokens, weights=title_weights or weights)
        vector = unit(content, stats, limit=content_terms)
        topical = set(topic_terms(vector)) | {t for t in vector if t.startswith(("=", "#"))}
        ids = np.fromiter((_number(t) for t in vector), dtype=np.int64, count=len(vector))
        flags = np.fromiter((t in topical for t in vector), dtype=bool, count=len(vector))
        found[s.id] = Profile(
            section=s,
            content_ids=ids,
            content_values=np.fromiter(vector.values(), dtype=float, count=len(vector)),
            content_topical=flags,
            title=unit(title, stats),
            content=vector,
            topic={t: vector[t] for t in topical},
            topic_title="".join(topic_terms(s.title_tokens)),
            size=size,
            parent=s.parent,
            zone=zones[s.id],
            role=sub_roles[s.id],
            level=s.depth,
        )
    return found


# Every term seen gets a number once per process, so vectors can be laid out as arrays.
TERM_NUMBERS: dict[str, int] = {}


def _number(term: str) -> int:
    number = TERM_NUMBERS.get(term)
    if number is None:
        number = TERM_NUMBERS.setdefault(term, len(TERM_NUMBERS))
    return number


def unit(terms: Mapping[str, float], stats: TermStats, limit: int = 0) -> dict[str, float]:
    """A unit-length tf-idf vector; term frequency counts sublinearly (a long section repeating a
    word is not that much more about it)."""
    idf = stats.idf_table
    log = math.log
    vector = {t: (1 + log(w) if w > 1 else w) * idf[t] for t, w in terms.items()}
    if limit and len(vector) > limit:
        # A long chapter is about its weightiest terms; the tail costs time and adds noise.
        vector = dict(heapq.nlargest(limit, vector.items(), key=weight_of))
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {t: v / norm for t, v in vector.items()} if norm else {}


def weight_of(item: tuple[object, float]) -> float:
    return item[1]


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum([v * get(t, 0.0) for t, v in a.items()])


def candidates(
    left: dict[int, Profile],
    right: dict[int, Profile],
    stats: TermStats,
    *,
    candidate_df: float,
    lookup_terms: int,
    per_section: int,
    posting_limit: int,
) -> set[tuple[int, int]]:
    """Pairs worth scoring, found through inverted indexes over informative terms.

    Each section looks up its most weighty content and title terms and keeps the sections that
    share most weight with it, in both directions; cost grows with the overlap, not with the
    number of pairs.
    """
    pairs: set[tuple[int, int]] = set()
    for which, source, target, flip in (
        ("content", left, right, False),
        ("content", right, left, True),
        ("title", left, right, False),
        ("title", right, left, True),
    ):
        postings = _postings(target, which, stats, candidate_df, posting_limit)
        for sid, profile in source.items():
            vector = getattr(profile, which)
            terms = heapq.nlargest(lookup_terms, vector.items(), key=weight_of)
            acc: dict[int, float] = defaultdict(float)
            for term, weight in terms:
                for other, other_weight in postings.get(term, ()):
                    acc[other] += weight * other_weight
            best = heapq.nlargest(per_section, acc.items(), key=weight_of)
            pairs.update((other, sid) if flip else (sid, other) for other, _ in best)
    return pairs


def _postings(
    profiles: dict[int, Profile],
    which: str,
    stats: TermStats,
    candidate_df: float,
    posting_limit: int,
) -> dict[str, list[tuple[int, float]]]:
    """The inverted index of ``profiles`` over informative terms: built once per Profiles (whose
    vectors are bound to the stats they were weighted by), each time for a plain dict."""
    kept = profiles.postings if isinstance(profiles, Profiles) else {}
    key = (which, candidate_df, posting_limit)
    if key not in kept:
        kept[key] = _build_postings(profiles, which, stats, candidate_df, posting_limit)
    return kept[key]


def _build_postings(
    profiles: dict[int, Profile],
    which: str,
    stats: TermStats,
    candidate_df: float,
    posting_limit: int,
) -> dict[str, list[tuple[int, float]]]:
    limit = max(2, candidate_df * stats.documents)
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for sid, profile in profiles.items():
        for term, weight in getattr(profile, which).items():
            if stats.frequency.get(term, 0) <= limit:
                postings[term].append((sid, weight))
    for entries in postings.values():
        if len(entries) > posting_limit:
            entries[:] = heapq.nlargest(posting_limit, entries, key=weight_of)
    return postings
