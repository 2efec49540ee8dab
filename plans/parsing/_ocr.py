"""Repairs to text OCR read from a scan, made only where the document's own order decides them:
a numbering label misread (``%.`` between ``8.`` and ``10.``), a 文号's brackets."""

from __future__ import annotations

import dataclasses
import re

from plans.parsing._headings import NUMBERED_ITEM, classify
from plans.parsing._lines import Line

# A label OCR could not read as a figure: one or two marks that are neither figures nor Chinese
# (%, S, B, l), then the label's 。/．/、 and the item's words.
_GARBLED_LABEL = re.compile(
    r"^([^\s\d\u4e00-\u9fff（(【\[“\"《]{1,2})\s*([.．、])\s*(?=[\u4e00-\u9fff])"
)


def repaired_labels(lines: list[Line], spans: list[tuple[int, int]]) -> list[Line]:
    """``lines`` with each garbled ``N.`` label inside ``spans`` (the OCR'd text) given back its
    figure, when the labels before and after it on their own lines are N-1 and N+1 of the same
    kind (1. … 8. ? 10.): the sequence leaves one reading. Same length, so offsets hold."""
    if not spans:
        return lines
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
