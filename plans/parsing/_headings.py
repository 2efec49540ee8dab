"""Heading recognition: the numbering style a line opens with (第X章, 一、, （一）, 1., ①,
专栏, 附件, # …) and its rank, GB/T 9704's order: 第X章 > 第X节 > 第X条 > 一、 > （一） > 1. >
（1） > ①, markdown headings by their level."""

from __future__ import annotations

import re
from dataclasses import dataclass

from plans.parsing._lines import Line
from plans.parsing.numerals import read_numeral, write_numeral

_CN = "[一二三四五六七八九十百零〇两]+"
# What follows a number that is a quantity, not a heading: 1.5万, 2.5G, 3.2%, 1.1倍, 2.1亿元.
_UNITS = r"\dA-Za-z%％‰万亿千百十个倍元年月日时分秒多余，,。；;、"
ROOT_RANK = 0  # attachments and the preface live at the root
_MD = 10  # markdown heading of level n ranks _MD + n
_RANKS = {
    "part": 29,
    "chapter": 30,
    "jie": 31,
    "tiao": 32,
    "yi": 33,
    "paren_yi": 34,
    "num": 35,
    "paren_num": 36,
    "num_paren": 36,
}
# 1.1 sits below 1. and above （1）; each further component one step deeper.
_DECIMAL_BASE, _DECIMAL_STEP = 35, 0.2
_CIRCLED = 37
HEADLINE_RANK = 40  # unnumbered short lines, only in documents without any numbering
DOCUMENT_RANK = 20  # one of several documents a notice issues, above everything they contain
CHAPTER_RANK = _RANKS["chapter"]
ARTICLE_RANK = _RANKS["tiao"]

_PATTERNS = (
    # 第一部分 / 第一篇 above chapters (outline plans, 十四五 纲要); a title (up to 60 characters:
    # 广州十五五纲要 has one of 44), not a sentence.
    ("part", re.compile(rf"^(第\s*(?:{_CN}|\d+)\s*(?:部分|篇))[\s:：、.．]*([^。]{{0,60}})$")),
    ("chapter", re.compile(rf"^(第\s*(?:{_CN}|\d+)\s*章)[\s:：、.．]*(.*)$")),
    ("jie", re.compile(rf"^(第\s*(?:{_CN}|\d+)\s*节)[\s:：、.．]*(.*)$")),
    # Articles of measures and regulations (第一条　为了……); the separator keeps a sentence
    # that merely starts with 第三条 from becoming a heading.
    ("tiao", re.compile(rf"^(第\s*(?:{_CN}|\d+)\s*条)(?:[\s:：]+(.*))?$")),
    # 第四条房屋使用人…: a label set apart in print by bold type only. Told from a sentence that
    # cites an article (第三条规定的…) by the words that follow a citation; the tree keeps it
    # only where it continues the article numbering.
    (
        "tiao",
        re.compile(
            rf"^(第(?:{_CN}|\d+)条)(?![\s:：]|规定|所|之|的|中|至|和|及|或|第|款|项|[、，,。；])(.+)$"
        ),
    ),
    # Not 九、十、十一条中…: numbers listed in a sentence (a line a PDF cut after 第), no heading.
    # A digit after the point is a number's, not a caption's, save a year (一、2023年工作回顾).
    (
        "yi",
        re.compile(rf"^({_CN}\s*[、.．])(?!\d(?!\d{{3}}年))(?!\s*{_CN}\s*[、，,])\s*(.+)$"),
    ),
    ("paren_yi", re.compile(rf"^([（(]\s*{_CN}\s*[）)])[、.．]?\s*(.+)$")),
    ("num", re.compile(r"^(\d{1,3}\s*[.．、](?![\d.．]))\s*(.+)$")),
    ("paren_num", re.compile(r"^([（(]\s*\d{1,3}\s*[）)])[、.．]?\s*(.+)$")),
    ("num_paren", re.compile(r"^(\d{1,3}\s*[）)])\s*(.+)$")),  # 1) 1）: as （1）
    # Decimal numbering of technical plans: 1.1, 2.3.1 (not 1.5万, 2.5G: a title follows).
    (
        "decimal",
        re.compile(rf"^(\d{{1,2}}(?:[.．]\d{{1,2}}){{1,3}})(?![.．\d])\s*(?![{_UNITS}])(\S.*)$"),
    ),
    ("circled", re.compile(r"^([\u2460-\u2473])\s*(.+)$")),
)
NUMBERED_ITEM = dict(_PATTERNS)["num"]
# 1“. 十四五”时期…: a PDF text layer that sets the point after the opening quote it follows in
# print (1.“十四五”时期…); the item as printed.
_SWAPPED_POINT = re.compile(r"^(\d{1,3})([“‘])\s*[.．]\s*(\S.*)$")
_PREFACE = re.compile(r"^(?:前\s*言|序\s*言|引\s*言)$")
_ATTACHMENT = re.compile(r"^(附\s*件\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})?)\s*[:：]?\s*(.*)$")
_BOX = re.compile(r"^(专\s*栏\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3}))[\s:：、.．]*(.*?)\s*\|?$")
_BULLET = re.compile(r"^(——|--|—|－－|──)\s*(.+)$")
_MD_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*$")


@dataclass
class Heading:
    style: str  # chapter, jie, yi, paren_yi, num, paren_num, circled, preface, attachment, box,
    # bullet, markdown, headline
    rank: int
    label: str
    rest: str  # what follows the label on the heading line
    md_level: int = 0
    tight: bool = False  # an article label run into its text with no space (第四条房屋…)


def classify(text: str) -> Heading | None:
    """The heading a line starts with, if any (markdown marks included)."""
    if m := _MD_HEADING.match(text):
        return markdown_heading(m.group(2), len(m.group(1)))
    if _PREFACE.match(text):
        return Heading("preface", ROOT_RANK, "", text)
    if (m := _ATTACHMENT.match(text)) and len(m.group(2)) <= 40 and "。" not in m.group(2):
        return Heading("attachment", ROOT_RANK, m.group(1), m.group(2))
    if (m := _BOX.match(text)) and len(m.group(2)) <= 40 and "。" not in m.group(2):
        return Heading("box", -1, m.group(1), m.group(2))
    if m := _BULLET.match(text):
        return Heading("bullet", -1, m.group(1), m.group(2))
    if m := _SWAPPED_POINT.match(text):
        return Heading("num", _RANKS["num"], m.group(1) + ".", m.group(2) + m.group(3))
    for style, pattern in _PATTERNS:
        if m := pattern.match(text):
            rank = _RANKS.get(style, _CIRCLED)
            if style == "decimal":
                rank = _DECIMAL_BASE + _DECIMAL_STEP * len(re.split("[.．]", m.group(1)))
            label = re.sub(r"\s+", "", m.group(1))
            tight = (
                style == "tiao" and not text[len(m.group(1)) :][:1].isspace() and bool(m.group(2))
            )
            tight = tight and text[len(m.group(1))] not in ":："
            return Heading(style, rank, label, m.group(2) or "", tight=tight)
    return None


def markdown_heading(inner: str, level: int) -> Heading:
    """A markdown heading of ``level`` whose text (marks left out) is ``inner``."""
    sub = classify(inner)
    if sub and sub.style not in ("attachment", "preface"):
        return Heading("markdown", _MD + level, sub.label, sub.rest, md_level=level)
    if sub:
        return sub
    return Heading("markdown", _MD + level, "", inner, md_level=level)


def line_heading(line: Line) -> Heading | None:
    return markdown_heading(line.text, line.md_level) if line.md_level else classify(line.text)


def looks_like_heading(text: str) -> bool:
    heading = classify(text)
    return heading is not None and heading.style not in ("bullet",)


def previous_label(text: str) -> str:
    """第二章 -> 第一章: the label of a chapter the document left out, when it can be told."""
    heading = classify(text)
    if heading is None:
        return ""
    m = re.match(rf"第\s*({_CN}|\d+)\s*([章节])", heading.label)
    if not m:
        return ""
    number = read_numeral(m.group(1))
    if number is None or not 2 <= number <= 1000:
        return ""
    # In the document's own numerals: 第11章 -> 第10章, 第二十一章 -> 第二十章.
    numeral = str(number - 1) if m.group(1).isdigit() else write_numeral(number - 1)
    return f"第{numeral}{m.group(2)}"
