"""Reading the text: its simplified form at the same offsets, its sentences and deadlines."""

from __future__ import annotations

import re

from plans.parsing import ERAS
from plans.parsing.text import to_simplified

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

# Clause boundaries; "、" is not one because scopes are lists ("省、市两级").
_CLAUSE_END = "，,；;：:。！？!?\n"
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")
_GROUP = re.compile(r"[^；;]+[；;]?")

_YEAR = r"(?P<year>(?:19|20)\d{2})\s*年(?P<end>底|末|年底|年末)?(?P<before>前|以前|之前)?"
_ERA = r"[“\"]?(?P<era>十[一二三四五六]五)[”\"]?\s*(?:时期)?(?:期末|末期|末)"
_DEADLINE = re.compile(
    r"(?:力争|争取|计划|预计)?(?:到|至|截至|截止到?|于)?\s*(?:" + _YEAR + "|" + _ERA + ")"
)


def opening_deadline(text: str) -> str:
    """The deadline that opens a sentence of ``text`` ("到2025年，…"), which the text's
    subsections inherit; "" when none does."""
    simple = _simplify(text)
    for _, sentence in _spans(_SENTENCE, simple, 0):
        leading = _leading_deadline(sentence)
        if leading is not None:
            return leading[0]
    return ""


def _simplify(text: str) -> str:
    """Simplified characters and half-width digits, at the same offsets as ``text``."""
    simple = to_simplified(text)
    if len(simple) != len(text):
        # OpenCC may rewrite a phrase to another length; character by character it cannot.
        simple = "".join(c if len(s := to_simplified(c)) != 1 else s for c in text)
    return simple.translate(_FULLWIDTH)


def _spans(pattern: re.Pattern, text: str, offset: int):
    for m in pattern.finditer(text):
        yield offset + m.start(), m.group()


def _deadline_from(raw: str) -> tuple[str, int | None]:
    m = _DEADLINE.search(_simplify(raw))
    return _deadline_of(m) if m else (raw, None)


def _deadline_of(m: re.Match) -> tuple[str, int | None]:
    if m.group("era"):
        era = m.group("era")
        return f"{era}期末", ERAS[era][1] if era in ERAS else None
    year = int(m.group("year"))
    return f"{year}年{'底' if m.group('end') else ''}", year


def _deadlines(text: str, offset: int) -> list[tuple[int, int, tuple[str, int | None]]]:
    """Deadline mentions as (start, end, (deadline, year)); not ranges (2021—2025年), not
    dates of events (2019年10月)."""
    found = []
    for m in _DEADLINE.finditer(text):
        before = text[max(0, m.start() - 1) : m.start()]
        after = text[m.end() : m.end() + 3]
        if before and before in "-—–~～" or re.match(r"\s*\d+\s*月", after):
            continue
        found.append((offset + m.start(), offset + m.end(), _deadline_of(m)))
    return found


def _leading_deadline(sentence: str) -> tuple[str, int | None] | None:
    body = sentence.lstrip(' \t“"')
    m = _DEADLINE.match(body)
    if m is None or re.match(r"\s*\d+\s*月", body[m.end() :]):
        return None
    return _deadline_of(m)


def _strip_deadlines(text: str) -> str:
    return _DEADLINE.sub("", text)


_REVIEW = re.compile(
    r"现状|主要成效|取得成效|建设成效|发展成效|工作成效|主要成就|发展成就|回顾|存在问题|主要问题"
    r"|面临形势|面临的形势|发展形势|形势分析|发展基础|工作基础|发展环境|背景"
)
# "发展现状和总体要求" also heads what is to come.
_AHEAD = re.compile(r"要求|目标|任务|思路|举措|重点")


def is_review_heading(title: str) -> bool:
    """A heading over a look back (现状, 主要成效, 存在问题): its figures are not targets."""
    title = _simplify(title)
    return bool(_REVIEW.search(title)) and not _AHEAD.search(title)
