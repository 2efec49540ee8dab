"""Section profiles (weighted term vectors) and the pairs worth scoring between two plans."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from compare.alignment.model import AlignSection
from compare.alignment.roles import parts, secures
from compare.alignment.terms import TermStats, Weights, section_terms, title_terms, topic_terms
from compare.alignment.vectors import (
    TERM_NUMBERS,
    as_dict,
    contents,
    largest,
    number,
    one_blas_thread,
    unit,
)


@dataclass
class Profile:
    section: AlignSection
    size: float  # characters of content
    parent: int | None
    zone: str = "tasks"
    secures: str = ""  # what a task or a safeguard secures (roles.secures)
    level: int = 0  # depth among the plan's sections
    topic_title: str = ""  # the title's topic words, run together (for fuzzy comparison)
    # The content vector (unit-length tf-idf of the section and what it contains) as arrays:
    # term numbers (TERM_NUMBERS), weights, and which terms are topical; the title's likewise.
    content_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    content_values: np.ndarray = field(default_factory=lambda: np.zeros(0))
    content_topical: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    title_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    title_values: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def meaning(self) -> tuple[object, object] | None:
        """The section's meaning vectors (title, content), or None."""
        return self.section.meaning

    @property
    def role(self) -> str:
        """What a safeguard secures (its sub-role within 保障措施; '' elsewhere)."""
        return self.secures if self.zone == "safeguards" else ""

    @property
    def title(self) -> dict[str, float]:
        """The title's unit-length tf-idf vector as a dict, term -> weight (made on each call)."""
        return as_dict(self.title_ids, self.title_values)

    @property
    def content(self) -> dict[str, float]:
        """The content vector as a dict, term -> weight (made on each call)."""
        return as_dict(self.content_ids, self.content_values)


class Profiles(dict):
    """A plan's profiles by section id, which also keeps the plan's inverted indexes once built
    (so one plan aligned against many builds them once)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.postings: dict[tuple, dict[int, list[tuple[int, float]]]] = {}  # see _postings
        self.lookups: dict[tuple, dict[int, tuple[np.ndarray, np.ndarray]]] = {}  # see _lookups
        self.wanted: dict[tuple, np.ndarray] = {}  # see _wanted
        # A plan aligned against many others (engine.prepare) keeps full inverted indexes; any
        # other plan's index holds only the terms the plan it is aligned with looks up.
        self.kept = False
        # The plan's content meaning vectors less their mean, renormalised (see centred_cosines);
        # None until first read, {} when a section has no vectors.
        self.centred: dict[int, np.ndarray] | None = None


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
    own = {s.id: _own_terms(s.title_tokens * 2 + s.body_tokens, weights) for s in plan}
    content = contents(plan, own, stats, child_weight=child_weight, limit=content_terms)
    zones = parts(plan)
    secured = secures(plan, zones)
    found = Profiles()
    for s in plan:
        title = unit(_title_terms(s.title, s.title_tokens, title_weights or weights), stats)
        mine = content[s.id]
        found[s.id] = Profile(
            section=s,
            content_ids=mine.ids,
            content_values=mine.values,
            content_topical=mine.topical,
            title_ids=np.fromiter(map(number, title), dtype=np.int64, count=len(title)),
            title_values=np.fromiter(title.values(), dtype=float, count=len(title)),
            topic_title="".join(topic_terms(s.title_tokens)),
            size=mine.size,
            parent=s.parent,
            zone=zones[s.id],
            secures=secured[s.id],
            level=s.depth,
        )
    return found


# A section's terms come from its stored tokens alone, so those of the sections aligned last are
# kept for their next alignment (a plan re-aligned, or aligned against another plan next): they
# are a third of a seed pair's alignment. Read only: the profiles build their vectors from them.
# Only sections of up to _TOKENS_KEPT tokens are kept, so the cache holds at most about
# _SECTIONS_KEPT x _TOKENS_KEPT tokens however long a plan's sections are (an unstructured plan
# can be one section of megabytes); longer ones are counted afresh, as before the cache.
_SECTIONS_KEPT = 2048
_TOKENS_KEPT = 2000


def _own_terms(tokens: tuple[str, ...], weights: Weights) -> Counter[str]:
    if len(tokens) > _TOKENS_KEPT:
        return section_terms(tokens, weights=weights)
    return _kept_own_terms(tokens, weights)


@lru_cache(maxsize=_SECTIONS_KEPT)
def _kept_own_terms(tokens: tuple[str, ...], weights: Weights) -> Counter[str]:
    return section_terms(tokens, weights=weights)


@lru_cache(maxsize=_SECTIONS_KEPT)
def _title_terms(title: str, tokens: tuple[str, ...], weights: Weights) -> Counter[str]:
    # A title is short, its tokens too: every one is kept.
    return title_terms(title, tokens, weights=weights)


def stacked(
    profiles: list[Profile], which: str, *, topical: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray]:
    """The profiles' arrays of one vector (``which``: content or title) one after another: term
    numbers, weights, which are topical (content, when asked) and the row each entry is in."""
    if not profiles:
        flags = np.zeros(0, bool) if topical else None
        return np.zeros(0, np.int64), np.zeros(0), flags, np.zeros(0, np.intp)
    ids = [getattr(p, which + "_ids") for p in profiles]
    values = np.concatenate([getattr(p, which + "_values") for p in profiles])
    flags = np.concatenate([p.content_topical for p in profiles]) if topical else None
    rows = np.repeat(np.arange(len(profiles)), [len(x) for x in ids])
    return np.concatenate(ids), values, flags, rows


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
    number of pairs. Terms go by their numbers (TERM_NUMBERS).
    """
    pairs: set[tuple[int, int]] = set()
    for which, source, target, flip in (
        ("content", left, right, False),
        ("content", right, left, True),
        ("title", left, right, False),
        ("title", right, left, True),
    ):
        postings = _postings(
            target, which, stats, candidate_df, posting_limit, _wanted(source, which, lookup_terms)
        )
        for sid, (terms, weights) in _lookups(source, which, lookup_terms).items():
            acc: dict[int, float] = defaultdict(float)
            for term, weight in zip(terms.tolist(), weights.tolist(), strict=True):
                for other, other_weight in postings.get(term, ()):
                    acc[other] += weight * other_weight
            best = largest(acc.items(), per_section)
            pairs.update((other, sid) if flip else (sid, other) for other, _ in best)
        del postings  # before the next index is built, not after: one index at a time
    return pairs


def _lookups(
    profiles: dict[int, Profile], which: str, lookup_terms: int
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """The terms each section looks up (its weightiest, the earlier first among equals) and
    their weights, kept once per Profiles."""
    kept = profiles.lookups if isinstance(profiles, Profiles) else {}
    key = (which, lookup_terms)
    if key not in kept:
        found = {}
        for sid, profile in profiles.items():
            ids, values = getattr(profile, which + "_ids"), getattr(profile, which + "_values")
            top = np.argsort(-values, kind="stable")[:lookup_terms]
            found[sid] = (ids[top], values[top])
        kept[key] = found
    return kept[key]


def _wanted(profiles: dict[int, Profile], which: str, lookup_terms: int) -> np.ndarray:
    """Every term some section of ``profiles`` looks up."""
    kept = profiles.wanted if isinstance(profiles, Profiles) else {}
    key = (which, lookup_terms)
    if key not in kept:
        looked_up = [ids for ids, _ in _lookups(profiles, which, lookup_terms).values()]
        kept[key] = np.unique(np.concatenate(looked_up)) if looked_up else np.zeros(0, np.int64)
    return kept[key]


def _postings(
    profiles: dict[int, Profile],
    which: str,
    stats: TermStats,
    candidate_df: float,
    posting_limit: int,
    wanted: np.ndarray,
) -> dict[int, list[tuple[int, float]]]:
    """The inverted index of ``profiles`` over informative terms: whole and built once for a kept
    Profiles (whose vectors are bound to the stats they were weighted by), else each time and
    only over the ``wanted`` terms."""
    if not (isinstance(profiles, Profiles) and profiles.kept):
        return _build_postings(profiles, which, stats, candidate_df, posting_limit, wanted)
    key = (which, candidate_df, posting_limit)
    if key not in profiles.postings:
        profiles.postings[key] = _build_postings(
            profiles, which, stats, candidate_df, posting_limit
        )
    return profiles.postings[key]


def _build_postings(
    profiles: dict[int, Profile],
    which: str,
    stats: TermStats,
    candidate_df: float,
    posting_limit: int,
    wanted: np.ndarray | None = None,
) -> dict[int, list[tuple[int, float]]]:
    """term -> [(section, weight)], sections in plan order, over every term but the common
    ones (or over ``wanted`` alone), each term keeping the ``posting_limit`` weightiest."""
    common = stats.common(max(2, candidate_df * stats.documents))
    numbered = TERM_NUMBERS.get
    left_out = np.fromiter((n for n in map(numbered, common) if n is not None), dtype=np.int64)
    sids = list(profiles)
    ids, values, _, rows = stacked([profiles[sid] for sid in sids], which)
    keep = ~np.isin(ids, left_out)
    if wanted is not None:
        keep &= np.isin(ids, wanted)
    terms, rows, weights = ids[keep], rows[keep], values[keep]
    # Each term's sections in plan order, or, past posting_limit, its posting_limit weightiest
    # (the earlier first among equals), weightiest first: chosen here, before any tuple is made.
    by_weight = np.lexsort((rows, -weights, terms))
    starts = np.flatnonzero(np.r_[True, terms[by_weight][1:] != terms[by_weight][:-1]])
    counts = np.diff(np.r_[starts, len(by_weight)])
    rank = np.arange(len(by_weight)) - np.repeat(starts, counts)
    crowded = np.repeat(counts > posting_limit, counts)
    chosen = by_weight[crowded & (rank < posting_limit)]
    few = np.sort(by_weight[~crowded], kind="stable")  # plan order (rows ascend with position)
    postings: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for order in (few, chosen):
        for row, term, weight in zip(
            rows[order].tolist(), terms[order].tolist(), weights[order].tolist(), strict=True
        ):
            postings[term].append((sids[row], weight))
    return postings


def mutual_nearest(left: dict[int, Profile], right: dict[int, Profile]) -> set[tuple[int, int]]:
    """Pairs in which each section is the other's nearest in meaning among the other plan's
    sections, by content vector or by title vector: a counterpart worded apart is proposed, a
    sibling that is merely close is not (an encoder puts a plan's sibling tasks close together).
    Nothing when a section of either plan has no meaning vectors."""
    return set(nearest_in_meaning(left, right))


def nearest_in_meaning(
    left: dict[int, Profile], right: dict[int, Profile]
) -> dict[tuple[int, int], float]:
    """``mutual_nearest``'s pairs with their similarity in meaning, which a link proposed by
    meaning gives as its ground: the cosine of the content vectors (title with the start of the
    text), also for a pair found by titles, since a title alone says little."""
    if not left or not right:
        return {}
    ids_a, ids_b = list(left), list(right)
    if any(left[a].meaning is None for a in ids_a) or any(right[b].meaning is None for b in ids_b):
        return {}
    # A section without a title (a label-only item such as 42．) has a placeholder's title
    # vector, one for all of them: they would be each other's title-nearest. Their content
    # vectors still take part.
    titled_a = np.array([bool(left[a].section.title) for a in ids_a])
    titled_b = np.array([bool(right[b].section.title) for b in ids_b])
    both = titled_a[:, None] & titled_b[None, :]
    found: set[tuple[int, int]] = set()
    for which in (0, 1):  # title, content
        ma = np.stack([left[a].meaning[which] for a in ids_a]).astype(np.float32)
        mb = np.stack([right[b].meaning[which] for b in ids_b]).astype(np.float32)
        with one_blas_thread():
            sims = ma @ mb.T
        among = np.where(both, sims, -np.inf) if which == 0 else sims
        best_b, best_a = among.argmax(axis=1), among.argmax(axis=0)
        found.update(
            (i, j)
            for i, j in enumerate(best_b.tolist())
            if best_a[j] == i and (which or both[i, j])
        )
    # The last pass was the content vectors': their cosines are the ground given.
    return {(ids_a[i], ids_b[j]): float(sims[i, j]) for i, j in found}


# Principal directions of a plan pair's centred meaning vectors taken off before comparing.
_COMMON_DIRECTIONS = 2


def centred_cosines(
    left: dict[int, Profile], right: dict[int, Profile], pairs: Iterable[tuple[int, int]]
) -> dict[tuple[int, int], float]:
    """The cosine in meaning of each pair once what the two plans' sections share is taken off:
    each plan's mean content vector, then the top two principal directions of the pair's
    centred vectors ("all-but-the-top", Mu & Viswanath 2018). The raw cosine says mostly that
    both sections are about digital government; this one, what the two have in particular.
    Nothing when a section of either plan has no meaning vectors."""
    found = _centred_sims(left, right)
    if found is None:
        return {}
    sims, at_l, at_r = found
    return {(a, b): float(sims[at_l[a], at_r[b]]) for a, b in pairs}


def centred_contrasts(
    left: dict[int, Profile], right: dict[int, Profile], pairs: Iterable[tuple[int, int]]
) -> dict[tuple[int, int], float]:
    """centred_cosines less the greatest such cosine of either end's siblings with the other
    end (round twelve's SBc): a pair reads high only when it is closer than the sections a
    reader would confuse it with. A side with no siblings contributes nothing; with neither,
    the cosine itself. Nothing when a section of either plan has no meaning vectors.

    Two sibling tasks both close to one section of the other plan: at most one of the two
    pairs is positive."""
    found = _centred_sims(left, right)
    if found is None:
        return {}
    sims, at_l, at_r = found
    rivals = np.maximum(_best_sibling(sims, left, at_l), _best_sibling(sims.T, right, at_r).T)
    contrast = np.where(np.isfinite(rivals), sims - rivals, sims)
    return {(a, b): float(contrast[at_l[a], at_r[b]]) for a, b in pairs}


def _best_sibling(sims: np.ndarray, profiles: dict[int, Profile], at: dict[int, int]) -> np.ndarray:
    """For each row's section and each column, the greatest value of the rows of its siblings
    (the other sections with its parent; -inf for a section without one)."""
    out = np.full(sims.shape, -np.inf, dtype=sims.dtype)
    families: dict[int | None, list[int]] = defaultdict(list)
    for sid, row in at.items():
        families[profiles[sid].parent].append(row)
    for rows in families.values():
        if len(rows) < 2:
            continue
        block = sims[rows]
        order = np.argsort(block, axis=0)
        first = np.take_along_axis(block, order[-1:], axis=0)[0]
        second = np.take_along_axis(block, order[-2:-1], axis=0)[0]
        # A row's best sibling is the family's best unless the row is the best itself.
        for k, row in enumerate(rows):
            out[row] = np.where(order[-1] == k, second, first)
    return out


def _centred_sims(
    left: dict[int, Profile], right: dict[int, Profile]
) -> tuple[np.ndarray, dict[int, int], dict[int, int]] | None:
    """The cosines of the pair's centred, all-but-the-top vectors (left rows, right columns) and
    each section's row or column; None when a section has no meaning vectors."""
    vl, vr = _centred(left), _centred(right)
    if not vl or not vr:
        return None
    ids_l, ids_r = list(vl), list(vr)
    x = np.stack([*vl.values(), *vr.values()])
    with one_blas_thread():
        # The principal directions from the sections' Gram matrix (a few hundred rows against
        # 512 columns: a third of the time of an SVD, the same directions to 1e-6).
        spread = x - x.mean(axis=0)
        _, vectors = np.linalg.eigh(spread @ spread.T)
        top = _unit_rows((spread.T @ vectors[:, ::-1][:, :_COMMON_DIRECTIONS]).T)
        w = _unit_rows(x - (x @ top.T) @ top)
        sims = w[: len(ids_l)] @ w[len(ids_l) :].T
    return sims, {s: i for i, s in enumerate(ids_l)}, {s: i for i, s in enumerate(ids_r)}


def _centred(profiles: dict[int, Profile]) -> dict[int, np.ndarray]:
    """Each section's content meaning vector less its plan's mean, renormalised (kept on a
    Profiles, so a plan aligned against many is centred once)."""
    kept = getattr(profiles, "centred", None)
    if kept is not None:
        return kept
    ids = list(profiles)
    made: dict[int, np.ndarray] = {}
    if ids and all(profiles[s].meaning is not None for s in ids):
        u = _unit_rows(
            np.stack([np.asarray(profiles[s].meaning[1], dtype=np.float32) for s in ids])
        )
        made = dict(zip(ids, _unit_rows(u - u.mean(axis=0)), strict=True))
    if isinstance(profiles, Profiles):
        profiles.centred = made
    return made


def _unit_rows(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms
