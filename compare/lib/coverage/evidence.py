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
from plans.lib.duties import without_duties

from .model import CoverLink, CoverSection, Evidence
from .scope import TOP_KINDS
from .terms import holds

# A term in more than this share of the lower plan's sections tells nothing alone there.
COMMON = 0.25
SENTENCE = re.compile(r"[^。！？；;!?\n]+")


@dataclass(frozen=True)
class Wanted:
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


class Search:
    """The lower plan's text, section by section (each with the text of the sections inside
    it), and its sentences: where an item's key terms are looked for."""

    def __init__(self, lower: Sequence[CoverSection], searchable: Sequence[CoverSection]):
        by_id = {s.id: s for s in lower}
        own: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for s in sorted(lower, key=lambda s: s.order):
            # A section's own title is not evidence of what it does (the false 已落实
            # came from titles alike); its sub-sections' titles are, for the section above.
            for text, start in ((s.title, by_id.get(s.parent)), (without_duties(s.body), s)):
                sentences = [(s.id, m.group().strip()) for m in SENTENCE.finditer(text)]
                sentences = [(sid, t) for sid, t in sentences if t]
                node: CoverSection | None = start
                while node is not None:
                    own[node.id].extend(sentences)
                    node = by_id.get(node.parent) if node.parent is not None else None
        self.sentences = own
        self.text = {sid: "。".join(t for _, t in found) for sid, found in own.items()}
        self.concepts = {sid: set(concepts(text)) for sid, text in self.text.items()}
        # Chapters hold everything under them: too wide to be one item's evidence.
        self.searchable = [s.id for s in searchable if s.kind not in TOP_KINDS]
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
            holding = sum(holds(self.own_text[sid], None, term) for sid in self.searchable)
            self._common[term] = holding > max(COMMON * len(self.searchable), 2)
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
        best, best_count = ("", None), 0
        for where, sentence in self.sentences.get(sid, []):
            count = sum(holds(sentence, None, t) for t in found)
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
        return sum(holds(evidence.sentence, None, t) for t in evidence.found) / terms
