"""Repairs to text OCR read from a scan, made only where the document's own order decides them:
a numbering label misread (``%.`` between ``8.`` and ``10.``), a 文号's brackets, and the short
garbage OCR reads off seals, stamps and the edges of a photographed page."""

from __future__ import annotations

import dataclasses
import re

from plans.parsing._facts import DOC_NUMBER, looks_like_issuer
from plans.parsing._headings import NUMBERED_ITEM, classify
from plans.parsing._lines import Line
from plans.parsing.text import to_simplified

# A label OCR could not read as a figure: one or two marks that are neither figures nor Chinese
# (%, S, B, l), then the label's 。/．/、 and the item's words.
_GARBLED_LABEL = re.compile(
    r"^([^\s\d\u4e00-\u9fff（(【\[“\"《]{1,2})\s*([.．、])\s*(?=[\u4e00-\u9fff])"
)


# 一 .电子证书范围, 三、. 电子证书效力: OCR reads the 、 after a Chinese numeral as a full stop,
# or a speck after it as one more; print never puts a full stop there.
_NUMERAL_STOP = re.compile(
    r"^([一二三四五六七八九十]{1,3})(\s*)(?:[.．]|(、)\s*[.．])(?=\s*[\u4e00-\u9fff])"
)


def repaired_labels(lines: list[Line], spans: list[tuple[int, int]]) -> list[Line]:
    """``lines`` with each garbled ``N.`` label inside ``spans`` (the OCR'd text) given back its
    figure, when the labels before and after it on their own lines are N-1 and N+1 of the same
    kind (1. … 8. ? 10.): the sequence leaves one reading; and each ``一.`` given its 、. Same
    length, so offsets hold."""
    if not spans:
        return lines
    lines = [_numeral_caption(line) if _inside(line, spans) else line for line in lines]
    numbers = {i: _number(line.text) for i, line in enumerate(lines)}
    items = [i for i, n in numbers.items() if n is not None]
    out = list(lines)
    for i, line in enumerate(lines):
        m = _GARBLED_LABEL.match(line.text)
        if not m or numbers[i] is not None or not _inside(line, spans):
            continue
        before = [j for j in items if j < i]
        after = [j for j in items if j > i]
        if not before or not after:
            continue
        (n_before, mark_before), (n_after, mark_after) = numbers[before[-1]], numbers[after[0]]
        figure = str(n_before + 1)
        if (
            n_after == n_before + 2
            and mark_before == mark_after == m.group(2)
            and len(figure) == len(m.group(1))
        ):
            out[i] = dataclasses.replace(line, text=figure + line.text[len(m.group(1)) :])
    return out


# 一) 获取方式: OCR lost the opening bracket of （一）; the space it read after the label leaves
# room to give it back without moving any offset.
_OPEN_LOST = re.compile(r"^([一二三四五六七八九十]{1,3})[)）]\s(?=\s*[\u4e00-\u9fff])")


def _numeral_caption(line: Line) -> Line:
    if lost := _OPEN_LOST.match(line.text):
        return dataclasses.replace(line, text=f"（{lost.group(1)}）" + line.text[lost.end() :])
    m = _NUMERAL_STOP.match(line.text)
    if not m:
        return line
    mark = "、" + " " * (len(m.group()) - len(m.group(1)) - 1)
    return dataclasses.replace(line, text=m.group(1) + mark + line.text[m.end() :])


# 4. 0 版本: a figure OCR split with a space (4.0) where a wrapped line begins, read as item 4.
_SPLIT_FIGURE = re.compile(r"^(\d{1,3})\s*[.．]\s+\d")


def rejoined_figures(lines: list[Line], spans: list[tuple[int, int]]) -> list[Line]:
    """``lines`` with each OCR'd line that opens with a split figure (``4. 0 版本。``) run on into
    the line above, when the items around it say it is no item: the one before is N-1 and the
    next is N itself (3. … 4. 0 版本 … 4.), and the line above ends no sentence."""
    numbers = [_number(line.text) for line in lines]
    out: list[Line] = []
    for i, line in enumerate(lines):
        m = _SPLIT_FIGURE.match(line.text)
        above = next((j for j in range(len(out) - 1, -1, -1) if out[j].text), None)
        if m and numbers[i] is not None and above is not None and _inside(line, spans):
            n = int(m.group(1))
            before = next((k for k in reversed(numbers[:i]) if k is not None), None)
            after = next((k for k in numbers[i + 1 :] if k is not None), None)
            if (
                before is not None
                and after is not None
                and (before[0], after[0]) == (n - 1, n)
                and not _SENTENCE_END.search(out[above].text)
            ):
                out[above] = out[above].joined(line)
                continue
        out.append(line)
    return out


def _number(text: str) -> tuple[int, str] | None:
    heading = classify(text)
    if heading is None or heading.style != "num" or not (m := NUMBERED_ITEM.match(text)):
        return None
    label = re.sub(r"\s+", "", m.group(1))
    return int(label[:-1]), label[-1]


def _inside(line: Line, spans: list[tuple[int, int]]) -> bool:
    return any(start <= line.start and line.end <= end for start, end in spans)


# 长县住建发 [2022] 68 号, 市房金委字【2022]2号: OCR has no 〔〕 and reads them as whatever
# bracket looks nearest; the year between them says they are the 文号's.
_NUMBER_BRACKETS = re.compile(r"[\[【(（〔]\s*(\d{4})\s*[\]】)）〕]")


def printed_brackets(number: str) -> str:
    """A 文号 OCR read, with the 〔〕 it is printed with around its year."""
    return _NUMBER_BRACKETS.sub(r"〔\1〕", number)


# What OCR makes of a seal, a signature or a stamp: a short line holding Latin letters or marks no
# Chinese sentence holds (RN 录 :, | 丰 CPP, AD \\ 纵), single characters spaced apart (2 认 2 大 7
# 入 4/, 0 5 笃目交), or dashes and dots around a character or two (-女王, .本 -, ii-).
_NOISE_LIMIT = 15
_FOREIGN = re.compile(r"[A-Za-z\\/=_<>{}~^@#$&*+]")
_SPACED_SINGLES = re.compile(r"^(?:\S{1,2}\s+){2,}\S{1,3}$")
_DASHED = re.compile(r"^[-.·—_]|[-.·—_]$")
# What a short line of a document may be and still belong to it.
_KEPT = re.compile(
    r"\d{4}\s*年|年\s*\d{1,2}\s*月|[：:]$|^[（(].*[）)]$|附\s*件|印\s*发|抄\s*送|特此|此复|目\s*录"
)
_SENTENCE_END = re.compile(r"[。；;！!？?.．]$")  # OCR reads many a 。 as a full stop
# A figure with a point or a per cent (2 轴 7.0, -0.91%) is a table's cell: none of the 27 lines OCR
# read off the corpus's seals holds one (docs/importing.md).
_TABLE_FIGURE = re.compile(r"\d\s*[.．]\s*\d|\d\s*[%％]")


def without_seal_noise(lines: list[Line], spans: list[tuple[int, int]]) -> tuple[list[Line], int]:
    """``lines`` less the seal and stamp garbage OCR read inside ``spans``, and how many went.

    A line of one or two characters goes too when it follows the end of a sentence or other
    garbage (人日 under a seal), not when it ends a sentence cut by the page's width (…通知 / 烛下).
    """
    out: list[Line] = []
    dropped = 0
    previous = ""
    after_noise = False
    for line in lines:
        text = line.text
        if not text:
            out.append(line)
            continue
        noise = _inside(line, spans) and _noise(text, previous, after_noise)
        if noise:
            dropped += 1
        else:
            out.append(line)
            previous = text
        after_noise = noise
    return out, dropped


def _noise(text: str, previous: str, after_noise: bool) -> bool:
    bare = re.sub(r"\s+", "", text)
    if (
        len(bare) > _NOISE_LIMIT
        or _SENTENCE_END.search(bare)
        or classify(text) is not None
        or _KEPT.search(text)
        or looks_like_issuer(to_simplified(bare))
        or DOC_NUMBER.search(bare)
        or _TABLE_FIGURE.search(bare)
    ):
        return False
    if _FOREIGN.search(text) or _scattered(text) or _DASHED.search(bare):
        return True
    ended = not previous or bool(_SENTENCE_END.search(previous)) or after_noise
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{1,2}", bare)) and ended


def _scattered(text: str) -> bool:
    """2 认 2 大 7 入 4/: single characters and figures spaced apart, not a table's row of short
    cells (序号 项目 金额, 1 2 3): a lone Chinese character among figures or marks."""
    if not _SPACED_SINGLES.match(text.strip()):
        return False
    pieces = text.split()
    lone = any(re.fullmatch(r"[\u4e00-\u9fff]", piece) for piece in pieces)
    return lone and any(not re.search(r"[\u4e00-\u9fff]", piece) for piece in pieces)
