"""What a document says about itself: front matter, the 印发通知 preamble, title-derived facts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from plans.parsing import ERAS, PlanMetadata
from plans.parsing._lines import CONTENTS, Line
from plans.parsing.text import fold, to_simplified

PROVINCES = frozenset(
    [
        "北京市",
        "天津市",
        "上海市",
        "重庆市",
        "河北省",
        "山西省",
        "辽宁省",
        "吉林省",
        "黑龙江省",
        "江苏省",
        "浙江省",
        "安徽省",
        "福建省",
        "江西省",
        "山东省",
        "河南省",
        "湖北省",
        "湖南省",
        "广东省",
        "海南省",
        "四川省",
        "贵州省",
        "云南省",
        "陕西省",
        "甘肃省",
        "青海省",
        "台湾省",
        "内蒙古自治区",
        "广西壮族自治区",
        "西藏自治区",
        "宁夏回族自治区",
        "新疆维吾尔自治区",
        "香港特别行政区",
        "澳门特别行政区",
    ]
)
NATIONAL = "全国"
_NATIONAL_ISSUERS = ("国务院", "中共中央", "国家", "中央")

DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*\d{1,4}\s*[号號]"
)
_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_QUOTED_TITLE = re.compile(r"关于印发[《〈\"“]?(.+?)[》〉\"”]?的通知")
_JURISDICTION = re.compile(
    r"^([\u4e00-\u9fff]{2,12}?(?:特别行政区|自治区|自治州|自治县|地区|省|盟|市|县|旗|区))"
)
_ERA = re.compile(r"十[一二三四五六]五")
_YEARS = re.compile(r"(20\d\d)\s*[-—－–~～至到]\s*(20\d\d)\s*年")
_YEAR = re.compile(r"(20\d\d)\s*年")
_KINDS = (
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


@dataclass
class Header:
    """Where the body starts, and what the lines before it said."""

    body_from: int  # index of the first line of the body
    meta: PlanMetadata = field(default_factory=PlanMetadata)


def read_header(lines: list[Line]) -> Header:
    """Front matter, notice preamble and title lines at the top of a document."""
    meta = PlanMetadata()
    top = _front_matter(lines, meta)
    preamble_end = _preamble(lines, top, meta)
    if not meta.title:
        meta.title = _first_title_line(lines, top, preamble_end or len(lines))
    index = _title_lines(lines, preamble_end or top, meta, headlines=preamble_end is None)
    return Header(body_from=index, meta=meta)


def _front_matter(lines: list[Line], meta: PlanMetadata) -> int:
    """Markdown front matter; values are separated by tabs, which YAML refuses, so read by hand."""
    if not lines or lines[0].text != "---":
        return 0
    for index in range(1, min(len(lines), 60)):
        text = lines[index].text
        if text == "---":
            return index + 1
        key, sep, value = text.partition(":")
        if not sep:
            continue
        value = value.strip(" \t\"'“”")
        key = key.strip().lower()
        if key == "title":
            meta.title = value
        elif key == "subtitle" and DOC_NUMBER.search(value):
            meta.doc_number = _doc_number(value)
        elif key == "date" and (m := _ISO_DATE.search(value)):
            meta.issued = _date(*m.groups())
        elif key == "author":
            meta.issuer = value
        elif key == "unit":
            meta.jurisdiction = value
        elif key in ("source", "url", "link"):
            meta.source_url = value
    return 0  # an unclosed block is not front matter


def _preamble(lines: list[Line], start: int, meta: PlanMetadata) -> int | None:
    """The 印发通知 wrapped around a plan: its facts become metadata; returns the body's first line.

    Recognised by a 文号 line, a 关于印发…的通知 line or a 各…： addressee line near the top,
    ended by the signature date (or, when there is none, by the addressee line).
    """
    window = [i for i in range(start, min(len(lines), start + 40)) if lines[i].text][:16]
    found = date_at = addressee_at = None
    for i in window:
        original = lines[i].text
        text = to_simplified(original)
        if m := _QUOTED_TITLE.search(text):
            meta.title = meta.title or _original(original, text, m.span(1)).strip()
            found = found if found is not None else i
            issuer = text[: m.start()].lstrip("《〈")
            if not meta.issuer and _looks_like_issuer(issuer) and ":" not in issuer:
                meta.issuer = _original(original, text, (m.start() - len(issuer), m.start()))
        elif _is_doc_number_line(text):
            meta.doc_number = meta.doc_number or _doc_number(original)
            found = found if found is not None else i
        elif m := re.search(r"(?:原文链接|来源链接|链接)[:：]\s*(https?://\S+)", text):
            meta.source_url = meta.source_url or m.group(1)
        elif text.startswith("各") and text.endswith((":", "：")) and len(text) < 80:
            meta.addressees = original.rstrip(":：")
            addressee_at = i
            found = found if found is not None else i
        elif (m := _DATE.match(text)) and found is not None:
            meta.issued = meta.issued or _date(*m.groups())
            date_at = i
            previous = lines[_previous_nonblank(lines, i)].text
            if _looks_like_issuer(to_simplified(previous)):
                meta.issuer = meta.issuer or previous
            break
    if found is None:
        return None
    end = date_at if date_at is not None else addressee_at
    if end is None:
        return None
    end += 1
    # "(此件公开发布)" and similar notes close the notice.
    while end < len(lines) and (not lines[end].text or _is_note(lines[end].text)):
        end += 1
    return end


def _first_title_line(lines: list[Line], start: int, stop: int) -> str:
    # A markdown document's title is often its one "# " heading.
    nonblank = [re.sub(r"^#(?!#)\s*", "", line.text) for line in lines[start:stop] if line.text]
    return next((text for text in nonblank[:3] if _is_title_like(text)), "")


def _title_lines(lines: list[Line], index: int, meta: PlanMetadata, *, headlines: bool) -> int:
    """Skip the title printed above the body, and an article's headline lines."""
    title_key = fold(meta.title)
    skipped = 0
    while index < len(lines):
        text = lines[index].text
        if not text:
            index += 1
            continue
        repeated_title = title_key and fold(text) == title_key
        headline = headlines and 0 < skipped < 3 and _is_title_like(text)
        headline = headline and not CONTENTS.match(text)
        if not (repeated_title or headline):
            break
        skipped += 1
        index += 1
    return index


def _original(original: str, simplified: str, span: tuple[int, int]) -> str:
    """The piece of ``original`` at ``span`` of its simplified form (t2s keeps lengths here)."""
    source = original if len(original) == len(simplified) else simplified
    return source[span[0] : span[1]]


def _is_title_like(text: str) -> bool:
    from plans.parsing._structure import looks_like_heading

    return (
        len(text) <= 50
        and not re.search(r"[。；;，,：:]", text)
        and not looks_like_heading(text)
        and not text.startswith(("#", "```", "!["))
    )


def _is_doc_number_line(text: str) -> bool:
    return bool(DOC_NUMBER.search(text)) and len(text) <= 24


def _doc_number(text: str) -> str:
    m = DOC_NUMBER.search(text)
    return re.sub(r"\s+", "", m.group()) if m else ""


def _is_note(text: str) -> bool:
    return bool(re.fullmatch(r"[（(][^（()）]{2,20}[）)]", text))


def _looks_like_issuer(text: str) -> bool:
    return len(text) <= 30 and bool(
        re.search(r"(人民政府|办公厅|办公室|委员会|政府|厅|局|院)$", to_simplified(text))
    )


def _previous_nonblank(lines: list[Line], index: int) -> int:
    index -= 1
    while index > 0 and not lines[index].text:
        index -= 1
    return index


def _date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def complete(meta: PlanMetadata, text: str) -> None:
    """Fill jurisdiction, level, era and kind from the title, issuer and text where unset."""
    title = to_simplified(meta.title)
    issuer = to_simplified(meta.issuer)
    if not meta.jurisdiction:
        chain = jurisdictions(title) or jurisdictions(issuer)
        meta.jurisdiction = chain[-1] if chain else ""
        meta.above = chain[:-1]
    meta.jurisdiction = to_simplified(meta.jurisdiction)
    if not meta.level and meta.jurisdiction:
        meta.level = level_for(meta.jurisdiction)
    if not meta.kind:
        meta.kind = next((kind for word, kind in _KINDS if title.endswith(word)), "")
        if not meta.kind:
            meta.kind = next((kind for word, kind in _KINDS if word in title), "")
    if not meta.era:
        _era(meta, title, to_simplified(text[:3000]))


def _jurisdiction(text: str) -> str:
    if not text:
        return ""
    if text.startswith(_NATIONAL_ISSUERS):
        return NATIONAL
    for province in PROVINCES:
        short = province.rstrip("省市").removesuffix("自治区")
        if text.startswith(province):
            return province
        if text.startswith(short) and len(short) >= 2 and province.endswith("省"):
            return province
    m = _JURISDICTION.match(text)
    return m.group(1) if m else ""


# A place named right after another in a title (杭州市西湖区, 鄂尔多斯市达拉特旗, 四川省广元市):
# a short name and a level suffix, and not the start of the plan's own words.
_INNER = re.compile(
    r"^([\u4e00-\u9fff]{1,6}?(?:自治州|自治县|自治旗|地区|新区|林区|州|盟|市|县|区|旗))"
)
_NOT_A_PLACE = (
    *("数字", "政府", "政务", "电子", "城市", "建设", "规划", "发展", "智慧", "信息", "网络"),
    *("关于", "推进", "加快", "全面", "深化", "人民", "办公", "公共", "十", "全", "本"),
)


def jurisdictions(text: str) -> list[str]:
    """The jurisdictions a title starts with, outermost first (四川省广元市旺苍县…: all three)."""
    first = _jurisdiction(text)
    chain = [first] if first else []
    rest = text[len(first) :] if first and first != NATIONAL else ""
    while chain and len(chain) < 3 and (m := _INNER.match(rest)):
        name = m.group(1)
        if any(word in name for word in _NOT_A_PLACE):
            break
        chain.append(name)
        rest = rest[len(name) :]
    return chain


def level_for(name: str) -> str:
    if name == NATIONAL or name.startswith(_NATIONAL_ISSUERS):
        return "national"
    if name in PROVINCES:
        return "province"
    if name.endswith(("市", "州", "盟", "地区")):
        return "prefecture"
    if name.endswith(("县", "区", "旗")):
        return "county"
    if name.endswith(("省", "自治区")):
        return "province"
    return ""


def _era(meta: PlanMetadata, title: str, text: str) -> None:
    for source in (title, text):
        if m := _ERA.search(source):
            meta.era = m.group()
            meta.start_year, meta.end_year = ERAS.get(meta.era, (None, None))
            return
    if m := _YEARS.search(title):
        start, end = int(m.group(1)), int(m.group(2))
        era = _era_of(start, end)
        if era:
            meta.era = era
        meta.start_year, meta.end_year = start, end
        return
    year = int(m.group(1)) if (m := _YEAR.search(title)) else None
    year = year or (meta.issued.year if meta.issued else None)
    if year and (era := _era_of(year, year)):
        meta.era = era
        meta.start_year, meta.end_year = ERAS[era]


def _era_of(start: int, end: int) -> str:
    for name, (first, last) in ERAS.items():
        if first <= start and end <= last:
            return name
    return ""
