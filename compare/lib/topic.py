"""A topic in a comparison: whether a row's texts mention every word of it, and where.

Pure Python. Words come simplified and lower-case (``plans.searching.terms_of``, as the site's
search takes them), so 政務雲 and 政务云 are one word; texts are compared in the same form:
simplified, full-width letters and digits as ASCII, lower-case. That form keeps a text's length,
so a match's place in it is its place in the printed text too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from plans.parsing.text import to_simplified

# Full-width digits, letters and signs as their ASCII forms (as compare.lib.marking reads them).
_HALF = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)})


def searchable(simplified: str) -> str:
    """An already simplified text as topic words are looked for in it."""
    return simplified.translate(_HALF).lower()


def mentions_all(texts: Sequence[str], terms: Sequence[str]) -> bool:
    """Whether every term occurs in one of ``texts`` (each already ``searchable``)."""
    return all(any(term in text for text in texts) for term in terms)


def mentions_any(text: str, terms: Sequence[str]) -> bool:
    return any(term in text for term in terms)


def cut_at_terms(chunks: Sequence[str], terms: Sequence[str]) -> list[list[tuple[str, bool]]]:
    """Each chunk of a printed text cut into (text, is part of a term) pieces.

    The chunks are read as one text, so a word split across two of them (政务 marked shared,
    云 not) is found whole and marked in both.

    >>> cut_at_terms(["推进政務", "雲建设"], ["政务云"])
    [[('推进', False), ('政務', True)], [('雲', True), ('建设', False)]]
    """
    whole = "".join(chunks)
    marked = bytearray(len(whole))
    if terms and whole:
        folded = _folded(whole)
        pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
        for match in pattern.finditer(folded):
            marked[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    out, at = [], 0
    for chunk in chunks:
        pieces: list[tuple[str, bool]] = []
        for run in re.finditer(rb"\x00+|\x01+", bytes(marked[at : at + len(chunk)])):
            pieces.append((chunk[run.start() : run.end()], run.group()[0] == 1))
        out.append(pieces)
        at += len(chunk)
    return out


def _folded(text: str) -> str:
    """``text`` simplified and lower-case, one character for each of its own."""
    folded = searchable(to_simplified(text))
    if len(folded) == len(text):
        return folded
    # OpenCC rewrote a phrase to another length: character by character keeps the places.
    return "".join(_one(ch) for ch in text)


def _one(ch: str) -> str:
    folded = searchable(to_simplified(ch))
    return folded if len(folded) == 1 else ch
