"""Word-level diff of two sections' texts on jieba tokens.

Pure Python: takes strings, returns dataclasses. Texts are compared in simplified form and
shown in their own script: when simplification kept the length (as OpenCC t2s almost always
does), each token is mapped back to the original characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from plans.lib.tokenizing import segment

EQUAL, INSERT, DELETE = "equal", "insert", "delete"


@dataclass(frozen=True)
class Span:
    text: str
    op: str  # equal / insert (only in the compared text) / delete (only in the base text)


@dataclass(frozen=True)
class WordDiff:
    spans: list[Span]
    similarity: float  # 0..1 share of tokens in common

    @property
    def differs(self) -> bool:
        return any(s.op != EQUAL for s in self.spans)


def _tokens(original: str, simplified: str) -> tuple[list[str], list[str]]:
    """Tokens of the simplified text and the same stretches of the original text."""
    simple = list(_segment(simplified))
    if len(original) != len(simplified):
        return simple, simple
    shown, pos = [], 0
    for token in simple:
        shown.append(original[pos : pos + len(token)])
        pos += len(token)
    return simple, shown


def diff_words(
    base: str,
    other: str,
    *,
    base_simplified: str | None = None,
    other_simplified: str | None = None,
) -> WordDiff:
    """Diff ``other`` against ``base``: ``other``'s words, with ``base``'s missing words marked.

    >>> [(s.op, s.text) for s in diff_words("建设政务云", "建设全省政务云").spans]
    [('equal', '建设'), ('insert', '全省'), ('equal', '政务云')]
    """
    base_key, base_shown = _tokens(base, base_simplified if base_simplified is not None else base)
    other_key, other_shown = _tokens(
        other, other_simplified if other_simplified is not None else other
    )
    matcher = SequenceMatcher(a=base_key, b=other_key, autojunk=False)
    spans: list[Span] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(spans, "".join(other_shown[j1:j2]), EQUAL)
            continue
        if tag in ("delete", "replace"):
            _append(spans, "".join(base_shown[i1:i2]), DELETE)
        if tag in ("insert", "replace"):
            _append(spans, "".join(other_shown[j1:j2]), INSERT)
    total = len(base_key) + len(other_key)
    same = sum(b.size for b in matcher.get_matching_blocks())
    return WordDiff(spans=spans, similarity=(2 * same / total) if total else 1.0)


@lru_cache(maxsize=20000)
def _segment(text: str) -> tuple[str, ...]:
    # Pages diff the same sections again and again: segment each text once per process.
    return tuple(segment(text))


def _append(spans: list[Span], text: str, op: str) -> None:
    if not text:
        return
    if spans and spans[-1].op == op:
        spans[-1] = Span(spans[-1].text + text, op)
    else:
        spans.append(Span(text, op))
