"""What a document says about itself: front matter, the 印发通知 preamble, title-derived facts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from plans.parsing._lines import CONTENTS, Line
from plans.parsing._places import ancestors, find_place, place_chain, place_prefix
from plans.parsing.model import ERAS, GUESSED, READ, PlanMetadata
from plans.parsing.numerals import read_numeral
from plans.parsing.text import fold, is_web_url, to_simplified

NATIONAL = "全国"
_NATIONAL_ISSUERS = ("国务院", "中共中央", "国家", "中央", "中华人民共和国")

DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*\d{1,4}\s*[号號]"
)
_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_QUOTED_TITLE = re.compile(r"关于印发[《〈\"“]?(.+?)[》〉\"”]?的通知")
_ERA = re.compile(r"十[一二三四五六]五|第十[一二三四五六]个五年")
_YEARS = re.compile(r"(20\d\d)\s*[-—－–~～至到]\s*(20\d\d)\s*年")
_YEAR = re.compile(r"(20\d\d)\s*年")
_KINDS = (
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
_DOCUMENT_WORDS = (
    *(word for word, _ in _KINDS),
    *("通知", "决定", "公告", "通告", "批复", "报告", "条例", "规定", "规则", "章程"),
)


@dataclass
class Header:
    """Where the body starts, and what the lines before it said."""

    body_from: int  # index of the first line of the body
    meta: PlanMetadata = field(default_factory=PlanMetadata)
    warnings: list[str] = field(default_factory=list)


def read_header(
    lines: list[Line], *, headings: frozenset[int] = frozenset(), front_matter: int = 0
) -> Header:
    """Front matter, notice preamble and title lines at the top of a document.

    ``headings`` are the indexes of lines a markdown reader takes for headings: never an
    article's headline lines, whatever they look like; ``front_matter`` the index of the first
    line after the front matter block markdown-it found (0: none, or not markdown).
    """
    meta = PlanMetadata()
    warnings: list[str] = []
    top = _front_matter(lines, meta, end=front_matter, warnings=warnings)
    top = _database_header(lines, top, meta)
    preamble_end = _preamble(lines, top, meta)
    if not meta.title:
        meta.title = _first_title_line(lines, top, preamble_end or len(lines))
        # The first short line is the title when it says what the document is (…规划, …意见);
        # otherwise (a news headline) it is only the best guess.
        if meta.title and not any(word in to_simplified(meta.title) for word in _DOCUMENT_WORDS):
            meta.provenance["title"] = GUESSED
    index = _title_lines(
        lines, preamble_end or top, meta, headlines=preamble_end is None, headings=headings
    )
    _page_fields(lines, meta)
    if not meta.issued:
        _closing_signature(lines, meta)
    return Header(body_from=index, meta=meta, warnings=warnings)


def _closing_signature(lines: list[Line], meta: PlanMetadata) -> None:
    """A signature at the very end of the text (an opinion printed without a notice around it):
    its date, and its issuer when the line above names one."""
    last = [i for i in range(len(lines) - 1, -1, -1) if lines[i].text][:3]
    while last and _is_note(lines[last[0]].text):  # （此件公开发布）
        last.pop(0)
    if not last or not (day := _signature_date(lines[last[0]].text)):
        return
    meta.issued = day
    above = lines[last[1]].text if len(last) > 1 else ""
    if not meta.issuer and _looks_like_issuer(to_simplified(above)):
        meta.issuer = above


# Fields of a legal database's export (北大法宝: 【法宝引证码】, 【发布部门】, …) and the link to
# the original it prints at the top.
_DATABASE_FIELD = re.compile(
    r"^【\s*(法宝引证码|发布部门|制定机关|发文机关|发文字号|文号|发布日期|公布日期|成文日期"
    r"|实施日期|施行日期|时效性|效力级别|效力位阶|法规类别|标题)\s*】\s*[:：]?\s*(.*)$"
)
# The same facts as a site's panel prints them above the text: [发文机构] 北京市人民政府
# (首都之窗), or 发文机构:来安县人民政府办公室 one to a line (中房网).
_PANEL_HEADER_FIELD = re.compile(
    r"^(?:\[\s*(主题分类|发文机构|联合发文单位|实施日期|成文日期|发文字号|废止日期|发布日期"
    r"|有效性|文件来源)\s*\]|(城市|颁发时间|发文字号|发文机构|实施日期|效力级别|类别)\s*[:：])"
    r"\s*(.*)$"
)
_LINK = re.compile(r"^(?:原文链接|来源链接|原文地址|原文网址|链接|来源)\s*[:：]\s*(https?://\S+)$")
_ANY_DATE = re.compile(r"(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})")


@dataclass
class _Field:
    key: str
    value: str

    def groups(self) -> tuple[str, str]:
        return self.key, self.value


def _database_header(lines: list[Line], start: int, meta: PlanMetadata) -> int:
    """The header lines of a legal-database export: kept as metadata, not taken for a title."""
    index = start
    while index < len(lines):
        text = lines[index].text
        m = _DATABASE_FIELD.match(text)
        if not m and (panel := _PANEL_HEADER_FIELD.match(text)):
            m = _Field(panel.group(1) or panel.group(2), panel.group(3).strip())
        if m:
            key, value = m.groups()
            key = {"发文机构": "发文机关", "颁发时间": "成文日期"}.get(key, key)
            if key == "联合发文单位" and value:
                meta.issuers = [meta.issuer or "", *re.split(r"[、，,\s]+", value)]
            elif key in ("发布部门", "制定机关", "发文机关") and value:
                meta.issuer = meta.issuer or value
            elif key in ("发文字号", "文号") and value:
                meta.doc_number = meta.doc_number or _doc_number(value) or value
            elif key in ("发布日期", "公布日期", "成文日期") and (d := _ANY_DATE.search(value)):
                meta.issued = meta.issued or _date(*d.groups())
            elif key == "标题" and value:
                meta.title = meta.title or value
        elif m := _LINK.match(text):
            if is_web_url(m.group(1)):
                meta.source_url = meta.source_url or m.group(1)
        elif text:
            break
        index += 1
    return index if index > start and any(lines[i].text for i in range(start, index)) else start


def _front_matter(
    lines: list[Line], meta: PlanMetadata, *, end: int = 0, warnings: list[str]
) -> int:
    """Markdown front matter; values are separated by tabs, which YAML refuses, so read by hand."""
    if not lines or lines[0].text != "---":
        return 0
    for index in range(1, min(len(lines), end or 60)):
        text = lines[index].text
        if text == "---" or index == end - 1:
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
        elif key in ("source", "url", "link") and is_web_url(value):
            meta.source_url = value
        elif key in ("source", "url", "link") and value:
            # Only an http(s) address may become the plan page's link (javascript: would run).
            shown = value if len(value) <= 80 else value[:80] + "…"
            warnings.append(
                f"文首 {key} 的值「{shown}」不是 http(s) 网址，未作为原文链接保存；"
                "如有原文网址，请在管理后台填写。"
            )
    return 0  # an unclosed block is not front matter


# A decree (令) names its issuer and number: 上海市人民政府令 / （第19号）, or 令第19号 on one line.
_DECREE = re.compile(
    r"^([\u4e00-\u9fff]{2,40}?(?:人民政府|政府|委员会|部|局|署|院|厅|办公室))令"
    r"\s*(?:[（(]?\s*(第\s*\d{1,4}\s*号)\s*[）)]?)?$"
)
_DECREE_NUMBER = re.compile(r"^[（(]?\s*(第\s*\d{1,4}\s*号)\s*[）)]?$")
_BOOK_TITLE = re.compile(r"《((?:[^《》]|《[^《》]*》)+)》")


def _preamble(lines: list[Line], start: int, meta: PlanMetadata) -> int | None:
    """The 印发通知 wrapped around a plan: its facts become metadata; returns the body's first line.

    Recognised by a 文号 line, a 关于印发…的通知 line, a decree line (…令) or a 各…： addressee line
    near the top, ended by the signature date (or, when there is none, by the addressee line).
    """
    # Wide enough for a page's clutter and eight letterhead lines of a joint notice above it.
    window = [i for i in range(start, min(len(lines), start + 80)) if lines[i].text][:40]
    found = date_at = addressee_at = None
    decree = notice = ""
    issued: list[str] = []  # the 《titles》 of the sentence that issues them
    joined: set[int] = set()
    # An issuer from front matter or a crawler's header (author: 工信部) gives way to the one
    # the document's own title line names (工业和信息化部等七部门关于印发…).
    header_issuer = meta.issuer
    for n, i in enumerate(window):
        if i in joined:
            continue
        original = _title_over_lines(lines, window[n:], joined)
        text = to_simplified(original)
        if "印发" in text and "关于印发" not in text and not issued:
            issued = _BOOK_TITLE.findall(original)
        if m := _QUOTED_TITLE.search(text):
            title = _original(original, text, m.span(1)).strip()
            if not notice or fold(original) == fold(notice):
                notice = original  # the title line printed last is the document's own
            if not meta.title or fold(title) == fold(meta.title):
                meta.title = title
            found = found if found is not None else i
            issuer = re.sub(r"^#{1,6}\s*", "", text[: m.start()]).lstrip("《〈")
            named = _original(original, text, (m.start() - len(issuer), m.start()))
            lead = _JOINT_ISSUERS.match(named)
            open_to = not meta.issuer or (meta.issuer == header_issuer and not meta.issuers)
            if open_to and lead and ":" not in issuer:
                meta.issuer = lead.group(1)  # 工业和信息化部等七部门: the lead, named first
            elif open_to and _looks_like_issuer(issuer) and ":" not in issuer:
                meta.issuer = named
            elif not meta.issuer and not issuer.strip() and i > start:
                # 杭州市人民政府 / 关于印发…的通知: the issuer on the line above the title; a
                # joint notice prints one letterhead line per issuer, the lead one first.
                meta.issuers = _letterhead(lines, i, start)
                meta.issuer = meta.issuers[0] if meta.issuers else ""
        elif m := _DECREE.match(text):
            decree = _original(original, text, (0, m.end(1))) + "令"
            meta.issuer = meta.issuer or decree[:-1]
            if m.group(2):
                meta.doc_number = meta.doc_number or decree + re.sub(r"\s+", "", m.group(2))
            found = found if found is not None else i
        elif decree and (m := _DECREE_NUMBER.match(text)):
            meta.doc_number = meta.doc_number or decree + re.sub(r"\s+", "", m.group(1))
        elif _is_doc_number_line(text):
            meta.doc_number = meta.doc_number or _doc_number(original)
            found = found if found is not None else i
        elif m := re.search(r"(?:原文链接|来源链接|链接)[:：]\s*(https?://\S+)", text):
            if is_web_url(m.group(1)):
                meta.source_url = meta.source_url or m.group(1)
        elif text.startswith("各") and text.endswith((":", "：")) and len(text) < 80:
            meta.addressees = original.rstrip(":：")
            addressee_at = i
            found = found if found is not None else i
        elif (day := _signature_date(text)) and found is not None:
            meta.issued = meta.issued or day
            # A short document signed at its very end: the date closes the document, not a
            # notice wrapped around it (the body starts after the addressee line).
            closes_document = all(not line.text or _is_note(line.text) for line in lines[i + 1 :])
            date_at = None if closes_document else i
            previous = lines[_previous_nonblank(lines, i)].text
            if _looks_like_issuer(to_simplified(previous)):
                meta.issuer = meta.issuer or previous
            break
    if found is None:
        return None
    if not meta.title and len(issued) == 1:
        # 现将《…》印发给你们 with no 关于印发 title line: the one document it issues names it.
        meta.title = issued[0]
    _several_documents(meta, notice, issued)
    end = date_at if date_at is not None else addressee_at
    if end is None:
        return None
    end += 1
    # "(此件公开发布)" and similar notes close the notice.
    while end < len(lines) and (not lines[end].text or _is_note(lines[end].text)):
        end += 1
    return end


# 工业和信息化部等七部门, 市发展改革委等8部门: a joint document's issuers as its title counts them.
_JOINT_ISSUERS = re.compile(
    r"^([\u4e00-\u9fff]{2,30}?(?:部|委|局|厅|办|院|署|行|会|政府))等\s*[一二三四五六七八九十\d]{1,3}\s*个?"
    r"(?:部门|单位|部委)$"
)


def _letterhead(lines: list[Line], index: int, start: int) -> list[str]:
    """The issuer lines right above line ``index``, top first, letter-spacing removed."""
    names: list[str] = []
    above = _previous_nonblank(lines, index)
    while above >= start and lines[above].text:
        name = _unmarked(_unspaced(lines[above].text))
        # A panel's 发文单位：杭州市人民政府 row above the letterhead is the page's, not a name.
        panel = _PAGE_FIELD.match(name) or _PANEL_HEADER_FIELD.match(name)
        if panel or not _looks_like_issuer(to_simplified(name)) or len(names) >= 30:
            break
        names.insert(0, name)
        if above == start:
            break
        above = _previous_nonblank(lines, above)
    return names


def _unspaced(text: str) -> str:
    """重　庆　市　公　安　局 -> 重庆市公安局 (a letterhead spaced to a width); other text as is."""
    pieces = re.split(r"[\s\u3000\xa0]+", text.strip())
    if len(pieces) > 2 and all(len(piece) <= 2 for piece in pieces):
        return "".join(pieces)
    return text


def _title_over_lines(lines: list[Line], rest: list[int], joined: set[int]) -> str:
    """A 关于印发…的通知 title printed over two or three lines, run together (else the line)."""
    text = lines[rest[0]].text
    # A PDF breaks the title where the page ends: 重庆市人民政府办公厅关于 / 印发《…》的通知.
    first = to_simplified(text)
    if not ("关于印发" in first or first.endswith("关于")) or "的通知" in first:
        return text
    taken = []
    for i in rest[1:3]:
        if len(lines[i].text) > 40:
            break
        text += lines[i].text
        taken.append(i)
        if "的通知" in to_simplified(text):
            joined.update(taken)
            return text
    return lines[rest[0]].text


# A web page's panel of facts about the document (gov.cn and most government sites):
# 文　　号：杭政函〔2026〕24号 / 成文日期：2026-03-19 / 发文单位：杭州市人民政府. The date the
# page was published (发布日期) is the site's, not the document's.
# A panel laid out as a table comes out one line per row, several cells to a line
# (发文机关： 国务院办公厅 　成文日期： 2018年12月07日): each key's value stops where the next
# key starts.
_PANEL_KEYS = (
    r"文\s*号|发文字号|成文日期|发文机关|发文单位|发布机构|标\s*题|名\s*称|索\s*引\s*号|分\s*类"
    r"|主题分类|主\s*题\s*词|发布日期|公开日期|生效日期|信息来源|文件状态"
)
_PAGE_FIELD = re.compile(rf"^(?:{_PANEL_KEYS})\s*[:：]")
_PAGE_CELL = re.compile(
    rf"({_PANEL_KEYS})\s*[:：][\s\u3000]*(.*?)[\s\u3000]*(?=[\s\u3000](?:{_PANEL_KEYS})\s*[:：]|$)"
)


def _page_fields(lines: list[Line], meta: PlanMetadata) -> None:
    """Fill what the document's own lines left unsaid from a web page's panel of facts."""
    top = [line.text for line in lines[:80] if line.text]
    for n, text in enumerate(top):
        if not _PAGE_FIELD.match(text):
            continue
        for m in _PAGE_CELL.finditer(text):
            value = m.group(2).strip()
            if not value and m.end() == len(text) and n + 1 < len(top):
                # 标　　题： alone, its value in the next cell down (a panel read column-wise).
                value = "" if _PAGE_FIELD.match(top[n + 1]) else top[n + 1]
            _page_field(meta, re.sub(r"\s+", "", m.group(1)), value)


def _page_field(meta: PlanMetadata, key: str, value: str) -> None:
    if not value:
        return
    if key in ("文号", "发文字号"):
        meta.doc_number = meta.doc_number or _doc_number(value)
    elif key == "成文日期" and (day := _ANY_DATE.search(value)):
        meta.issued = meta.issued or _date(*day.groups())
    elif key in ("发文机关", "发文单位", "发布机构") and (
        _looks_like_issuer(value) or _is_national(value)  # 工业和信息化部: a ministry
    ):
        meta.issuer = meta.issuer or value
    elif (
        key in ("标题", "名称")
        # A title that names no kind of document is a cell read out of place (标题： 国务院办公厅).
        and any(word in to_simplified(value) for word in _DOCUMENT_WORDS)
        and (not meta.title or meta.provenance.get("title") == GUESSED)
    ):
        meta.title = value
        meta.provenance.pop("title", None)


def _several_documents(meta: PlanMetadata, notice: str, issued: list[str]) -> None:
    """A notice that issues several documents (印发《A》《B》) is titled by the notice itself."""
    named = fold(meta.title)
    documents = [title for title in issued if fold(title) and fold(title) in named]
    if len(documents) >= 2 and notice:
        meta.documents = documents
        meta.title = notice


_CN_DATE = re.compile(
    r"^([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$"
)


def _signature_date(text: str) -> date | None:
    """The date under a signature: 2021年9月2日, or in Chinese numerals 二〇二一年九月二日."""
    if m := _DATE.match(text):
        return _date(*m.groups())
    if m := _CN_DATE.match(text):
        year, month, day = (str(read_numeral(part) or 0) for part in m.groups())
        return _date(year, month, day)
    return None


def _first_title_line(lines: list[Line], start: int, stop: int) -> str:
    # A markdown document's title is often its one "# " heading.
    nonblank = [re.sub(r"^#(?!#)\s*", "", line.text) for line in lines[start:stop] if line.text]
    return next((text for text in nonblank[:3] if _is_title_like(text)), "")


def _title_lines(
    lines: list[Line],
    index: int,
    meta: PlanMetadata,
    *,
    headlines: bool,
    headings: frozenset[int] = frozenset(),
) -> int:
    """Skip the title printed above the body, and an article's headline lines."""
    title_key = fold(meta.title)
    skipped = 0
    while index < len(lines):
        text = lines[index].text
        if not text or _INFO_END.match(text) or _history(text, meta):
            index += 1
            continue
        repeated_title = title_key and fold(text) == title_key
        if repeated_title and not meta.documents:
            meta.title = re.sub(r"^#{1,6}\s*", "", text)  # as printed, 《》 and all
        headline = headlines and 0 < skipped < 3 and _is_title_like(text)
        headline = headline and not CONTENTS.match(text) and index not in headings
        if not (repeated_title or headline):
            break
        skipped += 1
        index += 1
    return index


# A law database's record of how the text came to be, under its title: 2019年4月3日
# 中华人民共和国国务院令第711号修订; 2021年11月25日 上海市第十五届人民代表大会常务委员会第三十七次
# 会议通过; in parentheses too. (LawRefBook's markdown closes the block with <!-- INFO END -->.)
_HISTORY = re.compile(
    r"^[（(]?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*([^，。,；;]*?)"
    r"(通过|公布|发布|印发|修订|修正|修改|批准|施行)([^。]*?)[）)]?$"
)
_INFO_END = re.compile(r"^<!--\s*INFO END\s*-->$")
_DECREE_IN = re.compile(r"(.+?令)\s*第\s*(\d{1,4})\s*号")
_CONGRESS = re.compile(
    r"^(.+?)第[一二三四五六七八九十]+届(人民代表大会(?:常务委员会)?)第.+?次会议$"
)


def _history(text: str, meta: PlanMetadata) -> bool:
    """Read one line of a law's history into the metadata: the latest act dates the text, the
    first names its issuer, a decree its number."""
    m = _HISTORY.match(text)
    if not m or len(text) > 120:
        return False
    day = _date(*m.groups()[:3])
    body, act = m.group(4).strip(), m.group(5)
    if act == "施行" or day is None:
        return True  # when it takes effect, not when it was made
    if not meta.history_dated or (meta.issued and day > meta.issued):
        meta.issued = day
        meta.history_dated = True
    if decree := _DECREE_IN.search(body):
        meta.doc_number = decree.group(1) + f"第{decree.group(2)}号"
        meta.issuer = meta.issuer or decree.group(1)[:-1]
    elif congress := _CONGRESS.match(body):
        meta.issuer = meta.issuer or congress.group(1) + congress.group(2)
    return True


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
        and not _is_doc_number_line(text)
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
    return len(text) <= 60 and bool(
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
    # A markdown heading mark is syntax, never part of a name (# 上海市人民政府办公厅).
    meta.title, meta.issuer = _unmarked(meta.title), _unmarked(meta.issuer)
    meta.issuers = [name for name in map(_unmarked, meta.issuers) if name]
    if meta.issuers and meta.issuer and meta.issuers[0] != meta.issuer:
        meta.issuers = [meta.issuer, *(n for n in meta.issuers if n != meta.issuer)]
    title = to_simplified(meta.title)
    issuer = to_simplified(meta.issuer)
    if (
        not issuer
        and (m := _TITLE_ISSUER.match(title))
        and (_is_national(m.group(1)) or _looks_like_issuer(m.group(1)))
    ):
        # 国务院关于…的指导意见, 安阳市人民政府办公室关于…的意见: the title names who says so.
        meta.issuer = meta.title[: m.end(1)]
        issuer = m.group(1)
    if meta.jurisdiction:
        meta.jurisdiction = to_simplified(meta.jurisdiction)
        place = find_place(meta.jurisdiction)
        if place is not None and not meta.above:
            meta.above = [p.name for p in ancestors(place)]
        meta.level = meta.level or (place.level if place else level_for(meta.jurisdiction))
        _read(meta, "jurisdiction", "level")
    elif _says_national(issuer):
        # The issuer's own name outranks a title that opens with a slogan or a place's name
        # used as a word (上海合作组织…方案 issued by 国务院办公厅).
        meta.jurisdiction, meta.level, meta.above = NATIONAL, "national", []
        _read(meta, "jurisdiction", "level")
    elif _national_sign(meta.doc_number) and not _is_place_title(title):
        meta.jurisdiction, meta.level, meta.above = NATIONAL, "national", []
        meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED
    else:
        _place(meta, title, issuer)
    if not meta.jurisdiction:
        _place_of_doc_number(meta)
    if not meta.kind:
        meta.kind = next((kind for word, kind in _KINDS if title.endswith(word)), "")
        if meta.kind:
            _read(meta, "kind")
        elif kind := next((kind for word, kind in _KINDS if word in title), ""):
            meta.kind = kind
            meta.provenance["kind"] = GUESSED
    if not meta.era:
        _era(meta, title, to_simplified(text[:3000]))
    for name in ("title", "doc_number", "issuer", "issued"):
        if getattr(meta, name):
            meta.provenance.setdefault(name, READ)
    if meta.issuer and not meta.issuers:
        meta.issuers = [meta.issuer]


def _unmarked(text: str) -> str:
    return re.sub(r"^#{1,6}\s*", "", text.strip())


def _read(meta: PlanMetadata, *names: str) -> None:
    for name in names:
        meta.provenance.setdefault(name, READ)


def _place(meta: PlanMetadata, title: str, issuer: str) -> None:
    """Where the document comes from: the place its title starts with, else its issuer's; a
    name the gazetteer does not hold (a county renamed since) only when neither names one."""
    for source in (title, issuer):
        if source is issuer and _says_national(source) or _is_national(source, issuer=False):
            meta.jurisdiction, meta.level, meta.above = NATIONAL, "national", []
            break
        chain, used = place_prefix(source)
        if chain and not (len(chain) < 3 and _unknown_place(source[used:])):
            inner = chain[-1]
            meta.jurisdiction, meta.level = inner.name, inner.level
            meta.above = [p.name for p in (ancestors(inner) if inner.code else chain[:-1])]
            break
    else:
        for source in (title, issuer):
            chain, used = place_prefix(source)
            if len(chain) < 3 and (name := _unknown_place(source[used:])):
                outer = chain[-1] if chain else None
                meta.jurisdiction, meta.level = name, level_for(name)
                meta.above = [p.name for p in [*ancestors(outer), outer]] if outer else []
                meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED
                return
        return
    # A title or an issuer that names the place states it; the parents come from the gazetteer.
    _read(meta, "jurisdiction", "level")


# A division's name by its suffix, for names the gazetteer does not hold (created or renamed
# after its table): a short name, a level suffix, none of a plan's own words, not an area.
_SUFFIX_PLACE = re.compile(r"^([\u4e00-\u9fff]{1,8}?(?:自治州|自治县|自治旗|地区|盟|市|县|旗|区))")
_NOT_A_PLACE = (
    *("数字", "政府", "政务", "电子", "城市", "建设", "规划", "发展", "智慧", "信息", "网络"),
    *("关于", "推进", "加快", "全面", "深化", "人民", "办公", "公共", "全", "本", "各", "中国"),
)
_AREA = re.compile(
    r"(?:新区|片区|园区|开发区|试验区|示范区|功能区|城区|景区|保税区|合作区|经济区|特区)$"
)


def _unknown_place(text: str) -> str:
    m = _SUFFIX_PLACE.match(text)
    name = m.group(1) if m else ""
    if not name or len(name) < 2 or _AREA.search(name) or find_place(name):
        return ""
    if any(word in name for word in _NOT_A_PLACE) or re.search(r"[十一二三四五]五", name):
        return ""
    return name


# The one-character names provinces sign their 文号 with (皖政办秘〔2021〕82号). Left out: those a
# city signs with too (宁: 南京, 青: 青岛, 台: 台州, 新: 新乡…, 吉: 吉安, 黑: 黑河).
_PROVINCE_SIGNS = {
    **dict.fromkeys("京", "北京市"),
    **dict.fromkeys("津", "天津市"),
    **dict.fromkeys("沪", "上海市"),
    **dict.fromkeys("渝", "重庆市"),
    **dict.fromkeys("冀", "河北省"),
    **dict.fromkeys("晋", "山西省"),
    **dict.fromkeys("辽", "辽宁省"),
    **dict.fromkeys("苏", "江苏省"),
    **dict.fromkeys("浙", "浙江省"),
    **dict.fromkeys("皖", "安徽省"),
    **dict.fromkeys("闽", "福建省"),
    **dict.fromkeys("赣", "江西省"),
    **dict.fromkeys("鲁", "山东省"),
    **dict.fromkeys("豫", "河南省"),
    **dict.fromkeys("鄂", "湖北省"),
    **dict.fromkeys("湘", "湖南省"),
    **dict.fromkeys("粤", "广东省"),
    **dict.fromkeys("琼", "海南省"),
    **dict.fromkeys("川", "四川省"),
    **dict.fromkeys("黔", "贵州省"),
    **dict.fromkeys("云", "云南省"),
    **dict.fromkeys("陕", "陕西省"),
    **dict.fromkeys("甘", "甘肃省"),
    **dict.fromkeys("蒙", "内蒙古自治区"),
    **dict.fromkeys("桂", "广西壮族自治区"),
    **dict.fromkeys("藏", "西藏自治区"),
}


def _says_national(issuer: str) -> bool:
    """A central body's name, not a local branch of one (国家税务总局云南省税务局)."""
    if not _is_national(issuer):
        return False
    for at in range(1, len(issuer)):
        chain, used = place_prefix(issuer[at:])
        if chain and re.match(
            r"[\u4e00-\u9fff]*(?:省|自治区|市|州|盟|县|区|旗)$", issuer[at : at + used]
        ):
            return False
    return True


def _national_sign(doc_number: str) -> bool:
    """国发, 国办发, 国函 or a ministry's sign (工信部联规, 人社部发): the central government's."""
    sign = re.split(r"[〔\[【(（]", to_simplified(doc_number), maxsplit=1)[0]
    if not sign or "令" in sign or sign[0] in _PROVINCE_SIGNS and sign[0] != "国":
        return False
    return sign.startswith(("国发", "国办", "国函")) or bool(re.search(r"部|总局", sign))


def _is_place_title(title: str) -> bool:
    """A title that opens with a province's or city's full name (上海市…, 云南省…)."""
    chain, used = place_prefix(title)
    return bool(chain) and title[:used].endswith(
        ("省", "自治区", "市", "州", "盟", "县", "区", "旗")
    )


def _place_of_doc_number(meta: PlanMetadata) -> None:
    """A last guess from the 文号's sign: 国发/国办发 or a ministry's (劳社部发) is national,
    皖政办秘 is 安徽省's."""
    sign = re.split(r"[〔\[【(（]", to_simplified(meta.doc_number), maxsplit=1)[0]
    if not sign or "令" in sign:
        return
    if sign.startswith("国") or re.search(r"部|总局|委", sign):
        meta.jurisdiction, meta.level, meta.above = NATIONAL, "national", []
    elif (province := _PROVINCE_SIGNS.get(sign[0])) and re.search(r"政|办|府", sign[1:3]):
        meta.jurisdiction, meta.level, meta.above = province, "province", []
    else:
        return
    meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED


# 国务院办公厅, 中共中央办公厅, 国家发展改革委, 工业和信息化部: bodies of the central government.
_CENTRAL = re.compile(
    r"^(?:国务院|中共中央|中央|国家|全国人民代表大会|全国人大)"
    r"|^(?:中国人民银行|海关总署|审计署)|^[\u4e00-\u9fff]{2,8}(?:部|总局)(?:办公厅)?$"
)
_TITLE_ISSUER = re.compile(r"^([\u4e00-\u9fff、]{2,30}?)关于")


def _is_national(text: str, *, issuer: bool = True) -> bool:
    """A central body (as an issuer, 中国… and bare ministries count too; in a title 中国 is
    only a word: 数字中国, 中国（上海）自由贸易试验区)."""
    if not text:
        return False
    if text.startswith(_NATIONAL_ISSUERS):
        return True
    if not issuer or place_chain(text):
        return False
    first = re.split(r"[、，,\s]", text)[0]
    return bool(_CENTRAL.search(first)) or first.startswith("中国") and len(first) > 4


def level_for(name: str) -> str:
    """The level a name's suffix suggests, for names the gazetteer does not hold."""
    if name == NATIONAL or name.startswith(_NATIONAL_ISSUERS):
        return "national"
    if name.endswith(("省", "自治区")) or name in ("北京市", "天津市", "上海市", "重庆市"):
        return "province"
    if name.endswith(("市", "州", "盟", "地区")):
        return "prefecture"
    if name.endswith(("县", "区", "旗")):
        return "county"
    return ""


def _era(meta: PlanMetadata, title: str, text: str) -> None:
    """The planning period a title names; else the one its opening, its years or date fall in."""
    for source in (title, text):
        if m := _ERA.search(source):
            # 第十五个五年规划纲要 is 十五五
            meta.era = m.group() if len(m.group()) == 3 else "十" + m.group()[2] + "五"
            meta.start_year, meta.end_year = ERAS.get(meta.era, (None, None))
            meta.provenance["era"] = READ if source is title else GUESSED
            return
    if m := _YEARS.search(title):
        start, end = int(m.group(1)), int(m.group(2))
        era = _era_of(start, end)
        if era:
            meta.era = era
            meta.provenance["era"] = READ
        meta.start_year, meta.end_year = start, end
        return
    year = int(m.group(1)) if (m := _YEAR.search(title)) else None
    if meta.kind == "plan":
        # A plan's period is the one it was issued in. Opinions, measures and programmes that
        # name no period have none: a two-year programme issued in 2024 is not a 十四五 document.
        year = year or (meta.issued.year if meta.issued else None)
    if year and (era := _era_of(year, year)):
        meta.era = era
        meta.start_year, meta.end_year = ERAS[era]
        meta.provenance["era"] = GUESSED


def _era_of(start: int, end: int) -> str:
    for name, (first, last) in ERAS.items():
        if first <= start and end <= last:
            return name
    return ""
