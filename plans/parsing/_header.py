"""What the top of a document says about itself: front matter, the 印发通知 preamble (title,
letterhead, decree, addressees, signature), the title lines above the body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plans.parsing._facts import (
    DOC_NUMBER,
    DOCUMENT_WORDS,
    ISSUING_NOTICE,
    doc_number,
    fuller_issuer,
    is_national,
    looks_like_issuer,
    names_kind,
    signature_date,
    to_date,
    unmarked,
)
from plans.parsing._fields import (
    INFO_END,
    PAGE_FIELD,
    PANEL_HEADER_FIELD,
    read_database_fields,
    read_history,
    read_page_date,
    read_page_fields,
)
from plans.parsing._headings import classify, looks_like_heading
from plans.parsing._lines import CONTENTS, Line
from plans.parsing._places import place_chain
from plans.parsing.model import GUESSED, READ, PlanMetadata
from plans.parsing.text import fold, is_web_url, to_simplified

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


@dataclass
class Header:
    """Where the body starts, and what the lines before it said."""

    body_from: int  # index of the first line of the body
    # Where the body starts inside that line, as an offset in the document, when the title
    # runs on into it (常州市户籍准入管理若干规定　　第一条　为…); None: at the line's start.
    body_at: int | None = None
    # Where the body ends, as an offset in the document: at the signature of a notice whose own
    # text is the body (what follows is a page's links and menus); None: at the end.
    body_end: int | None = None
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
    top = read_database_fields(lines, top, meta)
    preamble_end, body_end = _preamble(lines, top, meta)
    if not meta.title:
        meta.title = _first_title_line(lines, top, preamble_end or len(lines))
        # The first short line is the title when it says what the document is (…规划, …意见);
        # otherwise (a news headline) it is only the best guess.
        if meta.title and not any(word in to_simplified(meta.title) for word in DOCUMENT_WORDS):
            meta.provenance["title"] = GUESSED
        _news_headline(meta)
    index = _title_lines(
        lines, preamble_end or top, meta, headlines=preamble_end is None, headings=headings
    )
    read_page_fields(lines, meta)
    if not meta.issued:
        _history_under_title(lines, meta)
    if not meta.issuer:
        _byline(lines, top, meta)
    if not meta.issued:
        _closing_signature(lines, meta)
    if not meta.issued:
        _signed_under_attachment_list(lines, meta)
    if not meta.issued or not meta.issuer:
        _printed_by(lines, meta)
    if not meta.issued:
        read_page_date(lines, meta)
    return Header(
        body_from=index,
        body_at=_title_run_on(lines, index, meta),
        body_end=body_end,
        meta=meta,
        warnings=warnings,
    )


def _history_under_title(lines: list[Line], meta: PlanMetadata) -> None:
    """The parenthesis under a title printed below a page's navigation, where the title lines
    are not read from the top: （2025年12月8日中国共产党郑州市第十二届委员会第九次全体会议通过）
    dates the document as it does under a title at the top."""
    title_key = fold(meta.title)
    if not title_key:
        return
    for index, line in enumerate(lines):
        if fold(line.text) == title_key:
            below = next((other for other in lines[index + 1 :] if other.text), None)
            if below is not None:
                read_history(below.text, meta)
            return


# 中共中央办公厅 国务院办公厅印发《关于…的意见》: a news agency's headline over the document it
# reports, naming who issued it (jointly, lead first) and the document's own title.
_NEWS_HEADLINE = re.compile(r"^([^《》]{2,80}?)印发《((?:[^《》]|《[^《》]*》)+)》$")


def _news_headline(meta: PlanMetadata) -> None:
    m = _NEWS_HEADLINE.match(unmarked(meta.title))
    if not m or "关于" in m.group(1):
        return
    names = [name for name in re.split(r"[\s\u3000、，,]+", m.group(1)) if name]
    bodies = [to_simplified(name) for name in names]
    if not names or not all(looks_like_issuer(b) or is_national(b) for b in bodies):
        return
    meta.title = m.group(2)
    meta.provenance.pop("title", None)
    if not meta.issuer:
        meta.issuer, meta.issuers = names[0], names


def _closing_signature(lines: list[Line], meta: PlanMetadata) -> None:
    """A signature at the very end of the text (an opinion printed without a notice around it):
    its date, and its issuer when the line above names one."""
    # （此件公开发布）, and the 版记 under the signature: 抄送：…, …2022年7月27日印发
    last = [i for i in range(len(lines) - 1, -1, -1) if lines[i].text][:12]
    while last and (_is_note(lines[last[0]].text) or _is_colophon(lines[last[0]].text)):
        last.pop(0)
    if last and (day := signature_date(lines[last[0]].text)):
        meta.issued = day
        _signatories(meta, _letterhead(lines, last[0], 0))
        return
    # A web page's signature followed by its share and close buttons (分享 / 【关闭窗口】 /
    # 扫码浏览): short lines of no sentence end the page below the signed body.
    for at in last:
        text = lines[at].text
        if (day := signature_date(text)) and (signed := _letterhead(lines, at, 0)):
            meta.issued = day
            _signatories(meta, signed)
            return
        if len(text.strip()) > 15 or re.search(r"[。；;，,]", text):
            return


_ATTACHMENT_LINE = re.compile(r"^附\s*件\s*\d*\s*[:：]")


def _signed_under_attachment_list(lines: list[Line], meta: PlanMetadata) -> None:
    """A notice that lists its attachments (附件：…) and signs under the list, the attachment
    itself printed after: the signature is the notice's, not the attachment's."""
    for index, line in enumerate(lines):
        if not _ATTACHMENT_LINE.match(line.text):
            continue
        below = [i for i in range(index + 1, min(len(lines), index + 40)) if lines[i].text][:6]
        for at in below:
            if _ATTACHMENT_LINE.match(lines[at].text) or re.match(
                r"^\d+\s*[.．、]", lines[at].text
            ):
                continue  # the list goes on (附件：1. … / 2. …)
            if day := signature_date(lines[at].text):
                if signed := _letterhead(lines, at, index + 1):
                    meta.issued = day
                    _signatories(meta, signed)
                return
            if not _bodies(lines[at].text):
                return


# 二〇二二年十二月, （2023年5月）, 2023年5月11日: the date a report prints under its authors.
_BYLINE_DATE = re.compile(
    r"^[（(]?(?:\d{4}|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?[）)]?$"
)


def _byline(lines: list[Line], top: int, meta: PlanMetadata) -> None:
    """A report's authors under its title, a line each or side by side, over the date it was
    written (深圳市统计局 / 深圳市妇女儿童工作委员会 / 二〇二二年十二月): its issuers, lead
    first."""
    texts = [i for i in range(top, min(len(lines), top + 60)) if lines[i].text]
    for n, i in enumerate(texts[:-1]):
        if looks_like_heading(lines[i].text):
            return
        if not _BYLINE_DATE.match(lines[texts[n + 1]].text.strip()):
            continue
        names = _letterhead(lines, texts[n + 1], top)
        if names:
            meta.issuer, meta.issuers = names[0], names if len(names) > 1 else []
        return


# 长沙市住房公积金管理委员会办公 室 2022年 7月 21 日印发: the 版记's last line, who printed
# the document and when.
_PRINTED_BY = re.compile(
    r"^(\S.{1,40}?)?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*印\s*发$"
)


def _printed_by(lines: list[Line], meta: PlanMetadata) -> None:
    """A signature the text does not hold (a scan's image, a garbled OCR) is stood in for by the
    印发 line: its date dates the document, and the office that printed it names the issuer it
    serves (a committee's 办公室 prints for the committee), a guess."""
    last = [line.text.strip() for line in lines[::-1] if line.text][:15]
    m = next((m for text in last if (m := _PRINTED_BY.match(text))), None)
    if m is None:
        return
    if not meta.issued and (day := to_date(*m.group(2, 3, 4))):
        meta.issued = day
    printer = re.sub(r"[\s\u3000\xa0]+", "", m.group(1) or "")
    # A government's office issues in its own name (坪山区人民政府办公室关于印发…); a
    # committee's office only prints for the committee.
    body = re.sub(r"(?<=委员会)办公[室厅]$", "", printer)
    named = fold(meta.title).startswith(fold(body))
    if not meta.issuer and looks_like_issuer(to_simplified(body)):
        meta.issuer = body
        meta.provenance["issuer"] = READ if named else GUESSED


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
            meta.doc_number = doc_number(value)
        elif key == "date" and (m := _ISO_DATE.search(value)):
            meta.issued = to_date(*m.groups())
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


# An order's sentence: 《重庆市人民政府关于修改〈…〉和〈…〉的决定》已经…审议通过，现予公布.
_PROMULGATION = re.compile(r"^《((?:[^《》]|《[^《》]*》)+)》\s*(?:已经|已于|经)")


def _promulgated(lines: list[Line], window: list[int]) -> str:
    """The rule (or the 决定) an order promulgates, named in 《》 at the head of its sentence
    (wrapped over lines); never the order's number, which is its 文号."""
    text = "".join(
        lines[i].text.strip() for i in window if not _DECREE_NUMBER.match(lines[i].text.strip())
    )
    if m := _PROMULGATION.match(text):
        return m.group(1).replace("〈", "《").replace("〉", "》")
    return ""


def _preamble(lines: list[Line], start: int, meta: PlanMetadata) -> tuple[int | None, int | None]:
    """The 印发通知 wrapped around a plan: its facts become metadata; returns the body's first
    line, and where the body ends (the signature's offset) when the notice is the body itself.

    Recognised by a 文号 line, a 关于印发…的通知 line, a decree line (…令) or a 各…： addressee line
    near the top, ended by the signature date (or, when there is none, by the addressee line).
    """
    # Wide enough for a page's clutter and eight letterhead lines of a joint notice above it.
    window = [i for i in range(start, min(len(lines), start + 80)) if lines[i].text][:40]
    found = date_at = addressee_at = signature_at = notice_at = None
    decree = notice = ""
    decree_at: int | None = None
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
        # A panel's cell (名称：…关于印发…的通知) names the notice, never its issuer: the label
        # and the short name inside it (信息名称：市政府关于…) are not a body's name.
        cell = _NAME_CELL.match(text)
        if cell:
            original, text = original[cell.end() :], text[cell.end() :]
        if "印发" in text and "关于印发" not in text and not issued:
            issued = [
                original[b.start(1) : b.end(1)]
                for b in _BOOK_TITLE.finditer(text)
                if not _cited(text, b.start(), b.end())
            ]
        m = ISSUING_NOTICE.search(text)
        if m and _cited(text, m.start(), m.end()):
            m = None  # 根据《…关于印发…的通知》（…〔2016〕180号）: a notice cited, not this one
        if m:
            # 关于印发X的通知 issues X when X is a document (…办法, …规划); else (a speech, a
            # list) the notice is titled by itself.
            subject = m.group(1) or names_kind(m.group(2))
            span = m.span(2) if subject else (0, len(text))
            title = _original(original, text, span).strip()
            if not notice or fold(original) == fold(notice):
                notice = original  # the title line printed last is the document's own
                if not cell:  # the title's last line, when printed over several
                    notice_at = max([i, *(j for j in joined if j > i)])
            if not meta.title or fold(title) == fold(meta.title):
                meta.title = title
            found = found if found is not None else i
            issuer = re.sub(r"^#{1,6}\s*", "", text[: m.start()]).lstrip("《〈")
            named = _original(original, text, (m.start() - len(issuer), m.start()))
            lead = _JOINT_ISSUERS.match(named)
            bodies = _bodies(named)
            open_to = not meta.issuer or (meta.issuer == header_issuer and not meta.issuers)
            if cell or re.search("[:：]", issuer):
                pass
            elif open_to and lead:
                meta.issuer = lead.group(1)  # 工业和信息化部等七部门: the lead, named first
            elif open_to and len(bodies) > 1:
                # 广州市人力资源和社会保障局 广州市公安局关于印发…: two bodies, lead first.
                meta.issuer, meta.issuers = bodies[0], bodies
            elif open_to and looks_like_issuer(issuer):
                meta.issuer = named
            elif not meta.issuer and not issuer.strip() and i > start:
                # 杭州市人民政府 / 关于印发…的通知: the issuer on the line above the title; a
                # joint notice prints one letterhead line per issuer, the lead one first.
                meta.issuers = _letterhead(lines, i, start)
                meta.issuer = meta.issuers[0] if meta.issuers else ""
        elif m := _DECREE.match(text):
            decree = _original(original, text, (0, m.end(1))) + "令"
            decree_at = decree_at if decree_at is not None else n
            meta.issuer = meta.issuer or decree[:-1]
            if m.group(2):
                meta.doc_number = meta.doc_number or decree + re.sub(r"\s+", "", m.group(2))
            found = found if found is not None else i
        elif decree and (m := _DECREE_NUMBER.match(text)):
            meta.doc_number = meta.doc_number or decree + re.sub(r"\s+", "", m.group(1))
        elif _is_doc_number_line(text):
            meta.doc_number = meta.doc_number or doc_number(original)
            found = found if found is not None else i
        elif m := re.search(r"(?:原文链接|来源链接|链接)[:：]\s*(https?://\S+)", text):
            if is_web_url(m.group(1)):
                meta.source_url = meta.source_url or m.group(1)
        elif _is_addressee(text, first=found is not None and addressee_at is None):
            meta.addressees = original.rstrip(":：")
            addressee_at = i
            found = found if found is not None else i
        elif (day := signature_date(text)) and found is not None:
            meta.issued = meta.issued or day
            # A short document signed at its very end: the date closes the document, not a
            # notice wrapped around it (the body starts after the addressee line).
            closes_document = all(
                not line.text or _is_note(line.text) or _is_colophon(line.text)
                for line in lines[i + 1 :]
            )
            # A notice whose own body carries the measures (一、… above the signature, nothing
            # numbered after it: no attachment, no document issued) is the outline itself.
            opening = next(
                (at for at in (addressee_at, notice_at) if at is not None),
                _last_title_line(lines, found, i),
            )
            # An attachment after the signature that holds only a form or a link (附件：申报表)
            # is no document issued; it stays a section of its own after the outline.
            attached = _numbered_lines(lines[i + 1 :], style="attachment")
            own_body = (
                opening is not None
                and _numbered_lines(lines[opening + 1 : i]) >= 2
                and _numbered_lines(lines[i + 1 :]) == attached
                and not _prints_title(lines[i + 1 :], meta.title)
            )
            if own_body and addressee_at is None:
                addressee_at = opening  # no addressees: the body starts under the title
            date_at = None if closes_document or own_body else i
            signed, first = _letterhead_lines(lines, i, start)
            _signatories(meta, signed)
            if own_body and not attached:
                # The outline ends where the signature starts (its bodies may share a line); a
                # page's links and menus follow.
                signature_at = lines[first].start
            break
    if found is None:
        return None, None
    if not meta.title and decree_at is not None:
        meta.title = _promulgated(lines, window[decree_at + 1 : decree_at + 9])
    if not meta.title and len(issued) == 1:
        # 现将《…》印发给你们 with no 关于印发 title line: the one document it issues names it.
        meta.title = issued[0]
    _several_documents(meta, notice, issued)
    end = date_at if date_at is not None else addressee_at
    if end is None:
        return None, None
    end += 1
    # "(此件公开发布)" and similar notes close the notice.
    while end < len(lines) and (not lines[end].text or _is_note(lines[end].text)):
        end += 1
    return end, signature_at


# 工业和信息化部等七部门, 市发展改革委等8部门: a joint document's issuers as its title counts them.
_JOINT_ISSUERS = re.compile(
    r"^([\u4e00-\u9fff]{2,30}?(?:部|委|局|厅|办|院|署|行|会|政府))等\s*[一二三四五六七八九十\d]{1,3}\s*个?"
    r"(?:部门|单位|部委)$"
)


def _letterhead(lines: list[Line], index: int, start: int) -> list[str]:
    """The issuer lines right above line ``index``, top first, letter-spacing removed; a line
    of several bodies side by side (A局 B局 中共C委统战部) gives each."""
    return _letterhead_lines(lines, index, start)[0]


def _letterhead_lines(lines: list[Line], index: int, start: int) -> tuple[list[str], int]:
    """``_letterhead``'s names, and the index of its top line (``index`` when there are none)."""
    names: list[str] = []
    top = index
    above = _previous_nonblank(lines, index)
    while above >= start and lines[above].text:
        # 省…联席会议（代章）: the note that one body's seal stands for the signer's is no name.
        name = _SEAL_NOTE.sub("", unmarked(_unspaced(lines[above].text)))
        # A panel's 发文单位：杭州市人民政府 row above the letterhead is the page's, not a name.
        panel = PAGE_FIELD.match(name) or PANEL_HEADER_FIELD.match(name)
        bodies = _bodies(name)
        if panel or not bodies or len(names) >= 30:
            break
        names[:0] = bodies
        top = above
        if above == start:
            break
        above = _previous_nonblank(lines, above)
    return names, top


_SEAL_NOTE = re.compile(r"[（(](?:代章|印章|盖章|签章)[）)]$")


def _bodies(text: str) -> list[str]:
    """The bodies a line names side by side, when every piece is one (else none)."""
    if re.search(r"[，,。：:；;！？!?]", text):
        return []  # a sentence (联系电话：…市住建局), not a signature
    pieces = [piece for piece in re.split(r"[\s\u3000\xa0、]+", text.strip()) if piece]
    # Side by side, a ministry counts (工业和信息化部 国家发展改革委), and a committee by its
    # short name (市住房城乡建设管理委 市房屋管理局); alone, 部 or 委 ends many words.
    if len(pieces) > 1 and all(
        looks_like_issuer(to_simplified(piece))
        or is_national(to_simplified(piece))
        or re.fullmatch(r"[省市区县州][\u4e00-\u9fff]{2,20}委", to_simplified(piece))
        for piece in pieces
    ):
        return pieces
    return [text.strip()] if looks_like_issuer(to_simplified(text.strip())) else []


def _signatories(meta: PlanMetadata, signed: list[str]) -> None:
    """The bodies signed above the date: several are joint issuers, lead first; one names the
    issuer more fully than a title's short name (深圳市坪山区… for 坪山区…, 常州市人民政府 for
    市政府)."""
    if not signed or len(meta.issuers) > 1:
        return
    if len(signed) > 1:
        if not meta.issuer or any(fold(name).endswith(fold(meta.issuer)) for name in signed):
            meta.issuer, meta.issuers = signed[0], signed
    elif not meta.issuer or fuller_issuer(signed[0], meta.issuer):
        meta.issuer, meta.issuers = signed[0], []


# 名称：, 信息名称：, 标题：, 内容概述：: a site panel's cells that hold the notice's title.
_NAME_LABEL = r"^(?:信息名称|文件名称|名\s*称|标\s*题|题\s*名|内容概述)"
_NAME_CELL = re.compile(_NAME_LABEL + r"(?:\s*[:：]\s*|\u3000[\s\u3000]*)")
# A panel copied cell by cell may set its label off by an ideographic space and no colon
# (名称　自然资源部…关于…的通知): the rest of the line is the title, whole. (With a colon the
# line is no title line: a panel read row-wise may put the next cell's value there.)
_SPACED_NAME_CELL = re.compile(_NAME_LABEL + r"\u3000[\s\u3000]*(?=\S)")
# Citing a document rather than issuing it: 根据《…》, 按照…, 为贯彻落实《…》.
_CITING = re.compile(r"(?:根据|按照|依据|依照|参照|贯彻|落实|执行)[^，,。；;]*$")
_CITED_NUMBER = re.compile(r"\s*[（(][^（()）]{0,20}\d{4}[^（()）]{0,12}号\s*[）)]")


def _cited(text: str, at: int, end: int) -> bool:
    """Whether text[at:end] lies in a 《…》 the sentence cites: one followed by its own 文号 in
    brackets, or named after 根据, 按照, 为贯彻…."""
    opening = text.rfind("《", 0, at + 1)
    if opening < 0 or "》" in text[opening:at]:
        return False
    closing = text.find("》", end - 1)
    if closing < 0:
        return False
    return bool(_CITED_NUMBER.match(text, closing + 1) or _CITING.search(text, 0, opening))


# 各区人民政府：, and lists that start elsewhere: 机关各处室、局属各单位：, 市国土局，江宁区政府：
_ADDRESSEE_END = re.compile(
    r"(?:单位|部门|政府|局|委|办|厅|处室|机构|机关|公司|企业|办事处|委员会|党组|党委)\s*[:：]$"
)


def _is_addressee(text: str, *, first: bool) -> bool:
    """各区人民政府：; the other shapes only as the first such line under a notice's title or
    文号 (a body line may end 以下单位：)."""
    if len(text) >= 80 or not text.endswith((":", "：")) or "。" in text:
        return False
    if text.startswith("各"):
        return True
    return first and not looks_like_heading(text) and bool(_ADDRESSEE_END.search(text))


def _last_title_line(lines: list[Line], start: int, stop: int) -> int:
    """The last of the 文号 and title lines from ``start``, before the notice's first sentence."""
    last = start
    for at in range(start + 1, stop):
        if lines[at].text and not (
            _is_title_like(lines[at].text) or _is_doc_number_line(lines[at].text)
        ):
            break
        last = at if lines[at].text else last
    return last


def _numbered_lines(lines: list[Line], *, style: str = "") -> int:
    """How many lines open with an outline number (一、, （一）, 第一条, 1., 附件, ## 第一章), or
    with one of ``style``."""
    return sum(
        1
        for line in lines
        if line.text
        and (h := classify(line.text))
        and (h.style == style if style else h.style not in _UNNUMBERED or h.label)
    )


_UNNUMBERED = ("bullet", "box", "preface", "markdown", "headline")


def _prints_title(lines: list[Line], title: str) -> bool:
    """Whether the document's title is printed again in ``lines``: the issued document follows."""
    key = fold(title)
    return bool(key) and any(fold(unmarked(line.text)) == key for line in lines if line.text)


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


def _several_documents(meta: PlanMetadata, notice: str, issued: list[str]) -> None:
    """A notice that issues several documents (印发《A》《B》) is titled by the notice itself."""
    named = fold(meta.title)
    documents = list(dict.fromkeys(t for t in issued if fold(t) and fold(t) in named))
    if len(documents) >= 2 and notice:
        meta.documents = documents
        meta.title = notice


# A site's column name over its articles (通知公告, 政策文件, 工作动态): a page's label, never
# the title of the document under it, though it names a kind of document.
_PAGE_LABEL = re.compile(
    r"^(?:通知公告|公告公示|公示公告|通知通告|政策文件|政策法规|法规文件|工作动态|新闻动态|"
    r"政策解读|文件通知|最新公告|信息公开)$"
    r"|^[·•]"  # a menu's item (·计划规划)
)


def _first_title_line(lines: list[Line], start: int, stop: int) -> str:
    # A markdown document's title is often its one "# " heading; a letterhead (南京市住房保障和
    # 房产局文件) is whose paper it is printed on, never a title.
    nonblank = _without_reading_links(
        [
            _SPACED_NAME_CELL.sub("", re.sub(r"^#(?!#)\s*", "", line.text))
            for line in lines[start:stop]
            if line.text
            and not _is_letterhead(line.text)
            and not _opens_contents(line.text)
            and not _PAGE_LABEL.match(line.text.strip())
        ]
    )
    first = _first_title_candidate(nonblank)
    if first and _names_document(first):
        return _with_issuer_below(nonblank, first)
    # 公 开, CSCR-2022-87001, a scan's garbled letterhead, 附件, a site's logo (万载县人民政府-):
    # the first short line names no document; a notice's title (…关于…的通知) or a line that
    # names a kind of document further down is the title.
    return _notice_title(nonblank[:12]) or _document_line(nonblank[:20]) or first


# A page's link to the notice's reading (《关于…的通知》政策解读, 问答-《…》), alone or run on
# into the notice's own title when the page's lines were joined: it names the notice, it is
# no title.
_READING_LINK = re.compile(
    r"^(?:(?:问答|图解|解读)\s*[-—:：]\s*《(?P<a>[^《》]+)》"
    r"|《(?P<b>[^《》]+)》\s*(?:政策)?(?:解读|图解|问答))\s*"
)


def _without_reading_links(texts: list[str]) -> list[str]:
    """``texts`` without the reading links that name a notice printed on the page (on a line of
    its own, or run on after the link); a reading's own title (《X规划》解读, X printed nowhere
    else) stays."""
    printed = {fold(text) for text in texts}
    out = []
    for text in texts:
        m = _READING_LINK.match(text)
        named = fold(m.group("a") or m.group("b")) if m else ""
        if m and (named in printed or fold(text[m.end() :]) == named):
            text = text[m.end() :]
        if text:
            out.append(text)
    return out


def _with_issuer_below(nonblank: list[str], first: str) -> str:
    """A page's headline (关于…的通知) printed again a few lines down under the issuer's line
    (东营市住房公积金管理委员会 / 关于…的通知): the document's own title is the fuller one."""
    at = nonblank.index(first) if first in nonblank else -1
    for n in range(at + 1, min(len(nonblank) - 1, at + 6)) if at >= 0 else ():
        above, text = nonblank[n], nonblank[n + 1]
        if text == first and looks_like_issuer(to_simplified(above)) and _is_title_like(above):
            return above + first
    return first


def _names_document(text: str) -> bool:
    return any(word in to_simplified(text) for word in DOCUMENT_WORDS)


# The end of a notice's title, and the note a title may carry on a line of its own.
_NOTICE_END = re.compile(r"的[\u4e00-\u9fff]{0,6}(?:通知|意见|决定|通告|公告|批复)$")
_TITLE_NOTE = re.compile(r"^[（(][\u4e00-\u9fff]{2,8}[）)]$")


def _notice_title(texts: list[str]) -> str:
    """关于…的通知 printed over up to three lines; the issuers printed above it, one a line (海南
    A厅 / B局 / 关于…), or the end of their names on its first line (…佛山市住房和 / 城乡建设局
    关于…), joined before it; a note line under it (（征求意见稿）) after it."""
    for at, text in enumerate(texts):
        # 《关于…的通知》政策解读: a link to the notice's reading names the notice, it is none.
        if "关于" not in _BOOK_TITLE.sub("", to_simplified(text)) or not _is_title_like(text):
            continue
        title, end = text, at
        while not _NOTICE_END.search(to_simplified(title)) and end + 1 < min(len(texts), at + 3):
            end += 1
            if not _is_title_like(texts[end]):
                break
            title += texts[end]
        if not _NOTICE_END.search(to_simplified(title)):
            continue
        if end + 1 < len(texts) and _TITLE_NOTE.match(texts[end + 1]):
            title += texts[end + 1]
        named = to_simplified(title).split("关于", 1)[0]
        # A ministry names no place and needs none (自然资源部 …关于…): its name is whole.
        whole = place_chain(named) or is_national(re.split(r"[\s\u3000\xa0]", named.strip())[0])
        if named and not whole and at and _is_title_like(texts[at - 1]):
            return texts[at - 1] + title
        above = at
        while not named and above and looks_like_issuer(to_simplified(texts[above - 1])):
            above -= 1
        return " ".join(texts[above:at]) + title
    return ""


def _document_line(texts: list[str]) -> str:
    """The first title-like line that names a kind of document (…统计公报)."""
    # A body's name alone on its line (南昌市自然资源和规划局) is a signature, never a title,
    # whatever words its name holds.
    return next(
        (
            t
            for t in texts
            if _is_title_like(t) and _names_document(t) and not looks_like_issuer(to_simplified(t))
        ),
        "",
    )


def _first_title_candidate(nonblank: list[str]) -> str:
    for n, text in enumerate(nonblank[:3]):
        # 常州市户籍准入管理若干规定　　第一条　为…: a page's paragraph holding the title and the
        # first article; the title is what stands before the wide gap.
        run_on = _RUN_ON_TITLE.match(text)
        if run_on and _is_title_like(run_on.group(1)) and looks_like_heading(run_on.group(2)):
            return run_on.group(1)
        if not _is_title_like(text):
            continue
        after = nonblank[n + 1] if n + 1 < len(nonblank) else ""
        # 安庆市住房公积金管理委员会 / 关于调整…的意见: a title printed over two lines, its issuer
        # on the first, is one title; the issuer's line alone is a letterhead, not the title.
        issuer_line = looks_like_issuer(to_simplified(text))
        if issuer_line and _is_title_like(after) and to_simplified(after).startswith("关于"):
            return text + after
        # 深圳市…独角兽企业行 / 动计划（2025—2027年）: a title broken where the line was full
        # names what the document is only once its second line is run on.
        if _is_title_like(after) and not names_kind(text) and names_kind(text + after):
            return text + after
        return text
    return ""


_GAP = re.compile(r"[\s\u3000\xa0]+")
_RUN_ON_TITLE = re.compile(r"^(\S.*?)[ \u3000\xa0]{2,}(\S.*)$")


def _title_part(lines: list[Line], index: int, title_key: str) -> int | None:
    """The index after a title broken over line ``index`` and the next nonblank one, if it is."""
    first = fold(lines[index].text)
    if not first or not title_key.startswith(first):
        return None
    after = index + 1
    while after < len(lines) and not lines[after].text:
        after += 1
    if after < len(lines) and first + fold(lines[after].text) == title_key:
        return after + 1
    return None


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
        if not text or INFO_END.match(text) or read_history(text, meta):
            index += 1
            continue
        repeated_title = title_key and fold(text) == title_key
        # A page's headline that gives the title without the issuer named before 关于
        # (关于…的通知 over 东营市…委员会 / 关于…的通知) is the title again.
        headline_of_title = (
            not skipped
            and title_key
            and fold(text).startswith("关于")
            and title_key.endswith(fold(text))
        )
        if headline_of_title and not repeated_title:
            index += 1
            skipped += 1
            continue
        if title_key and not repeated_title and (part := _title_part(lines, index, title_key)):
            index = part  # the title printed over two lines (…转型发展 / 实施细则)
            skipped += 1
            continue
        if repeated_title and not meta.documents:
            meta.title = re.sub(r"^#{1,6}\s*", "", text)  # as printed, 《》 and all
        headline = headlines and 0 < skipped < 3 and _is_title_like(text)
        headline = headline and not CONTENTS.match(text) and index not in headings
        if not (repeated_title or headline):
            break
        skipped += 1
        index += 1
    return index


def _title_run_on(lines: list[Line], index: int, meta: PlanMetadata) -> int | None:
    """The offset of the first heading on the line at ``index`` when the line opens with the
    document's title and runs on into that heading (a web page's paragraph holding both)."""
    if index >= len(lines) or not meta.title:
        return None
    line = lines[index]
    title = re.sub(r"^#{1,6}\s*", "", line.text)
    if not title.startswith(meta.title) or fold(title) == fold(meta.title):
        return None
    m = _GAP.match(line.text, len(line.text) - len(title) + len(meta.title))
    if not m or not looks_like_heading(line.text[m.end() :]):
        return None
    return line.offset(m.end())


def _original(original: str, simplified: str, span: tuple[int, int]) -> str:
    """The piece of ``original`` at ``span`` of its simplified form (t2s keeps lengths here)."""
    source = original if len(original) == len(simplified) else simplified
    return source[span[0] : span[1]]


def _is_title_like(text: str) -> bool:
    return (
        len(text) <= 50
        and not re.search(r"[。；;，,：:]", text)
        and not looks_like_heading(text)
        and not _is_doc_number_line(text)
        and not text.startswith(("#", "```", "!["))
    )


def _opens_contents(text: str) -> bool:
    """目录, or 目　录　　第一章　总体要求: a table of contents, never a title."""
    return bool(CONTENTS.match(_RUN_ON_TITLE.sub(r"\1", text)))


def _is_letterhead(text: str) -> bool:
    """南京市住房保障和房产局文件, 福 州 市 人 民 政 府 办 公 厅 文 件: the paper's head."""
    name = to_simplified(re.sub(r"[\s\u3000\xa0]+", "", text))
    return name.endswith("文件") and bool(_bodies(name[:-2]))


def _is_doc_number_line(text: str) -> bool:
    return bool(DOC_NUMBER.search(text)) and len(text) <= 24


def _is_note(text: str) -> bool:
    return bool(re.fullmatch(r"[（(][^（()）]{2,20}[）)]", text))


# The 版记 printed under a signed document: who receives copies, who printed it and when.
_COLOPHON = re.compile(
    r"^(?:抄\s*送|抄\s*报)\s*[:：]|^\S.{1,40}?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印\s*发$"
)


def _is_colophon(text: str) -> bool:
    return bool(_COLOPHON.search(text.strip())) and len(text) <= 200


def _previous_nonblank(lines: list[Line], index: int) -> int:
    index -= 1
    while index > 0 and not lines[index].text:
        index -= 1
    return index
