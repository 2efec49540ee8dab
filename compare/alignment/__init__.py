"""Find equivalent sections across plans, score each link and say why.

Pure Python: sections come in as ``AlignSection`` values (simplified text, tokens), links
go out as ``Link`` values. Nothing here imports Django (see tests/test_architecture.py).

How it works, in short:
1. Every section gets two weighted term vectors: its title, and its content (title, own text and,
   for a heading, the titles and text of what it contains). Terms are jieba words plus the
   character pairs inside long words (政务云 / 云平台 share 云), weighted by how rare they are
   across the whole catalogue, so formula every plan repeats (统筹推进, 加快, 提升) counts little.
2. Candidates come from an inverted index over informative terms: only pairs that share one are
   ever scored, so cost grows with the overlap, not with the number of section pairs.
3. A pair's score mixes title and content similarity, damped when the two differ much in size (a
   chapter against a box item), and raised when their parents are likely counterparts too.
4. A link is kept when its score clears the threshold and is close to the best score of both of
   its sections: plans reorder and regroup topics, so links run in any order and one section may
   link to several that split its topic.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

ENGINE = "duizhao-align-1"

# Kinds that hold a whole topic rather than one task.
_HEADINGS = frozenset({"chapter", "section", "item", "subitem", "box", "attachment", "preface"})


@dataclass(frozen=True)
class AlignSection:
    id: int
    plan: str  # a key for the plan (its slug)
    parent: int | None
    order: int
    depth: int
    kind: str
    label: str
    title: str  # simplified, without its label
    body: str  # simplified, own text only
    title_tokens: tuple[str, ...] = ()
    body_tokens: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    left: int  # the section of the earlier plan in the order given to align()
    right: int
    score: float
    reason: str
    title_similarity: float = 0.0
    content_similarity: float = 0.0
    structure: float = 0.0
    shared_terms: tuple[str, ...] = ()
    # What the reason says, as data (see _evidence): a page words it in the reader's language.
    evidence: Mapping[str, object] = field(default_factory=dict, compare=False, hash=False)


@dataclass
class Alignment:
    links: list[Link]
    rows: list[Row]  # every section, in rows of counterparts (see rows_for)
    unique: dict[str, list[int]]  # sections with no counterpart, by plan key
    stats: dict[str, float | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    threshold: float = 0.18
    near_best: float = 0.80  # a link must score this share of each side's best link
    title_weight: float = 0.25
    child_weight: float = 0.7  # weight of a heading's descendants in its content vector
    structure_bonus: float = 0.30
    size_penalty: float = 0.20  # per doubling of size difference beyond the allowance
    size_allowance: float = 0.0  # doublings of size difference that cost nothing
    candidate_df: float = 0.20  # terms in more than this share of sections index nothing
    content_terms: int = 1000  # keep this many weightiest terms of a content vector (0: all)
    lookup_terms: int = 16  # a section looks up this many of its weightiest terms
    candidates: int = 20  # and scores this many best-overlapping sections of the other plan
    posting_limit: int = 200  # sections kept per term, those where it weighs most
    bigram_weight: float = 0.5
    specific: float = 1.2  # a section inside a linked one takes the link at this share of its score
    child_support: float = 1.0  # how much the best child pair counts beside the parent pair
    cross_zone: float = 0.45  # factor for a pair from different parts (goals vs tasks...)


@dataclass
class TermStats:
    """Document frequencies of terms over a catalogue of sections."""

    documents: int
    frequency: Mapping[str, int]

    def idf(self, term: str) -> float:
        return math.log((self.documents + 1) / (self.frequency.get(term, 0) + 1)) + 1.0


def section_terms(tokens: Iterable[str], *, bigram_weight: float = 0.5) -> Counter[str]:
    """Terms of a token list: each token, plus the character pairs inside Chinese tokens."""
    terms: Counter[str] = Counter()
    for token in tokens:
        terms[token] += 1.0
        if len(token) >= 2 and not token.isascii():
            for i in range(len(token) - 1):
                terms["~" + token[i : i + 2]] += bigram_weight
    return terms


def title_terms(title: str, tokens: Iterable[str], *, bigram_weight: float = 0.5) -> Counter[str]:
    """Terms of a title: its words, and every pair of adjacent Chinese characters in it.

    Pairs make titles meet across different segmentations (数据共享交换平台 / 数据共享 + 平台).
    """
    terms: Counter[str] = Counter(tokens)
    chars = [c for c in title if "\u3400" <= c <= "\u9fff"]
    for i in range(len(chars) - 1):
        terms["~" + chars[i] + chars[i + 1]] += bigram_weight
    return terms


def term_stats(sections: Iterable[AlignSection]) -> TermStats:
    """Term statistics over ``sections`` (each section's title and own text is a document)."""
    frequency: Counter[str] = Counter()
    documents = 0
    for s in sections:
        documents += 1
        frequency.update(section_terms(s.title_tokens + s.body_tokens).keys())
    return TermStats(documents=documents, frequency=frequency)


def align(
    plans: Sequence[Sequence[AlignSection]],
    *,
    stats: TermStats | None = None,
    background: Iterable[Iterable[AlignSection]] = (),
    exclude: Iterable[tuple[int, int]] = (),
    settings: Settings | None = None,
) -> Alignment:
    """Links between sections of two or more plans, with rows of counterparts across all plans.

    ``stats`` weights terms by the whole catalogue (else by ``plans`` plus ``background``);
    pairs in ``exclude`` (rejected by a person) are never proposed.
    """
    settings = settings or Settings()
    if len(plans) < 2:
        raise ValueError("align() needs at least two plans")
    if stats is None:
        everything = [s for plan in plans for s in plan]
        everything += [s for plan in background for s in plan]
        stats = term_stats(everything)
    excluded = {frozenset(pair) for pair in exclude}
    profiles = [_profiles(plan, stats, settings) for plan in plans]
    links: list[Link] = []
    for i, j in _plan_pairs(len(plans)):
        links.extend(_align_pair(profiles[i], profiles[j], stats, settings, excluded))
    by_id = {s.id: s for plan in plans for s in plan}
    rows = rows_for(plans, links)
    linked = {link.left for link in links} | {link.right for link in links}
    unique = {plan[0].plan: [s.id for s in plan if s.id not in linked] for plan in plans if plan}
    return Alignment(
        links=links,
        rows=rows,
        unique=unique,
        stats={"links": len(links), "rows": len(rows), "sections": len(by_id)},
    )


def _plan_pairs(n: int) -> list[tuple[int, int]]:
    return [(i, j) for i in range(n) for j in range(i + 1, n)]


# -- profiles -------------------------------------------------------------------------------


# The parts every plan has, told by the heading that opens them. Sections link within a part:
# a goal does not pair with a task that happens to share its words.
_ZONES = (
    ("context", ("现状", "形势", "背景", "面临", "存在问题", "发展基础", "成效", "前言")),
    ("principles", ("指导思想", "基本原则", "总体思路")),
    ("goals", ("目标",)),
    ("safeguards", ("保障措施", "组织实施", "实施保障", "保障机制")),
)


def _zone(title: str) -> str:
    for zone, words in _ZONES:
        if any(word in title for word in words):
            return zone
    return ""


def parts(plan: Sequence[AlignSection]) -> dict[int, str]:
    """The part of the plan each section belongs to: context, principles, goals, safeguards or
    tasks, told by its own heading or the nearest heading above it that names one."""
    by_id = {s.id: s for s in plan}
    found: dict[int, str] = {}
    for s in plan:  # document order: parents first
        own = _zone(s.title) if s.kind in _HEADINGS and s.depth <= 2 else ""
        if s.kind == "preface":
            own = "context"
        elif s.kind == "goal":
            own = "goals"
        elif s.kind == "principle":
            own = "principles"
        inherited = found.get(s.parent, "tasks") if s.parent in by_id else "tasks"
        found[s.id] = own or inherited
    return found


@dataclass
class _Profile:
    section: AlignSection
    title: dict[str, float]  # unit-length tf-idf vectors
    content: dict[str, float]
    size: float  # characters of content
    parent: int | None
    zone: str = "tasks"


def _profiles(
    plan: Sequence[AlignSection], stats: TermStats, settings: Settings
) -> dict[int, _Profile]:
    children: dict[int | None, list[AlignSection]] = defaultdict(list)
    for s in plan:
        children[s.parent].append(s)
    own = {
        s.id: section_terms(
            s.title_tokens * 2 + s.body_tokens, bigram_weight=settings.bigram_weight
        )
        for s in plan
    }
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
                terms[term] += weight * settings.child_weight
            size += sub_size
        cache[sid] = (terms, size)
        return terms, size

    zones = parts(plan)

    profiles = {}
    for s in plan:
        content, size = subtree(s.id)
        title = title_terms(s.title, s.title_tokens, bigram_weight=settings.bigram_weight)
        profiles[s.id] = _Profile(
            section=s,
            title=_unit(title, stats),
            content=_unit(content, stats, limit=settings.content_terms),
            size=size,
            parent=s.parent,
            zone=zones[s.id],
        )
    return profiles


def _unit(
    terms: Mapping[str, float], stats: TermStats, limit: int = 0, sublinear: bool = True
) -> dict[str, float]:
    # Sublinear term frequency: a long section repeating a word is not that much more about it.
    vector = {
        t: (1 + math.log(w) if sublinear and w > 1 else w) * stats.idf(t) for t, w in terms.items()
    }
    if limit and len(vector) > limit:
        # A long chapter is about its weightiest terms; the tail costs time and adds noise.
        vector = dict(heapq.nlargest(limit, vector.items(), key=_weight))
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {t: v / norm for t, v in vector.items()} if norm else {}


# -- scoring a pair of plans -----------------------------------------------------------------


def _align_pair(
    left: dict[int, _Profile],
    right: dict[int, _Profile],
    stats: TermStats,
    settings: Settings,
    excluded: set[frozenset[int]],
) -> list[Link]:
    content: dict[tuple[int, int], float] = {}
    titles: dict[tuple[int, int], float] = {}
    base: dict[tuple[int, int], float] = {}
    for pair in _candidates(left, right, stats, settings):
        a, b = left[pair[0]], right[pair[1]]
        c = content[pair] = _dot(a.content, b.content)
        t = titles[pair] = _dot(a.title, b.title)
        score = settings.title_weight * t + (1 - settings.title_weight) * c
        zone = 1.0 if a.zone == b.zone else settings.cross_zone
        base[pair] = score * _size_factor(a.size, b.size, settings) * zone
    # Structure: parents that are counterparts, and children that are (the best child pair).
    below: dict[tuple[int, int], float] = defaultdict(float)
    for (a, b), score in base.items():
        pa, pb = left[a].parent, right[b].parent
        if pa is not None and pb is not None:
            below[(pa, pb)] = max(below[(pa, pb)], score)
    scored: dict[tuple[int, int], tuple[float, float]] = {}
    for (a, b), score in base.items():
        pa, pb = left[a].parent, right[b].parent
        support = base.get((pa, pb), 0.0) if pa is not None and pb is not None else 0.0
        support = max(support, settings.child_support * below.get((a, b), 0.0))
        scored[(a, b)] = (score + settings.structure_bonus * support, support)
    dominated = _dominated(base, left, right, settings.specific)
    best_left: dict[int, float] = defaultdict(float)
    best_right: dict[int, float] = defaultdict(float)
    for (a, b), (score, _) in scored.items():
        if (a, b) not in dominated:
            best_left[a] = max(best_left[a], score)
            best_right[b] = max(best_right[b], score)
    links = []
    for (a, b), (score, support) in scored.items():
        if score < settings.threshold or frozenset((a, b)) in excluded or (a, b) in dominated:
            continue
        if score < settings.near_best * best_left[a] or score < settings.near_best * best_right[b]:
            continue
        shared = _shared_terms(left[a], right[b], stats)
        t, c = titles.get((a, b), 0.0), content[(a, b)]
        evidence = _evidence(shared, t, c, support)
        links.append(
            Link(
                left=a,
                right=b,
                score=round(min(score, 1.0), 4),
                reason=_reason(evidence),
                evidence=evidence,
                title_similarity=round(t, 4),
                content_similarity=round(c, 4),
                structure=round(support, 4),
                shared_terms=tuple(shared),
            )
        )
    links.sort(key=lambda link: (-link.score, link.left, link.right))
    return links


def _dominated(
    base: Mapping[tuple[int, int], float],
    left: dict[int, _Profile],
    right: dict[int, _Profile],
    ratio: float,
) -> set[tuple[int, int]]:
    """Pairs whose link is better made by a section inside one of them.

    When a chapter and one of its items both match a section of the other plan about as well,
    the item is the counterpart: the chapter only contains it.
    """
    dominated: set[tuple[int, int]] = set()
    if not ratio:
        return dominated
    for (a, b), score in base.items():
        ancestor = left[a].parent
        while ancestor is not None and ancestor in left:
            if score >= ratio * base.get((ancestor, b), math.inf):
                dominated.add((ancestor, b))
            ancestor = left[ancestor].parent
        ancestor = right[b].parent
        while ancestor is not None and ancestor in right:
            if score >= ratio * base.get((a, ancestor), math.inf):
                dominated.add((a, ancestor))
            ancestor = right[ancestor].parent
    return dominated


def _candidates(
    left: dict[int, _Profile], right: dict[int, _Profile], stats: TermStats, settings: Settings
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
        postings = _postings(target, which, stats, settings)
        for sid, profile in source.items():
            vector = getattr(profile, which)
            terms = heapq.nlargest(settings.lookup_terms, vector.items(), key=_weight)
            acc: dict[int, float] = defaultdict(float)
            for term, weight in terms:
                for other, other_weight in postings.get(term, ()):
                    acc[other] += weight * other_weight
            best = heapq.nlargest(settings.candidates, acc.items(), key=_weight)
            pairs.update((other, sid) if flip else (sid, other) for other, _ in best)
    return pairs


def _weight(item: tuple[object, float]) -> float:
    return item[1]


def _postings(
    profiles: dict[int, _Profile], which: str, stats: TermStats, settings: Settings
) -> dict[str, list[tuple[int, float]]]:
    limit = max(2, settings.candidate_df * stats.documents)
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for sid, profile in profiles.items():
        for term, weight in getattr(profile, which).items():
            if stats.frequency.get(term, 0) <= limit:
                postings[term].append((sid, weight))
    for entries in postings.values():
        if len(entries) > settings.posting_limit:
            entries[:] = heapq.nlargest(settings.posting_limit, entries, key=_weight)
    return postings


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def _size_factor(a: float, b: float, settings: Settings) -> float:
    doublings = abs(math.log2((a + 20) / (b + 20)))
    excess = max(0.0, doublings - settings.size_allowance)
    return max(0.3, 1.0 - settings.size_penalty * excess)


def _shared_terms(a: _Profile, b: _Profile, stats: TermStats, limit: int = 6) -> list[str]:
    shared = [
        t for t in a.content.keys() & b.content.keys() if not t.startswith("~") and len(t) > 1
    ]
    shared.sort(key=lambda t: -(a.content[t] * b.content[t]))
    return shared[:limit]


def _evidence(shared: list[str], title: float, content: float, support: float) -> dict:
    """What a link's reason says: shared key terms, title and content similarity as printed,
    and the parents' correspondence when it counts."""
    return {
        "shared": list(shared),
        "title": f"{title:.2f}",
        "content": f"{content:.2f}",
        "support": f"{support:.2f}" if support >= 0.2 else None,
    }


def _reason(evidence: Mapping) -> str:
    """The evidence in the engine's own words (Chinese), stored and exported with the link."""
    parts = []
    if evidence["shared"]:
        parts.append("共同关键词：" + "、".join(evidence["shared"]))
    parts.append(f"标题相似度 {evidence['title']}")
    parts.append(f"内容相似度 {evidence['content']}")
    if evidence["support"]:
        parts.append(f"上级章节也相互对应（{evidence['support']}）")
    return "；".join(parts)


# -- rows across plans ---------------------------------------------------------------------


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
