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

# 长金管委 〔2022〕3号: a scan's text layer may space the sign from its year.
DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}[ \u3000]?[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*\d{1,4}\s*[号號]"
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

# A title's last words that say its kind beside KINDS': …若干措施, …若干政策措施, …十条措施 are
# measures. Not among DOCUMENT_WORDS: inside a line, 措施 is as often a chapter's (保障措施).
ENDING_KINDS = (*KINDS, ("措施", "measures"))


# Words that say a line is a document's title: the kinds, and the other forms of official writing.
DOCUMENT_WORDS = (
    *(word for word, _ in KINDS),
    *("通知", "决定", "公告", "通告", "批复", "报告", "条例", "规定", "规则", "章程", "公报"),
)


_DATE_NOTE = re.compile(r"(?<=日)[\s\u3000\xa0]*[（(][^（()）]{2,20}[）)]$")
_CN_DATE = re.compile(
    r"^([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$"
)


def signature_date(text: str) -> date | None:
    """The date under a signature: 2021年9月2日, or in Chinese numerals 二〇二一年九月二日."""
    # A web page runs the note under the date onto its line: 2019年1月30日　（此件公开发布）.
    text = _DATE_NOTE.sub("", text)
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
    simplified = to_simplified(text)
    return len(text) <= 60 and bool(
        re.search(r"(人民政府|办公厅|办公室|委员会|政府|厅|局|院|联席会议|管理中心)$", simplified)
        # A Party committee's department signs beside government bodies (中共…区委统战部).
        or re.fullmatch(r"中共[\u4e00-\u9fff]{2,30}[委部]", simplified)
    )


# 市政府, 区政府办公室: the short name a body uses for itself inside its own city, which names
# no place; a signature or a panel names it in full, else the document's place completes it.
SHORT_ISSUER = re.compile(r"^(省|市|区|县|州|自治区|自治州)(?:人民)?政府(办公厅|办公室)?$")


def fuller_issuer(signed: str, named: str) -> bool:
    """Whether ``signed`` (a signature, a panel cell) names the issuer ``named`` more fully:
    深圳市坪山区人民政府办公室 for the title's 坪山区人民政府办公室, 常州市人民政府 for 市政府,
    南京市住房保障和房产局 for 市住建局."""
    signed, named = to_simplified(signed), to_simplified(named)
    if signed == named or not looks_like_issuer(signed):
        return False
    # A name that opens with a bare 市, 区 (市住建局, 市政府) is a short name: a body of the same
    # kind (…局, …政府; not the government's office) signed with a place's name is fuller.
    short = named.startswith(("省", "市", "区", "县", "州")) and signed[-1] == named[-1]
    return signed.endswith(named) or short


# 关于印发《X》的通知 (or 关于印发X的通知 when X names a kind of document): the document issued.
ISSUING_NOTICE = re.compile(r"关于印发([《〈\"“]?)(.+?)[》〉\"”]?的通知")


def issued_title(title: str) -> str:
    """The document a notice's title says it issues, else the title itself."""
    m = ISSUING_NOTICE.search(to_simplified(title))
    if not m or not (m.group(1) or names_kind(m.group(2))):
        return title
    return title[m.start(2) : m.end(2)]


def names_kind(title: str) -> bool:
    """Whether a title ends by saying what the document is (…行动计划（2025—2027年）)."""
    bare = re.sub(r"[（(][^（()）]*[）)]$", "", to_simplified(title).strip())
    return bare.endswith((*DOCUMENT_WORDS, *_MORE_KINDS))


# Other names of documents a notice issues (关于印发…申报指南的通知), not kinds of plan.
_MORE_KINDS = (
    "措施",
    "指引",
    "指南",
    "清单",
    "目录",
    "导则",
    "标准",
    "规程",
    "制度",
    "守则",
    "准则",
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
    # 全国工商联, 全国妇联, 全国总工会: national people's organisations, by their short names.
    r"|^全国[\u4e00-\u9fff]{1,4}(?:联|会)$"
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
