"""The 印发通知 (or decree) wrapped around a document: its title, 文号, issuers, addressees and
signature become the document's metadata, and it tells where the body starts and ends."""

from __future__ import annotations

import re

from plans.parsing._document_title import BOOK_TITLE, NAME_CELL, is_doc_number_line, is_title_like
from plans.parsing._facts import (
    ISSUING_NOTICE,
    doc_number,
    looks_like_issuer,
    names_kind,
    signature_date,
    unmarked,
)
from plans.parsing._headings import classify, looks_like_heading
from plans.parsing._lines import Line
from plans.parsing._signatures import (
    is_colophon,
    is_note,
    letterhead,
    letterhead_lines,
    named_bodies,
    signatories,
)
from plans.parsing.model import PlanMetadata
from plans.parsing.text import fold, is_web_url, to_simplified

# A decree (令) names its issuer and number: 上海市人民政府令 / （第19号）, or 令第19号 on one line.
_DECREE = re.compile(
    r"^([\u4e00-\u9fff]{2,40}?(?:人民政府|政府|委员会|部|局|署|院|厅|办公室))令"
    r"\s*(?:[（(]?\s*(第\s*\d{1,4}\s*号)\s*[）)]?)?$"
)
_DECREE_NUMBER = re.compile(r"^[（(]?\s*(第\s*\d{1,4}\s*号)\s*[）)]?$")


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


def read_preamble(
    lines: list[Line], start: int, meta: PlanMetadata
) -> tuple[int | None, int | None]:
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
    # Addressees stand above the body: once an outline's heading has passed, a line opening 各…
    # and closing with a colon is the body speaking (各位代表，…做好十个方面工作：).
    headed = False
    for n, i in enumerate(window):
        headed = headed or bool(n and _opens_outline(lines[window[n - 1]].text))
        if i in joined:
            continue
        original = _title_over_lines(lines, window[n:], joined)
        text = to_simplified(original)
        # A panel's cell (名称：…关于印发…的通知) names the notice, never its issuer: the label
        # and the short name inside it (信息名称：市政府关于…) are not a body's name.
        cell = NAME_CELL.match(text)
        if cell:
            original, text = original[cell.end() :], text[cell.end() :]
        # A notice issues what it names above the outline, under its addressees (现将《…》印发
        # 给你们); once the outline has begun, 省政府印发《…》 is the body reporting another's act.
        if "印发" in text and "关于印发" not in text and not issued and not headed:
            issued = [
                original[b.start(1) : b.end(1)]
                for b in BOOK_TITLE.finditer(text)
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
            bodies = named_bodies(named)
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
                meta.issuers = letterhead(lines, i, start)
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
        elif is_doc_number_line(text):
            meta.doc_number = meta.doc_number or doc_number(original)
            found = found if found is not None else i
        elif m := re.search(r"(?:原文链接|来源链接|链接)[:：]\s*(https?://\S+)", text):
            if is_web_url(m.group(1)):
                meta.source_url = meta.source_url or m.group(1)
        elif not headed and _is_addressee(text, first=found is not None and addressee_at is None):
            meta.addressees = original.rstrip(":：")
            addressee_at = i
            found = found if found is not None else i
        elif (day := signature_date(text)) and found is not None:
            meta.issued = meta.issued or day
            # A short document signed at its very end: the date closes the document, not a
            # notice wrapped around it (the body starts after the addressee line).
            closes_document = all(
                not line.text or is_note(line.text) or is_colophon(line.text)
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
            signed, first = letterhead_lines(lines, i, start)
            signatories(meta, signed)
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
    while end < len(lines) and (not lines[end].text or is_note(lines[end].text)):
        end += 1
    return end, signature_at


# 工业和信息化部等七部门, 市发展改革委等8部门: a joint document's issuers as its title counts them.
_JOINT_ISSUERS = re.compile(
    r"^([\u4e00-\u9fff]{2,30}?(?:部|委|局|厅|办|院|署|行|会|政府))等\s*[一二三四五六七八九十\d]{1,3}\s*个?"
    r"(?:部门|单位|部委)$"
)
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
            is_title_like(lines[at].text) or is_doc_number_line(lines[at].text)
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


def _opens_outline(text: str) -> bool:
    """Whether the line is a numbered heading of an outline (一、, （一）, 1., 第一章), not a
    dateline's dash (——2024年…), a box, or the 附件 a document printed as an attachment opens
    with."""
    heading = classify(text)
    if heading is None or not heading.label:
        return False
    return heading.style not in (*_UNNUMBERED, "attachment") or heading.style == "markdown"


def _prints_title(lines: list[Line], title: str) -> bool:
    """Whether the document's title is printed again in ``lines``: the issued document follows."""
    key = fold(title)
    return bool(key) and any(fold(unmarked(line.text)) == key for line in lines if line.text)


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


def _original(original: str, simplified: str, span: tuple[int, int]) -> str:
    """The piece of ``original`` at ``span`` of its simplified form (t2s keeps lengths here)."""
    source = original if len(original) == len(simplified) else simplified
    return source[span[0] : span[1]]
