"""Facts a page or a database prints as labelled fields: a site's panel (文号：…, [发文机构] …),
a legal database's 【】 fields (北大法宝), a law's history of revisions under its title."""

from __future__ import annotations

import re
from dataclasses import dataclass

from plans.parsing._facts import (
    DOCUMENT_WORDS,
    doc_number,
    fuller_issuer,
    is_national,
    issued_title,
    looks_like_issuer,
    to_date,
)
from plans.parsing._lines import Line
from plans.parsing._places import place_chain
from plans.parsing.model import GUESSED, PlanMetadata
from plans.parsing.numerals import read_numeral
from plans.parsing.text import is_web_url, to_simplified

# Fields of a legal database's export (北大法宝: 【法宝引证码】, 【发布部门】, …) and the link to
# the original it prints at the top.
_DATABASE_FIELD = re.compile(
    r"^【\s*(法宝引证码|发布部门|制定机关|发文机关|发文字号|文号|发布日期|公布日期|成文日期"
    r"|实施日期|施行日期|时效性|效力级别|效力位阶|法规类别|标题)\s*】\s*[:：]?\s*(.*)$"
)
# The same facts as a site's panel prints them above the text: [发文机构] 北京市人民政府
# (首都之窗), or 发文机构:来安县人民政府办公室 one to a line (中房网).
PANEL_HEADER_FIELD = re.compile(
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


def read_database_fields(lines: list[Line], start: int, meta: PlanMetadata) -> int:
    """The header lines of a legal-database export: kept as metadata, not taken for a title."""
    index = start
    while index < len(lines):
        text = lines[index].text
        m = _DATABASE_FIELD.match(text)
        if not m and (panel := PANEL_HEADER_FIELD.match(text)):
            m = _Field(panel.group(1) or panel.group(2), panel.group(3).strip())
        if m:
            key, value = m.groups()
            key = {"发文机构": "发文机关", "颁发时间": "成文日期"}.get(key, key)
            if key == "联合发文单位" and value:
                # 北京市教育委员会;北京市人力资源和社会保障局: a cell parts its bodies by any
                # list mark, semicolons too.
                meta.issuers = [meta.issuer or "", *re.split(r"[、，,;；\s]+", value)]
            elif key in ("发布部门", "制定机关", "发文机关") and value and not meta.issuer:
                bodies = joint_bodies(value)
                meta.issuer = bodies[0] if bodies else value
                if len(bodies) > 1 and len(meta.issuers) < 2:
                    meta.issuers = bodies
            elif key in ("发文字号", "文号") and value:
                # The panel's empty field (〔〕号) names no document: a 文号 holds a figure.
                numbered = re.search(r"[\d〇零一二三四五六七八九十]", value)
                meta.doc_number = (
                    meta.doc_number or doc_number(value) or (value if numbered else "")
                )
            elif key in ("发布日期", "公布日期", "成文日期") and (d := _ANY_DATE.search(value)):
                meta.issued = meta.issued or to_date(*d.groups())
            elif key == "标题" and value:
                meta.title = meta.title or value
        elif m := _LINK.match(text):
            if is_web_url(m.group(1)):
                meta.source_url = meta.source_url or m.group(1)
        elif text:
            break
        index += 1
    return index if index > start and any(lines[i].text for i in range(start, index)) else start


# A web page's panel of facts about the document (gov.cn and most government sites):
# 文　　号：杭政函〔2026〕24号 / 成文日期：2026-03-19 / 发文单位：杭州市人民政府. The date the
# page was published (发布日期) is the site's, not the document's.
# A panel laid out as a table comes out one line per row, several cells to a line
# (发文机关： 国务院办公厅 　成文日期： 2018年12月07日): each key's value stops where the next
# key starts.
_PANEL_KEYS = (
    r"文\s*号|发文字号|文件编号|成文日期|生成日期|发文日期|发文机关|发文单位|发文机构|发布机构"
    r"|发布单位|制发机关|标\s*题|信息名称|文件名称|名\s*称"
    r"|索\s*引\s*号|分\s*类"
    r"|主题分类|主\s*题\s*词|发布日期|公开日期|生效日期|信息来源|文件状态"
)
PAGE_FIELD = re.compile(rf"^(?:{_PANEL_KEYS})\s*[:：]")
_PAGE_CELL = re.compile(
    rf"({_PANEL_KEYS})\s*[:：][\s\u3000]*(.*?)[\s\u3000]*(?=[\s\u3000](?:{_PANEL_KEYS})\s*[:：]|$)"
)


# A panel copied cell by cell with no colons, label and value set off by ideographic spaces
# (发文字号　自然资发〔2023〕29号　发布机构　部委联合发文).
_SPACED_FIELD = re.compile(rf"^(?:{_PANEL_KEYS})\u3000+\S")
_SPACED_CELL = re.compile(
    rf"({_PANEL_KEYS})\u3000+([^\u3000]*?)\u3000*(?=\u3000(?:{_PANEL_KEYS})\u3000|$)"
)


def read_page_fields(lines: list[Line], meta: PlanMetadata) -> None:
    """Fill what the document's own lines left unsaid from a web page's panel of facts."""
    top = [line.text for line in lines[:80] if line.text]
    for n, text in enumerate(top):
        if _SPACED_FIELD.match(text) and not PAGE_FIELD.match(text):
            for m in _SPACED_CELL.finditer(text):
                _page_field(meta, re.sub(r"\s+", "", m.group(1)), m.group(2).strip())
            continue
        if not PAGE_FIELD.match(text):
            continue
        for m in _PAGE_CELL.finditer(text):
            value = m.group(2).strip()
            if not value and m.end() == len(text) and n + 1 < len(top):
                # 标　　题： alone, its value in the next cell down (a panel read column-wise).
                value = "" if PAGE_FIELD.match(top[n + 1]) else top[n + 1]
            _page_field(meta, re.sub(r"\s+", "", m.group(1)), value)


# A page's own stamp under its headline (2025-03-04 09:49:09 【字体：大 中 小】), 发布日期：…
_PAGE_STAMP = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?(?!\S)")
_PUBLISHED = re.compile(
    r"(?:发布日期|发布时间|公开日期)\s*[:：]\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})"
)


def read_page_date(lines: list[Line], meta: PlanMetadata, *, before: int | None = None) -> None:
    """The day the site published the page, for a document that prints no date of its own: a
    guess (the site's date, not the document's), so it never outranks one the document gives.

    Looked for near the top, or, given ``before`` (where the body starts), anywhere above the
    body: a panel under a site's long menus (发布日期：2022.07.15) stands far down."""
    if before is None:
        texts = [line.text for line in lines[:80] if line.text][:40]
    else:
        texts = [line.text for line in lines if line.text and line.start < before][:200]
    for text in texts:
        m = _PAGE_STAMP.match(text) or _PUBLISHED.search(text)
        if m and (day := to_date(*m.groups())):
            meta.issued = day
            meta.provenance["issued"] = GUESSED
            return


def joint_bodies(value: str) -> list[str]:
    """The bodies a 发文机关 cell names, lead first, when it joins several with 、 (北京市科学技术
    委员会、中关村科技园区管理委员会); else none."""
    pieces = [piece.strip() for piece in re.split(r"[、，,；;]", value) if piece.strip()]
    if len(pieces) > 1 and all(
        looks_like_issuer(to_simplified(piece)) or is_national(to_simplified(piece))
        for piece in pieces
    ):
        return pieces
    return []


def _page_field(meta: PlanMetadata, key: str, value: str) -> None:
    if not value:
        return
    if key in ("文号", "发文字号", "文件编号"):
        meta.doc_number = meta.doc_number or doc_number(value)
    elif key in ("成文日期", "生成日期", "发文日期") and (day := _ANY_DATE.search(value)):
        meta.issued = meta.issued or to_date(*day.groups())
    elif key in ("发文机关", "发文单位", "发文机构", "发布机构", "发布单位", "制发机关") and (
        looks_like_issuer(value) or is_national(value)  # 工业和信息化部: a ministry
    ):
        if len(bodies := joint_bodies(value)) > 1:
            if len(meta.issuers) < 2:
                meta.issuer, meta.issuers = bodies[0], bodies
        elif not meta.issuer or len(meta.issuers) < 2 and fuller_issuer(value, meta.issuer):
            meta.issuer, meta.issuers = value, []
    elif (
        key in ("标题", "名称", "信息名称", "文件名称")
        and (value := issued_title(value))
        and (
            # 名称：…关于印发《X》的通知 titles X, as the notice's own line does. A title that
            # names no kind of document is a cell read out of place (标题： 国务院办公厅).
            any(word in to_simplified(value) for word in DOCUMENT_WORDS)
            and (not meta.title or meta.provenance.get("title") == GUESSED)
        )
    ):
        meta.title = value
        meta.provenance.pop("title", None)


# A law database's record of how the text came to be, under its title: 2019年4月3日
# 中华人民共和国国务院令第711号修订; 2021年11月25日 上海市第十五届人民代表大会常务委员会第三十七次
# 会议通过; in parentheses too. (LawRefBook's markdown closes the block with <!-- INFO END -->.)
# Its dates in digits or in Chinese numerals (（二〇二五年十二月一日…全体会议通过）).
_DAY = (
    r"(\d{4}|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
_HISTORY = re.compile(
    rf"^[（(]?\s*{_DAY}\s*([^，。,；;]*?)"
    r"(通过|公布|发布|印发|修订|修正|修改|批准|施行)([^。]*?)[）)]?$"
)
INFO_END = re.compile(r"^<!--\s*INFO END\s*-->$")
_DECREE_IN = re.compile(r"(.+?令)\s*第\s*(\d{1,4})\s*号")
_DECREE_AFTER = re.compile(
    r"^(\S.+?(?:人民政府|政府|委员会|部|局|署|院|厅))\s*第\s*(\d{1,4})\s*号令"
    # 第 277 号令第一次修改: the order's number, then which amendment it made.
    r"(?:第[一二三四五六七八九十]+次)?$"
)
_CONGRESS = re.compile(
    r"^(.+?)第[一二三四五六七八九十]+届(人民代表大会(?:常务委员会)?)第.+?次会议$"
)


# Where one act of a history starts inside a parenthesis that lists several: its date, after
# 根据 or a blank; a date after 自 or 于 is when an act takes effect, part of the act before it.
_ACT_DATE = re.compile(rf"(?:根据\s*)?{_DAY}")


def history_acts(text: str) -> list[str]:
    """The acts of a history line, one each: a 规章's parenthesis joined from several lines
    (（2002 年…第 93 号令公布 根据 2007 年…第 187 号令第一次修改 根据 …第五次修改）) names the
    order that issued the rule and every order that amended it."""
    starts = [
        m.start()
        for m in _ACT_DATE.finditer(text)
        if text[: m.start()].strip(" \u3000（(")
        and not re.search(r"[自于在]\s*$", text[: m.start()])
    ]
    bounds = [0, *starts, len(text)]
    acts = [text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
    acts = [re.sub(r"^([（(]?)\s*根据\s*", r"\1", act) for act in acts]
    if all(_HISTORY.match(act) and len(act) <= 120 for act in acts):
        return acts
    # A line whose later dates open no act of their own is one act, read as a whole.
    return [text] if _HISTORY.match(text) and len(text) <= 120 else []


def read_history(text: str, meta: PlanMetadata) -> bool:
    """Read a line of a law's history into the metadata: the latest act dates the text, the
    first names its issuer, a decree its number (the last decree: the text printed is the rule
    as last amended)."""
    acts = history_acts(text)
    for act in acts:
        _read_act(act, meta)
    first = _DECREE_AFTER.search(_HISTORY.match(acts[0]).group(4).strip()) if acts else None
    if (
        len(acts) > 1
        and first
        and not meta.doc_number.startswith(first.group(1) + f"第{first.group(2)}号")
    ):
        # Kept for the reader: the order that first issued the rule, its date and number.
        meta.first_order = re.sub(r"[\s（()）]+", "", acts[0])
    return bool(acts)


def _read_act(text: str, meta: PlanMetadata) -> None:
    m = _HISTORY.match(text)
    day = to_date(*(str(read_numeral(part) or 0) for part in m.groups()[:3]))
    body, act = m.group(4).strip(), m.group(5)
    if act == "施行" or day is None:
        return  # when it takes effect, not when it was made
    # The latest act dates the text; one before the date a notice around it was signed (a
    # plan approved by the congress, then issued: （2026年1月21日…审查批准）) does not.
    before_notice = not meta.history_dated and meta.issued and day < meta.issued
    if not before_notice and (not meta.history_dated or (meta.issued and day > meta.issued)):
        meta.issued = day
        meta.history_dated = True
    if decree := _DECREE_IN.search(body):
        meta.doc_number = decree.group(1) + f"第{decree.group(2)}号"
        meta.issuer = meta.issuer or decree.group(1)[:-1]
    elif decree := _DECREE_AFTER.search(body):
        # 北京市人民政府第 314 号令发布: the number before 令, as the government writes it.
        meta.doc_number = decree.group(1) + f"第{decree.group(2)}号令"
        meta.issuer = meta.issuer or decree.group(1)
    elif congress := _CONGRESS.match(body):
        meta.issuer = meta.issuer or congress.group(1) + congress.group(2)


# 来源：市住房公积金管理中心 in a page's stamp line: the body the site credits with the page. A
# newspaper, an agency or another site (人民日报, 新华社, 中国政府网, 客户端) is credited the same
# way but is no issuer; only a name ending as a government body's does (looks_like_issuer), and
# never a short one (工信部) that a crawler's header writes.
_SOURCE = re.compile(r"(?:^|\s)(?:信息来源|文章来源|来源)\s*[:：]\s*([^\s:：]{2,40})")
_NOT_A_BODY = re.compile(r"报|网|社|台|客户端|公众号|微信|微博|新闻|媒体|记者")
# Who runs the site, which places a body the page names without its place: 主办单位：蚌埠市
# 人民政府办公室 in the footer, beside the governments `page_owners` reads (<title>, 版权所有).
_SITE_OWNER = re.compile(r"(?:主办单位|主办)\s*[:：]\s*(\S+)")
_SHORT_BODY = re.compile(r"^(省|市|区|县|州)(?!政府|人民政府)")


def read_page_source(lines: list[Line], meta: PlanMetadata, *, owners: list[str]) -> None:
    """The issuer of a page that signs with no name: its 来源 when that names a government body
    (a guess, the site's credit), placed by the site's owner when it names no place itself."""
    texts = [line.text for line in lines if line.text]
    for text in texts[:80]:
        if not (m := _SOURCE.search(text)):
            continue
        body = to_simplified(m.group(1))
        # 宿州市房管中心: a place's service centre, which runs the site and issues its rules.
        centre = body.endswith("中心") and bool(place_chain(body))
        if _NOT_A_BODY.search(body) or not (looks_like_issuer(body) or centre) or len(body) < 5:
            return
        if _SHORT_BODY.match(body) and not (body := _placed(body, texts, owners)):
            return
        meta.issuer, meta.issuers = body, [body]
        meta.provenance["issuer"] = GUESSED
        return


def _placed(body: str, texts: list[str], owners: list[str]) -> str:
    """市住房公积金管理中心 with the site owner's place of that rank (蚌埠市…), or ""."""
    owners = [m.group(1) for text in texts if (m := _SITE_OWNER.search(text))] + owners
    rank = {"省": "province", "市": "prefecture", "区": "county", "县": "county"}.get(body[0])
    for owner in owners:
        chain = place_chain(to_simplified(owner.strip()))
        if chain and chain[-1].level == rank and chain[-1].name.endswith(body[0]):
            return chain[-1].name + body[1:]
    return ""
