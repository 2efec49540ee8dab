"""Coverage (上下衔接): does a lower plan take up each task of a higher plan, and what does it add?

Pure Python on top of the alignment engine's links: sections and links come in as values, a
``Coverage`` goes out. Nothing here imports Django (tests/test_architecture.py checks).

The items are the upper plan's tasks and targets, and its safeguards (保障) as a group of their
own, told by the part of the plan each section sits in (``compare.alignment.roles.parts``):
context (现状, 形势) and guiding thought and principles are background, listed apart and not
counted; so is a heading with no text of its own over counted items (it would count them twice).

Each item is judged on evidence, its key terms (the words of its title that name its action and
object, not the formula around them) looked for in the lower plan's text:
- covered (已落实): a person confirmed a link; or the engine links a lower section in its
  很可能对应 band whose text (not only its title) holds at least half of the key terms, or says
  the same in other words (the engine's content similarity). The sentence is quoted.
- partly (部分落实): some key terms are found (the others are named as missing), by a link or
  by the search alone (words found are not a task taken up: a person confirms it), a link is
  weak, or only a sub-item is taken up;
- missing (未体现): a search of the lower plan's tasks, targets and safeguards found none.
A curator's decision on an item wins over all of this and is kept across re-runs.
The lower plan's titled sections that nothing of the upper plan reaches, and that the upper plan
does not mention, are its own additions (本地特色): whole topics, and details inside taken-up tasks.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from compare.alignment.lexicon import concepts, is_formula, is_topic
from compare.alignment.model import AlignSection
from compare.alignment.roles import parts, safeguard_role
from plans.lib.duties import without_duties
from plans.lib.tokenizing import tokenize

COVERED, PARTLY, MISSING = "covered", "partly", "missing"
STATUSES = (COVERED, PARTLY, MISSING)

# A link at or above this probability (the engine's 很可能对应 band) says the lower section carries
# the task; below it (but kept by the engine) the lower section may share only part of the topic.
STRONG_LINK = 0.8
# Share of a title's character pairs that must stand in one lower sentence to count as a mention.
MENTION = 0.6
# Of the terms an item names, the share a linked lower section must hold to carry it.
LINKED_SHARE = 0.5
# Under a covered item, a link to a section holding less than this share of its terms is weak.
WEAK_SHARE = 0.5
LINK_WEIGHT = 0.34
# A term in more than this share of the lower plan's sections tells nothing alone there.
COMMON = 0.25
# The engine's content similarity (bodies, not titles) at which two texts say the same thing.
SAME_TEXT = 0.4
# The sentence encoder's similarity (compare.lib.meaning) of an item and a lower section at which
# the section, holding half the item's terms, carries it though the engine's link is weaker or
# absent: the county names the concrete platform where the nation names the capability.
ALIKE = 0.68
_TOP_KINDS = frozenset({"chapter", "preface"})
_CLAUSE = re.compile(r"[，,、；;：:“”\s]")
_COUNTED = ("goals", "tasks", "safeguards")
# Words of plan language that name no action or object of their own (能力 of 提升X能力, 水平,
# 建设): an item's key terms are the other words of its title.
_GENERIC = frozenset(
    {"能力", "水平", "建设", "发展", "工作", "体系", "大力", "优化", "深化", "助推", "营造"}
    | {"重点", "主要", "全面", "总体", "基本", "有序", "进一步", "不断", "切实", "着力", "有效"}
    | {"能级", "效能", "支撑", "目标", "任务", "措施"}
)
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
    title_tokens: tuple[str, ...] = ()
    # The sentence encoder's vector of the title with the start of the content (compare.lib.
    # meaning), when the section has been encoded; None otherwise.
    meaning: object = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class CoverLink:
    upper: int  # a section of the upper plan
    lower: int  # a section of the lower plan
    score: float
    human: bool = False  # confirmed or added by a person
    # The engine's meaning evidence: topic words the two texts share, and how alike the texts are.
    shared: tuple[str, ...] = ()
    content: float = 0.0


@dataclass(frozen=True)
class Decision:
    """A curator's word on an item: covered or missing, with a note."""

    status: str
    note: str = ""


@dataclass(frozen=True)
class Evidence:
    """A lower section weighed as carrying an item: the item's key terms it holds and lacks,
    and the sentence that holds most of them."""

    section: int
    found: tuple[str, ...]
    missing: tuple[str, ...]
    sentence: str = ""
    sentence_section: int | None = None  # the section (or one inside it) the sentence is from
    score: float | None = None  # the link's probability; None when found by the search alone
    human: bool = False
    weak: bool = False  # a secondary link that holds few of the item's terms
    shared: tuple[str, ...] = ()  # the engine's topic words both texts use (a link's only)
    content: float = 0.0  # how alike the two texts are, by the engine
    alike: float = 0.0  # the sentence encoder's similarity of the two sections (0 unencoded)
    body: float = 0.0  # share of the item's own text's topic words the section holds
    body_found: tuple[str, ...] = ()  # those words
    body_missing: tuple[str, ...] = ()

    @property
    def share(self) -> float:
        total = len(self.found) + len(self.missing)
        return len(self.found) / total if total else 0.0


@dataclass
class Item:
    section: CoverSection
    chapter: int | None  # id of the upper chapter it sits in
    level: int  # 0 for an item straight under a chapter, 1 under that, ...
    status: str
    why: str  # linked, found, weak, sub-item, mentioned, none, curated
    links: list[CoverLink] = field(default_factory=list)  # best first
    mention: tuple[int, str] | None = None  # (lower section id, the sentence)
    decision: Decision | None = None
    computed: str = ""  # the status before a curator's decision
    group: str = "tasks"  # goals, tasks or safeguards
    terms: tuple[str, ...] = ()  # its key terms, looked for in the lower plan
    evidence: list[Evidence] = field(default_factory=list)  # most telling first
    searched: int = 0  # lower sections searched for its terms

    @property
    def missing_terms(self) -> tuple[str, ...]:
        return self.evidence[0].missing if self.evidence else self.terms


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
    background: list[tuple[CoverSection, str]] = field(default_factory=list)  # not counted, why
    groups: dict[str, int] = field(default_factory=dict)  # counted items by group

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
            link = CoverLink(
                link.lower, link.upper, link.score, link.human, link.shared, link.content
            )
        if link.upper in upper_ids and link.lower in lower_ids:
            own[link.upper].append(link)
    for found in own.values():
        found.sort(key=lambda link: (-link.human, -link.score))
    zones = _zones(upper)
    lower_zones = parts([_align(s) for s in lower])
    searchable = [s for s in lower if lower_zones.get(s.id) in _COUNTED]
    search = _Search(lower, searchable)
    items, background = _items(upper, own, zones, search)
    for item in items:
        decision = decisions.get(item.section.id)
        if decision is not None and decision.status in (COVERED, MISSING):
            item.computed, item.decision = item.status, decision
            item.status, item.why = decision.status, "curated"
    taken = {link.lower for found in own.values() for link in found}
    taken |= {item.mention[0] for item in items if item.mention}
    taken |= {e.section for item in items if item.status != MISSING for e in item.evidence}
    # Inside an evidence section, a sub-item titled with the item's terms and with a sentence
    # holding half of them carries it too: evidence, not the lower plan's own addition (one
    # titled otherwise, 民族团结 under 治理, is its own even if it says 治理现代化).
    lower_by_id = {s.id: s for s in lower}
    for item in items:
        if item.status == MISSING:
            continue
        for e in item.evidence:
            for sid, sentence in search.sentences.get(e.section, []):
                held = sum(_holds(sentence, None, t) for t in e.found)
                titled = any(_holds(lower_by_id[sid].title, None, t) for t in e.found)
                if held and held * 2 >= len(item.terms) and titled:
                    taken.add(sid)
    # The lower plan's own background (现状, 形势, principles) is not what it adds to the tasks.
    background_ids = {sid for sid, zone in lower_zones.items() if zone not in _COUNTED}
    topics, details = _additions(lower, taken | background_ids, _sentences(upper))
    return Coverage(
        items=items,
        chapters=_chapters(upper, items),
        totals=_count(items),
        additions=topics,
        details=details,
        background=background,
        groups=dict(Counter(item.group for item in items)),
    )


def _align(s: CoverSection) -> AlignSection:
    return AlignSection(s.id, "", s.parent, s.order, s.depth, s.kind, s.label, s.title, s.body)


def _zones(upper: Sequence[CoverSection]) -> dict[int, str]:
    """The part each upper section sits in. The last chapter of tasks whose items mostly name
    what they secure (组织领导, 推进机制, 数字素养, 考核评估) is the plan's safeguards whatever its
    heading says (八、 加强党对数字政府建设工作的领导)."""
    zones = parts([_align(s) for s in upper])
    chapters = [s for s in upper if s.kind == "chapter" and zones.get(s.id) == "tasks"]
    if chapters and "safeguards" not in zones.values():
        last = max(chapters, key=lambda s: s.order)
        under = [s for s in upper if s.parent == last.id]
        roles = sum(bool(safeguard_role(s.title)) for s in under)
        if len(under) >= 2 and roles * 4 >= len(under) * 3:
            inside = {last.id}
            for s in sorted(upper, key=lambda s: s.order):  # parents first
                if s.id in inside or s.parent in inside:
                    inside.add(s.id)
                    zones[s.id] = "safeguards"
    return zones


def key_terms(s: CoverSection) -> tuple[str, ...]:
    """The words of an item's title that name its action and object: not formula (提升, 加强),
    not words of plan language that name nothing (能力, 水平, 建设), not one character.

    >>> key_terms(CoverSection(1, None, 0, 1, "section", "", "提升行政执行能力", "",
    ...     ("提升", "行政", "执行", "能力")))
    ('行政', '执行')
    """
    tokens = s.title_tokens or tuple(tokenize(s.title))
    found, at, leading = [], 0, True
    for token in tokens:
        where = s.title.find(token, at)
        if where < 0 or _CLAUSE.search(s.title[at:where]) or where == 0:
            leading = True  # a new clause: its opening verbs (提升, 积极推动) are the formula
        at = max(at, where + len(token)) if where >= 0 else at
        if len(token) < 2 or token in _GENERIC:
            continue
        if leading and is_formula(token):
            continue
        leading = False
        if token not in found:
            found.append(token)
    if not found:  # 提高自主可控水平: its object told in words the lexicon files as formula
        found = list(dict.fromkeys(t for t in tokens[1:] if len(t) >= 2 and t not in _GENERIC))
    return tuple(found)


def body_terms(s: CoverSection) -> tuple[str, ...]:
    """The topic words of an item's own text (what it asks for beyond its title's formula):
    words of two characters or more that carry a topic, without plan language (能力, 建设).

    >>> body_terms(CoverSection(1, None, 0, 1, "section", "", "提升行政执行能力",
    ...     "加快一体化协同办公体系建设，全面提升内部办公水平。"))
    ('一体化', '协同办公', '办公')
    """
    found = []
    for token in tokenize(s.body):
        if len(token) < 2 or token in _GENERIC or not is_topic(token) or token in found:
            continue
        found.append(token)
    return tuple(found)


@dataclass(frozen=True)
class _Wanted:
    """What is looked for of one item: its key terms, the topic words of its own text, and its
    meaning vector (None when unencoded)."""

    terms: tuple[str, ...]
    body: tuple[str, ...] = ()
    meaning: object = None


def _unit(vector: object) -> np.ndarray | None:
    if vector is None:
        return None
    v = np.asarray(vector, dtype=np.float32)
    norm = float(np.linalg.norm(v))
    return v / norm if norm else None


class _Search:
    """The lower plan's text, section by section (each with the text of the sections inside
    it), and its sentences: where an item's key terms are looked for."""

    def __init__(self, lower: Sequence[CoverSection], searchable: Sequence[CoverSection]):
        by_id = {s.id: s for s in lower}
        own: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for s in sorted(lower, key=lambda s: s.order):
            # A section's own title is not evidence of what it does (the false 已落实
            # came from titles alike); its sub-sections' titles are, for the section above.
            for text, start in ((s.title, by_id.get(s.parent)), (without_duties(s.body), s)):
                sentences = [(s.id, m.group().strip()) for m in _SENTENCE.finditer(text)]
                sentences = [(sid, t) for sid, t in sentences if t]
                node: CoverSection | None = start
                while node is not None:
                    own[node.id].extend(sentences)
                    node = by_id.get(node.parent) if node.parent is not None else None
        self.sentences = own
        self.text = {sid: "。".join(t for _, t in found) for sid, found in own.items()}
        self.concepts = {sid: set(concepts(text)) for sid, text in self.text.items()}
        # Chapters hold everything under them: too wide to be one item's evidence.
        self.searchable = [s.id for s in searchable if s.kind not in _TOP_KINDS]
        self.own_text = {s.id: s.title + "。" + s.body for s in lower}
        self._common: dict[str, bool] = {}
        self.vectors = {s.id: v for s in lower if (v := _unit(s.meaning)) is not None}
        # A heading without text of its own over groups of sections (第三节 创新数字政府智慧应用,
        # over paragraphs and 专栏) is as wide as a chapter: its meaning is many tasks', not one
        # task's. A 专栏 over its items is one project, and stays.
        parents = {s.parent for s in lower}
        grandparents = {by_id[p].parent for p in parents if p in by_id}
        self.headings = {s.id for s in lower if not s.body.strip() and s.id in grandparents}

    def common(self, term: str) -> bool:
        """Whether the lower plan uses ``term`` in more than a quarter of its sections."""
        if term not in self._common:
            holding = sum(_holds(self.own_text[sid], None, term) for sid in self.searchable)
            self._common[term] = holding > max(COMMON * len(self.searchable), 2)
        return self._common[term]

    def weigh(self, wanted: _Wanted, sid: int, link: CoverLink | None = None) -> Evidence:
        terms = wanted.terms
        text, named = self.text.get(sid, ""), self.concepts.get(sid, set())
        found = tuple(t for t in terms if _holds(text, named, t))
        body_found = tuple(t for t in wanted.body if _holds(text, named, t))
        body_missing = tuple(t for t in wanted.body if t not in body_found)
        vector, other = _unit(wanted.meaning), self.vectors.get(sid)
        alike = float(vector @ other) if vector is not None and other is not None else 0.0
        missing = tuple(t for t in terms if t not in found)
        best, best_count = ("", None), 0
        for where, sentence in self.sentences.get(sid, []):
            count = sum(_holds(sentence, None, t) for t in found)
            if count > best_count:
                best, best_count = (sentence, where), count
        return Evidence(
            sid,
            found,
            missing,
            best[0],
            best[1],
            link.score if link else None,
            link.human if link else False,
            shared=link.shared if link else (),
            content=link.content if link else 0.0,
            alike=round(alike, 4),
            body=len(body_found) / len(wanted.body) if wanted.body else 0.0,
            body_found=body_found,
            body_missing=body_missing,
        )

    def sentence_share(self, evidence: Evidence) -> float:
        if not evidence.sentence:
            return 0.0
        terms = len(evidence.found) + len(evidence.missing)
        return sum(_holds(evidence.sentence, None, t) for t in evidence.found) / terms


def _holds(text: str, named: set[str] | None, term: str) -> bool:
    """Whether ``text`` names ``term``: the word itself, both halves of a long word, or a concept
    it names (政务云平台 in a text that says 政务云)."""
    if term in text:
        return True
    if len(term) >= 4 and term[:2] in text and term[-2:] in text:  # 网络平台: 网络…平台
        return True
    if named is None:
        named = set(concepts(text))
    return bool(named and set(concepts(term)) & named)


def _judge(
    wanted: _Wanted, links: list[CoverLink], search: _Search
) -> tuple[str, str, list[Evidence]]:
    """(status, why, evidence) of one item from its links and a search of the lower plan."""
    item_terms = wanted.terms
    weighed = {link.lower: search.weigh(wanted, link.lower, link) for link in links}
    if item_terms:
        for sid in search.searchable:
            if sid not in weighed:
                evidence = search.weigh(wanted, sid)
                if evidence.found:
                    weighed[sid] = evidence

    def holds_terms(e: Evidence) -> bool:
        # Half the terms, one of them a word the lower plan does not use everywhere: 机制 or 应用
        # found and 数据管理 or 共性 missing is not the task.
        telling = any(not search.common(t) for t in e.found)
        return e.share >= LINKED_SHARE and bool(e.sentence) and telling

    def covers(e: Evidence) -> bool:
        if e.human:
            return True
        if e.score is None or e.score < STRONG_LINK:
            # Words alone are not a task taken up (a list such as 数字政务、数字社会、数字生态
            # holds them too): the section must also say what the item says, by the encoder.
            if e.section in search.headings:
                return False
            return bool(item_terms) and e.alike >= ALIKE and holds_terms(e)
        if e.content >= SAME_TEXT:  # the texts say the same, in other words (网络平台 / 外网)
            return True
        if not item_terms:  # nothing to look for: the link's word alone
            return True
        return holds_terms(e)

    def rank(e: Evidence):
        # Deeper (shorter) sections first among equals: the one that says it, not its chapter.
        # A link counts for a third of the terms: the engine's meaning evidence beside them.
        return (
            -covers(e),
            -(e.share + (LINK_WEIGHT if e.score is not None and e.found else 0) + e.alike),
            -search.sentence_share(e),
            -(e.score or 0),
            len(search.text.get(e.section, "")),
        )

    ranked = sorted(weighed.values(), key=rank)
    if not ranked:
        return MISSING, "none", []
    best = ranked[0]
    if covers(best):
        strong = best.human or (best.score is not None and best.score >= STRONG_LINK)
        status, why = COVERED, "linked" if strong else "meaning"
    elif best.score is not None and not best.found and item_terms:
        status, why = PARTLY, "weak"
    elif best.found or (best.score is not None and not item_terms):
        status, why = PARTLY, "weak" if best.score is not None else "mentioned"
    else:
        return MISSING, "none", []
    shown = [best]
    for e in ranked[1:]:
        if e.score is not None:  # every link is shown; one that holds little of the item is weak
            weak = status == COVERED and e.share < WEAK_SHARE
            shown.append(Evidence(**{**e.__dict__, "weak": weak}))
    return status, why, shown


def _items(
    upper: Sequence[CoverSection],
    own: Mapping[int, list[CoverLink]],
    zones: Mapping[int, str],
    search: _Search,
) -> tuple[list[Item], list[tuple[CoverSection, str]]]:
    by_id = {s.id: s for s in upper}
    children: dict[int | None, list[int]] = defaultdict(list)
    for s in upper:
        children[s.parent].append(s.id)
    items: dict[int, Item] = {}
    background: list[tuple[CoverSection, str]] = []
    for s in sorted(upper, key=lambda s: s.order):
        if _is_top(s, children):
            continue
        zone = zones.get(s.id, "tasks")
        if zone not in _COUNTED:
            background.append((s, zone))
            continue
        if not s.body.strip() and children.get(s.id):
            background.append((s, "heading"))  # its items are counted instead
            continue
        chapter, _level = _place(s, by_id, children)
        found = own.get(s.id, [])
        terms = key_terms(s)
        wanted = _Wanted(terms, body_terms(s), s.meaning)
        status, why, evidence = _judge(wanted, found, search)
        mention = None
        if why == "mentioned" and evidence and evidence[0].sentence:
            mention = (evidence[0].sentence_section or evidence[0].section, evidence[0].sentence)
        items[s.id] = Item(
            s,
            chapter,
            0,
            status,
            why,
            links=list(found),
            mention=mention,
            group=zone,
            terms=terms,
            evidence=evidence,
            searched=len(search.searchable),
        )
    # Levels count items only: a heading left out does not push its items down.
    for item in items.values():
        node, level = item.section, 0
        while node.parent is not None and node.parent in by_id:
            node = by_id[node.parent]
            level += node.id in items
        item.level = level
    # A sub-item taken up makes its parent partly taken up; deepest first so it climbs.
    for item in sorted(items.values(), key=lambda i: -i.section.depth):
        if item.status == MISSING:
            taken = [items[c] for c in children[item.section.id] if c in items]
            if any(child.status != MISSING for child in taken):
                item.status, item.why = PARTLY, "sub-item"
    return list(items.values()), background


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
