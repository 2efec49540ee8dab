"""The values the engine takes and gives: sections in, links and rows out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# Kinds that hold a whole topic rather than one task.
HEADINGS = frozenset({"chapter", "section", "item", "subitem", "box", "attachment", "preface"})


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
    # What the section means, given by a sentence encoder outside the engine: unit-length
    # vectors (numpy arrays of one size) of its title and of its title with the start of its
    # content, or None where no encoder was run.
    meaning: tuple[object, object] | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class Link:
    left: int  # the section of the earlier plan in the order given to align()
    right: int
    score: float  # the probability that a reader would call the pair counterparts
    reason: str
    title_similarity: float = 0.0
    content_similarity: float = 0.0
    structure: float = 0.0
    shared_terms: tuple[str, ...] = ()
    # What the reason says, as data (see reasons.evidence): a page words it in the reader's
    # language.
    evidence: Mapping[str, object] = field(default_factory=dict, compare=False, hash=False)
    features: Mapping[str, float] = field(default_factory=dict, compare=False, hash=False)
