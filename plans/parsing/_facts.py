"""How a single fact is written in a document: a 文号, a date, an issuer's name, a kind of
document. Shared by the header, the fields and completion."""

from __future__ import annotations

import re
from datetime import date

from plans.parsing._places import place_chain
from plans.parsing.numerals import read_numeral
from plans.parsing.text import to_simplified

NATIONAL = "全国"
NATIONAL_ISSUERS = ("国务院", "中共中央", "国家", "中央", "中华人民共和国")

DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*\d{1,4}\s*[号號]"
)
_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
KINDS = (
    ("条例", "measures"),  # regulations and rules: provisions, like measures
    ("规定", "measures"),
    ("解读", "interpretation"),
    ("办法", "measures"),
    ("细则", "measures"),
    ("意见", "opinion"),
    ("方案", "programme"),
    ("行动计划", "programme"),  # an action programme, not a planning-period plan
    ("要点", "programme"),  # 工作要点: a year's work programme
    ("规划", "plan"),
    ("计划", "plan"),
    ("纲要", "plan"),
)


# Words that say a line is a document's title: the kinds, and the other forms of official writing.
DOCUMENT_WORDS = (
    *(word for word, _ in KINDS),
    *("通知", "决定", "公告", "通告", "批复", "报告", "条例", "规定", "规则", "章程"),
)


_CN_DATE = re.compile(
    r"^([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$"
)


def signature_date(text: str) -> date | None:
    """The date under a signature: 2021年9月2日, or in Chinese numerals 二〇二一年九月二日."""
    if m := _DATE.match(text):
        return to_date(*m.groups())
    if m := _CN_DATE.match(text):
        year, month, day = (str(read_numeral(part) or 0) for part in m.groups())
        return to_date(year, month, day)
    return None


def doc_number(text: str) -> str:
    m = DOC_NUMBER.search(text)
    return re.sub(r"\s+", "", m.group()) if m else ""


def looks_like_issuer(text: str) -> bool:
    return len(text) <= 60 and bool(
        re.search(r"(人民政府|办公厅|办公室|委员会|政府|厅|局|院)$", to_simplified(text))
    )


def to_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def unmarked(text: str) -> str:
    return re.sub(r"^#{1,6}\s*", "", text.strip())


# 国务院办公厅, 中共中央办公厅, 国家发展改革委, 工业和信息化部: bodies of the central government.
_CENTRAL = re.compile(
    r"^(?:国务院|中共中央|中央|国家|全国人民代表大会|全国人大)"
    r"|^(?:中国人民银行|海关总署|审计署)|^[\u4e00-\u9fff]{2,8}(?:部|总局)(?:办公厅)?$"
)


def is_national(text: str, *, issuer: bool = True) -> bool:
    """A central body (as an issuer, 中国… and bare ministries count too; in a title 中国 is
    only a word: 数字中国, 中国（上海）自由贸易试验区)."""
    if not text:
        return False
    if text.startswith(NATIONAL_ISSUERS):
        return True
    if not issuer or place_chain(text):
        return False
    first = re.split(r"[、，,\s]", text)[0]
    return bool(_CENTRAL.search(first)) or first.startswith("中国") and len(first) > 4
