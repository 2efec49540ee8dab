"""Evidence: the lower plan's text, section by section and sentence by sentence, searched for an
item's terms, and each section weighed as carrying an item (terms held and lacking, the sentence
holding most of them, the engine's and the encoder's similarity)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from compare.alignment.lexicon import concepts
from compare.lib.meaning import SENTENCE, sentences

from .model import CoverLink, CoverSection, Evidence
from .scope import TOP_KINDS
from .terms import holds

# A term in more than this share of the lower plan's sections tells nothing alone there.
COMMON = 0.25
# The sentence encoder's similarity at which a lower sentence says what one of the item's own
# sentences (its title, a sentence of its text) says.
SAYS = 0.65
# The percentile of the lower plan's sections by similarity to an item that a section must
# pass to stand out as alike to it.
USUAL = 90
# A clause listing three things or more (风险监测、穿透预警、大数据分析等): a term that stands
# only in such lists is named in passing, not taken up.
_CLAUSE = re.compile(r"[^，,：:（）()]+")
# A clause break inside a title: a sentence run in as the title, not a caption.
_LEAD_CLAUSE = re.compile(r"[，,；;]")
_BOXES = frozenset({"box", "box_item"})


@dataclass(frozen=True)
class Wanted:
    """What is looked for of one item: its key terms, the topic words of its own text, and its
    meaning vector (None when unencoded)."""

    terms: tuple[str, ...]
    body: tuple[str, ...] = ()
    meaning: object = None
    # Unit vectors of the item's own sentences (its title, then each sentence of its text), one
    # row each; None when unencoded.
    sentences: object = None
    # The things its own text names (terms.named_objects): 统一身份认证, 电子证照, 公共数据.
    objects: tuple[str, ...] = ()


def item_sentences(s: CoverSection) -> np.ndarray | None:
    """The unit vectors of an item's title and of each sentence of its own text, when encoded."""
    rows = [v for v in (s.title_meaning,) if v is not None]
    if s.sentences is not None and len(s.sentences):
        rows.extend(np.asarray(s.sentences, dtype=np.float32))
    if not rows:
        return None
    m = np.stack([np.asarray(r, dtype=np.float32) for r in rows])
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms == 0, 1, norms)


def lead_titled(s: CoverSection, parents: set[int | None]) -> bool:
    """Whether a section's title is its lead sentence, not a caption: a numbered measure with
    nothing inside it whose title runs over a clause (86．成立以主要领导为组长的…领导机构，统筹
    协调督促…工作, then its text), as label-only measures are titled; a caption names a topic in
    one phrase (智慧人大, 提升综合监管精准化水平)."""
    return s.id not in parents and bool(_LEAD_CLAUSE.search(s.title))


def _in_box(s: CoverSection, by_id: dict[int, CoverSection]) -> bool:
    node: CoverSection | None = s
    while node is not None:
        if node.kind in _BOXES:
            return True
        node = by_id.get(node.parent) if node.parent is not None else None
    return False


def listed(sentence: str, term: str) -> bool:
    """Whether ``term`` stands in ``sentence`` only as one of three things or more listed
    (风险监测、穿透预警、大数据分析等金融业务服务应用: 监测 and 大数据 are listed; in
    开展5G、人工智能、区块链等应用试点, 试点 is what is done, not listed)."""
    found = False
    for clause in _CLAUSE.findall(sentence):
        if not holds(clause, None, term):
            continue
        found = True
        members = clause.split("、")
        if len(members) < 3:
            return False
        # The last member ends the list at 等 (…大数据分析等金融业务服务应用); without it, what
        # follows the list (安全可靠的数据资源管理体系) is its head, not one of its members.
        last = members.pop()
        if "等" in last:
            members.append(last.split("等", 1)[0])
        if not any(holds(m, None, term) for m in members):
            return False
    return found


def _unit(vector: object) -> np.ndarray | None:
    if vector is None:
        return None
    v = np.asarray(vector, dtype=np.float32)
    norm = float(np.linalg.norm(v))
    return v / norm if norm else None


class Search:
    """The lower plan's text, section by section (each with the text of the sections inside
    it), and its sentences: where an item's key terms are looked for."""

    def __init__(
        self,
        lower: Sequence[CoverSection],
        searchable: Sequence[CoverSection],
        *,
        titles: tuple[str, str] = ("", ""),
    ):
        # The plans' titles: a word the lower plan uses everywhere because its title names it
        # and the upper plan's does not (考评 of 包头's 数字政府建设考评办法) is its subject, not
        # plan language; 数字政府, in both titles, is what both are about.
        self.titles_of_plans = titles
        by_id = {s.id: s for s in lower}
        own: dict[int, list[tuple[int, str]]] = defaultdict(list)
        self.sentence_vectors: dict[tuple[int, str], np.ndarray] = {}
        for s in sorted(lower, key=lambda s: s.order):
            # A section's own title is not evidence of what it does (the false 已落实
            # came from titles alike); its sub-sections' titles are, for the section above.
            titled = [m.group().strip() for m in SENTENCE.finditer(s.title)]
            body = sentences(s.body)
            for said, start in (([t for t in titled if t], by_id.get(s.parent)), (body, s)):
                node: CoverSection | None = start
                while node is not None:
                    own[node.id].extend((s.id, t) for t in said)
                    node = by_id.get(node.parent) if node.parent is not None else None
            for t, v in _sentence_vectors(s, body):
                self.sentence_vectors[(s.id, t)] = v
        self.sentences = own
        # A numbered measure titled by its lead sentence (label-only measures): that sentence
        # is its text when it is quoted for the section around it (see ``lead_titled``).
        parents = {s.parent for s in lower}
        self.leads = {s.id: s.title for s in lower if lead_titled(s, parents)}
        # A box's projects (专栏, its items) illustrate the tasks the plan's text sets: where both
        # carry an item, the text is what a supervisor reads first.
        self.boxed = {s.id for s in lower if _in_box(s, by_id)}
        self.text = {sid: "。".join(t for _, t in found) for sid, found in own.items()}
        self.concepts = {sid: set(concepts(text)) for sid, text in self.text.items()}
        # Chapters hold everything under them: too wide to be one item's evidence.
        self.searchable = [s.id for s in searchable if s.kind not in TOP_KINDS]
        self.own_text = {s.id: s.title + "。" + s.body for s in lower}
        self.titles = {s.id: s.title for s in lower}
        self._common: dict[str, bool] = {}
        self.vectors = {s.id: v for s in lower if (v := _unit(s.meaning)) is not None}
        # A heading without text of its own over groups of sections (第三节 创新数字政府智慧应用,
        # over paragraphs and 专栏) is as wide as a chapter: its meaning is many tasks', not one
        # task's. A 专栏 over its items is one project, and stays.
        parents = {s.parent for s in lower}
        grandparents = {by_id[p].parent for p in parents if p in by_id}
        self.headings = {s.id for s in lower if not s.body.strip() and s.id in grandparents}
        self._parents = {s.id: s.parent for s in lower}

    def inside(self, sid: int, outer: int) -> bool:
        """Whether section ``sid`` lies (at any depth) inside section ``outer``."""
        node = self._parents.get(sid)
        while node is not None:
            if node == outer:
                return True
            node = self._parents.get(node)
        return False

    def common(self, term: str) -> bool:
        """Whether the lower plan uses ``term`` in more than a quarter of its sections."""
        if term not in self._common:
            holding = sum(holds(self.own_text[sid], None, term) for sid in self.searchable)
            upper, lower = self.titles_of_plans
            subject = holds(lower, None, term) and not holds(upper, None, term)
            self._common[term] = not subject and holding > max(COMMON * len(self.searchable), 2)
        return self._common[term]

    def weigh(self, wanted: Wanted, sid: int, link: CoverLink | None = None) -> Evidence:
        terms = wanted.terms
        text, named = self.text.get(sid, ""), self.concepts.get(sid, set())
        found = tuple(t for t in terms if holds(text, named, t))
        body_found = tuple(t for t in wanted.body if holds(text, named, t))
        body_missing = tuple(t for t in wanted.body if t not in body_found)
        vector, other = _unit(wanted.meaning), self.vectors.get(sid)
        alike = float(vector @ other) if vector is not None and other is not None else 0.0
        missing = tuple(t for t in terms if t not in found)
        # The sentence to quote: one that takes the item up, the closest in meaning; else the
        # one holding most of the terms (the closest in meaning among equals).
        best, best_key, telling, whole = ("", None, 0.0, False), None, False, False
        for where, sentence in self.sentences.get(sid, []):
            held = [t for t in found if holds(sentence, None, t)]
            if not held:
                continue
            said = self._said(wanted, where, sentence)
            tells = any(not self.common(t) and not listed(sentence, t) for t in held)
            telling = telling or tells
            whole = whole or (tells and len(held) == len(terms))
            takes = len(held) * 2 >= len(terms) and tells and said >= SAYS
            key = (takes, where not in self.boxed, said if takes else len(held), said)
            if best_key is None or key > best_key:
                best, best_key = (sentence, where, said, takes), key
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
            said=round(best[2], 4),
            takes_up=best[3],
            telling=telling,
            whole=whole,
            objects=_named(wanted.objects, text, self.common),
        )

    def usually_alike(self, wanted: Wanted) -> float | None:
        """How alike to the item the lower plan's sections usually are: the similarity nine in
        ten searched sections stay below (None when unencoded: nothing can be told then)."""
        vector = _unit(wanted.meaning)
        rows = [self.vectors[sid] for sid in self.searchable if sid in self.vectors]
        if vector is None or not rows:
            return None
        return float(np.percentile(np.stack(rows) @ vector, USUAL))

    def _said(self, wanted: Wanted, sid: int, sentence: str) -> float:
        vector = self.sentence_vectors.get((sid, sentence))
        if vector is None or wanted.sentences is None:
            return 0.0
        return float(np.max(wanted.sentences @ vector))

    def sentence_share(self, evidence: Evidence) -> float:
        if not evidence.sentence:
            return 0.0
        terms = len(evidence.found) + len(evidence.missing)
        return sum(holds(evidence.sentence, None, t) for t in evidence.found) / terms


def _named(objects: tuple[str, ...], text: str, common) -> tuple[str, ...]:
    """The item's named things ``text`` names too, word for word (a concept alike is not the
    thing), each once: 身份认证 inside 统一身份认证 is the same thing."""
    found = [w for w in objects if w in text and not common(w)]
    return tuple(w for w in found if not any(w != o and w in o for o in found))


def _sentence_vectors(s: CoverSection, said: list[str]):
    """(sentence, unit vector) of each of ``said``, the sentences of a section's own text, as far
    as they are encoded and still match the text. Titles have none: a title alike is what the
    issue's false 已落实 came from; what a plan does is said in its text."""
    if s.sentences is not None and len(s.sentences) == len(said):
        for text, vector in zip(said, s.sentences, strict=True):
            if (v := _unit(vector)) is not None:
                yield text, v
