"""Shared and distinct marks: what each cell of a comparison row says that the others also say.

Pure Python: takes the texts of one row (each in its own script, with its simplified form and
stored tokens) and returns each text cut into pieces carrying marks, so a cell shows only its
own words. Three marks:

- ``shared``: a passage of ``min_shared`` characters or more (punctuation and spaces aside)
  that some other cell of the row also contains, in any order: plans of two jurisdictions are
  different texts that share phrases, not two versions of one text. Found on the simplified
  forms by character n-grams and mapped back to the original's offsets.
- ``distinct``: a few of the cell's own terms that no other cell has (longest first).
- ``number``: figures and targets (90%, 1.5万, 100个), so 90% beside 80% stands out.

Formula every plan repeats (加快推进, 数字政府) is never marked as shared or distinct: the caller
says what formula is through ``formula(term) -> bool``. Nor is a term the catalogue uses
everywhere (重点, 功能, 全面实现) marked as a plan's own: ``common(term) -> bool``, made from the
document frequencies the alignment engine weighs terms by (``common_in``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

SHARED, DISTINCT, NUMBER = "shared", "distinct", "number"
MIN_SHARED = 4  # characters: shorter coincidences (两个字的词) are everywhere
LONG_SHARED = 8  # a verbatim passage this long is marked even when made of formula words
MAX_DISTINCT = 6  # terms per text: more would mark most of a different document
COMMON_SHARE = 0.05  # a term in more than 1 in 20 of the catalogue's sections is no plan's own

# Full-width digits, letters and signs as their ASCII forms: same length, so offsets hold.
_HALF = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)})
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")


def _half(text: str) -> str:
    return text.translate(_HALF) if _FULL_WIDTH.search(text) else text


# Figures, not names with digits in them (5G, IPv6, 4K); 40G is not cut to a boxed 4 before 0G.
_NUMBER = re.compile(
    r"(?<![\w.])\d+(?:\.\d+)?(?:\s*(?:%|‰|个百分点|万|亿))?(?![A-Za-z\d]|\.\d)", re.ASCII
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script
_RUNS = re.compile(rb"(.)\1*", re.S)
_BIT = {SHARED: 1, DISTINCT: 2, NUMBER: 4}
_SETS = [frozenset(m for m, bit in _BIT.items() if code & bit) for code in range(8)]


@dataclass(frozen=True)
class MarkText:
    """One section's text: as printed, simplified (same length as a rule), and its tokens."""

    original: str
    simplified: str
    tokens: Sequence[str] = ()


@dataclass(frozen=True)
class Piece:
    text: str
    marks: frozenset[str] = frozenset()


def mark_row(
    cells: Sequence[Sequence[MarkText]],
    *,
    formula: Callable[[str], bool],
    common: Callable[[str], bool] = lambda term: False,
    min_shared: int = MIN_SHARED,
) -> list[list[list[Piece]]]:
    """Each text of each cell cut into marked pieces, compared with the other cells' texts.

    >>> cells = [[MarkText("建设全省统一政务云平台", "建设全省统一政务云平台")],
    ...          [MarkText("推進全省統一政務雲平臺建設", "推进全省统一政务云平台建设")]]
    >>> [(p.text, sorted(p.marks)) for p in mark_row(cells, formula=lambda t: False)[1][0]][:2]
    [('推進', []), ('全省統一政務雲平臺', ['shared'])]
    """
    keys = [[_key(t.simplified) for t in texts] for texts in cells]
    grams = [_grams([key for key, _ in cell], min_shared) for cell in keys]
    result = []
    for index, texts in enumerate(cells):
        others = [key for j, cell in enumerate(keys) if j != index for key in cell if key[0]]
        elsewhere = set().union(*(g for j, g in enumerate(grams) if j != index))
        result.append(
            [
                _marked(text, key, others, elsewhere, formula, common, min_shared)
                for text, key in zip(texts, keys[index], strict=True)
            ]
        )
    return result


def _grams(texts: list[str], size: int) -> set[str]:
    return {text[i : i + size] for text in texts for i in range(len(text) - size + 1)}


def _key(simplified: str) -> tuple[str, list[int]]:
    """The text without punctuation or spaces, and where each of its characters came from."""
    text = _half(simplified).lower()
    where: list[int] = []
    for match in _WORD.finditer(text):
        where.extend(range(match.start(), match.end()))
    return "".join(match.group() for match in _WORD.finditer(text)), where


def _marked(text, key, others, grams, formula, common, min_shared) -> list[Piece]:
    simplified = _half(text.simplified)
    marks = bytearray(len(simplified))  # a bit per mark for each character
    for start, end in _numbers(simplified):
        _put(marks, start, end, _BIT[NUMBER])
    if others:
        compact, where = key
        for start, end in _shared_runs(compact, grams, min_shared):
            run = compact[start:end]
            if _only_formula(run, text.tokens, formula) and len(run) < LONG_SHARED:
                continue
            _put(marks, where[start], where[end - 1] + 1, _BIT[SHARED])
        for start, end in _distinct(simplified, text.tokens, others, formula, common):
            if not any(b & _BIT[SHARED] for b in marks[start:end]):  # partly shared: not its own
                _put(marks, start, end, _BIT[DISTINCT])
    return _pieces(text.original, text.simplified, marks)


def _numbers(text: str) -> list[tuple[int, int]]:
    found = []
    for match in _NUMBER.finditer(text):
        figure = match.group()
        start, end = match.span()
        listed = figure.isdigit() and (
            text[end : end + 1] in (".", "、", ")", "）") or text[start - 1 : start] in ("(", "（")
        )
        if _YEAR.fullmatch(figure) or listed:
            continue  # years are deadlines, (1) and 1. number lists: not targets
        found.append(match.span())
    return found


def _shared_runs(compact: str, grams: set[str], size: int):
    """Maximal stretches of ``compact`` covered by n-grams that occur in another text."""
    if len(compact) < size:
        return []
    # joined[i]: one matching n-gram covers both i-1 and i, so they belong to one passage
    joined = [False] * (len(compact) + 1)
    covered = [False] * len(compact)
    for i in range(len(compact) - size + 1):
        if compact[i : i + size] in grams:
            covered[i : i + size] = [True] * size
            joined[i + 1 : i + size] = [True] * (size - 1)
    runs, start = [], None
    for i in range(len(compact) + 1):
        if start is not None and (i == len(compact) or not joined[i]):
            runs.append((start, i))
            start = None
        if start is None and i < len(compact) and covered[i]:
            start = i
    return runs


def _only_formula(run: str, tokens: Sequence[str], formula) -> bool:
    """Whether the passage is made of formula words only (at most one other character left)."""
    rest = run
    for token in sorted({t for t in tokens if t in run}, key=len, reverse=True):
        if formula(token):
            rest = rest.replace(token, "")
    return len(rest) <= 1


def _distinct(simplified, tokens, others, formula, common) -> list[tuple[int, int]]:
    """The first place of a few terms the other texts lack, longest terms first."""
    elsewhere = "\n".join(other for other, _ in others)
    lowered = simplified.lower()
    terms = {
        t
        for t in tokens
        if len(t) >= 2
        and not _NUMBER.fullmatch(t)
        and t not in elsewhere
        and not formula(t)
        and not common(t)
    }
    spans = []
    for term in sorted(terms, key=lambda t: (-len(t), lowered.find(t)))[:MAX_DISTINCT]:
        at = lowered.find(term)
        if at >= 0:
            spans.append((at, at + len(term)))
    return spans


def common_in(
    frequency: Mapping[str, int], documents: int, *, share: float = COMMON_SHARE
) -> Callable[[str], bool]:
    """A test for terms too common in a catalogue to mark as a plan's own: those in more than
    ``share`` of its ``documents`` (sections), and words made only of such words.

    >>> common = common_in({"全面": 120, "实现": 200, "政务": 300, "全面实现": 3}, 800)
    >>> common("全面实现"), common("政务云")
    (True, False)
    """
    limit = share * documents

    def common(term: str) -> bool:
        if frequency.get(term, 0) > limit:
            return True
        # 全面实现 is rare as one token, yet 全面 + 实现 say nothing of its own; a character no
        # common pair covers (the 云 of 政务云) is what makes a compound specific.
        covered = [False] * len(term)
        for i in range(len(term) - 1):
            if frequency.get(term[i : i + 2], 0) > limit:
                covered[i] = covered[i + 1] = True
        return len(term) > 2 and all(covered)

    return common


def _put(marks: bytearray, start: int, end: int, bit: int) -> None:
    end = min(end, len(marks))
    marks[start:end] = bytes(b | bit for b in marks[start:end])


def _pieces(original: str, simplified: str, marks: bytearray) -> list[Piece]:
    if len(original) != len(simplified):
        marks = _moved(original, simplified, marks)
    # Runs of characters with the same marks, found by the regex engine rather than a loop.
    return [
        Piece(original[m.start() : m.end()], _SETS[m.group()[0]])
        for m in _RUNS.finditer(bytes(marks))
    ]


def _moved(original: str, simplified: str, marks: bytearray) -> bytearray:
    """Marks carried over to the original's characters when simplifying changed the length."""
    from rapidfuzz.distance import Levenshtein

    moved = bytearray(len(original))
    for op in Levenshtein.opcodes(simplified, original):
        if op.tag in ("equal", "replace"):
            width = op.src_end - op.src_start
            for k in range(op.dest_end - op.dest_start):
                moved[op.dest_start + k] = marks[op.src_start + min(k, width - 1)]
    return moved
