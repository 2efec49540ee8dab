"""Coverage (上下衔接): does a lower plan take up each task of a higher plan, and what does it add?

Pure Python on top of the alignment engine's links: sections and links come in as values, a
``Coverage`` goes out. Nothing here imports Django (tests/test_architecture.py checks).

Each item of the upper plan (every section below its chapters, in document order) is marked:
- covered (已落实): a link of the item reaches a lower section with a score that says the lower
  section is about the same task, or a person confirmed such a link;
- partly (部分落实): only a weak link, only a sub-item of it is linked, or the lower plan only
  mentions it (the item's title words stand together in one lower sentence);
- missing (未体现): none of these.
A curator's decision on an item wins over all of this and is kept across re-runs.
The lower plan's titled sections that nothing of the upper plan reaches, and that the upper plan
does not mention, are its own additions (本地特色): whole topics, and details inside taken-up tasks.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

COVERED, PARTLY, MISSING = "covered", "partly", "missing"
STATUSES = (COVERED, PARTLY, MISSING)

# A link at or above this probability (the engine's 很可能对应 band) says the lower section carries
# the task; below it (but kept by the engine) the lower section may share only part of the topic.
STRONG_LINK = 0.8
# Share of a title's character pairs that must stand in one lower sentence to count as a mention.
MENTION = 0.6
_TOP_KINDS = frozenset({"chapter", "preface"})
_SENTENCE = re.compile(r"[^。！？；;!?\n]+")
_HAN = re.compile(r"[\u3400-\u9fff]")


class CoverageError(ValueError):
    """Plans that cannot be measured as asked; the message says what to fix."""


@dataclass(frozen=True)
class CoverSection:
    id: int
    parent: int | None
    order: int
    depth: int
    kind: str
    label: str
    title: str  # simplified
    body: str  # simplified, own text only


@dataclass(frozen=True)
class CoverLink:
    upper: int  # a section of the upper plan
    lower: int  # a section of the lower plan
    score: float
    human: bool = False  # confirmed or added by a person


@dataclass(frozen=True)
class Decision:
    """A curator's word on an item: covered or missing, with a note."""

    status: str
    note: str = ""


@dataclass
class Item:
    section: CoverSection
    chapter: int | None  # id of the upper chapter it sits in
    level: int  # 0 for an item straight under a chapter, 1 under that, ...
    status: str
    why: str  # linked, weak, sub-item, mentioned, none, curated
    links: list[CoverLink] = field(default_factory=list)  # best first
    mention: tuple[int, str] | None = None  # (lower section id, the sentence)
    decision: Decision | None = None
    computed: str = ""  # the status before a curator's decision


@dataclass
class ChapterCount:
    section: CoverSection | None  # None for items outside any chapter
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Coverage:
    items: list[Item]
    chapters: list[ChapterCount]
    totals: dict[str, int]
    additions: list[CoverSection]  # topics of the lower plan's own (本地特色), document order
    details: list[CoverSection] = field(default_factory=list)  # its own items inside taken-up tasks

    @property
    def total(self) -> int:
        return sum(self.totals.values())


def measure_coverage(
    upper: Sequence[CoverSection],
    lower: Sequence[CoverSection],
    links: Iterable[CoverLink],
    *,
    decisions: Mapping[int, Decision] | None = None,
) -> Coverage:
    """Mark every item of ``upper`` covered, partly or missing in ``lower``; list ``lower``'s
    own additions. ``links`` may come either way round; ``decisions`` are by upper section id."""
    if not upper or not lower:
        raise CoverageError("both plans need sections: import the plan text again.")
    decisions = decisions or {}
    upper_ids = {s.id for s in upper}
    lower_ids = {s.id for s in lower}
    own: dict[int, list[CoverLink]] = defaultdict(list)
    for link in links:
        if link.upper not in upper_ids and link.lower in upper_ids:  # given the other way round
            link = CoverLink(link.lower, link.upper, link.score, link.human)
        if link.upper in upper_ids and link.lower in lower_ids:
            own[link.upper].append(link)
    for found in own.values():
        found.sort(key=lambda link: (-link.human, -link.score))
    sentences = _sentences(lower)
    items = _items(upper, own, sentences)
    for item in items:
        decision = decisions.get(item.section.id)
        if decision is not None and decision.status in (COVERED, MISSING):
            item.computed, item.decision = item.status, decision
            item.status, item.why = decision.status, "curated"
    taken = {link.lower for found in own.values() for link in found}
    taken |= {item.mention[0] for item in items if item.mention}
    topics, details = _additions(lower, taken, _sentences(upper))
    return Coverage(
        items=items,
        chapters=_chapters(upper, items),
        totals=_count(items),
        additions=topics,
        details=details,
    )


def _items(
    upper: Sequence[CoverSection],
    own: Mapping[int, list[CoverLink]],
    sentences: list[tuple[int, str]],
) -> list[Item]:
    by_id = {s.id: s for s in upper}
    children: dict[int | None, list[int]] = defaultdict(list)
    for s in upper:
        children[s.parent].append(s.id)
    items: dict[int, Item] = {}
    for s in sorted(upper, key=lambda s: s.order):
        if _is_top(s, children):
            continue
        chapter, level = _place(s, by_id, children)
        found = own.get(s.id, [])
        if any(link.human or link.score >= STRONG_LINK for link in found):
            status, why = COVERED, "linked"
        elif found:
            status, why = PARTLY, "weak"
        else:
            status, why = MISSING, "none"
        items[s.id] = Item(s, chapter, level, status, why, links=list(found))
    # A sub-item taken up makes its parent partly taken up; deepest first so it climbs.
    for item in sorted(items.values(), key=lambda i: -i.section.depth):
        if item.status == MISSING:
            taken = [items[c] for c in children[item.section.id] if c in items]
            if any(child.status != MISSING for child in taken):
                item.status, item.why = PARTLY, "sub-item"
    for item in items.values():
        if item.status == MISSING:
            item.mention = _mention(item.section.title, sentences)
            if item.mention is not None:
                item.status, item.why = PARTLY, "mentioned"
    # A mention of a sub-item climbs too (基本原则 whose principles are named).
    for item in sorted(items.values(), key=lambda i: -i.section.depth):
        if item.status == MISSING:
            taken = [items[c] for c in children[item.section.id] if c in items]
            if any(child.status != MISSING for child in taken):
                item.status, item.why = PARTLY, "sub-item"
    return list(items.values())


def _is_top(s: CoverSection, children: Mapping[int | None, list[int]]) -> bool:
    """A chapter (or preface, or an unnumbered top section over others) groups items; it is not
    one. A plan of articles without chapters (第X条) is all items."""
    return s.kind in _TOP_KINDS or (s.parent is None and bool(children.get(s.id)))


def _place(
    s: CoverSection, by_id: Mapping[int, CoverSection], children: Mapping[int | None, list[int]]
) -> tuple[int | None, int]:
    """The chapter an item sits in (the nearest grouping section above it), and its level."""
    level, node = 0, s
    while node.parent is not None and node.parent in by_id:
        parent = by_id[node.parent]
        if _is_top(parent, children):
            return parent.id, level
        level += 1
        node = parent
    return None, level


def _sentences(lower: Sequence[CoverSection]) -> list[tuple[int, str]]:
    found = []
    for s in lower:
        for text in (s.title, s.body):
            found.extend((s.id, m.group().strip()) for m in _SENTENCE.finditer(text))
    return [(sid, text) for sid, text in found if text]


def _pairs(text: str) -> set[str]:
    han = "".join(_HAN.findall(text))
    return {han[i : i + 2] for i in range(len(han) - 1)}


def _mention(title: str, sentences: list[tuple[int, str]]) -> tuple[int, str] | None:
    """The lower sentence that holds most of ``title``'s character pairs, if enough of them."""
    wanted = _pairs(title)
    if len(wanted) < 3:  # a two- or three-character title is found everywhere
        return None
    best, best_share = None, 0.0
    for sid, sentence in sentences:
        share = len(wanted & _pairs(sentence)) / len(wanted)
        if share > best_share:
            best, best_share = (sid, sentence), share
    return best if best_share >= MENTION else None


def _chapters(upper: Sequence[CoverSection], items: list[Item]) -> list[ChapterCount]:
    by_id = {s.id: s for s in upper}
    grouped: dict[int | None, list[Item]] = defaultdict(list)
    for item in items:
        grouped[item.chapter].append(item)
    return [
        ChapterCount(by_id.get(chapter) if chapter is not None else None, _count(found))
        for chapter, found in grouped.items()
    ]


def _count(items: Iterable[Item]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for item in items:
        counts[item.status] += 1
    return counts


def _additions(
    lower: Sequence[CoverSection], taken: set[int], upper_sentences: list[tuple[int, str]]
) -> tuple[list[CoverSection], list[CoverSection]]:
    """(topics, details) the lower plan adds. A topic is a titled section outside everything an
    upper item reaches (by link or mention), shown once at its highest section; a detail is a
    titled section inside a reached one whose title the upper plan does not mention (九湖 under
    the environment task)."""
    by_id = {s.id: s for s in lower}
    above = set()
    for sid in taken:
        node = by_id.get(sid)
        while node is not None and node.parent is not None:
            above.add(node.parent)
            node = by_id.get(node.parent)
    topics: list[CoverSection] = []
    details: list[CoverSection] = []
    inside, shown = set(taken), set()
    for s in sorted(lower, key=lambda s: s.order):
        if s.parent in inside:
            inside.add(s.id)
        if s.id in taken or s.id in above or s.kind == "preface":
            continue
        if s.parent in shown:
            shown.add(s.id)
            continue
        if not s.title or _mention(s.title, upper_sentences) is not None:
            continue
        (details if s.id in inside else topics).append(s)
        shown.add(s.id)
    return topics, details
