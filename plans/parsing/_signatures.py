"""Who signed a document and when: letterhead and signature lines (one body or several side by
side), a signature at the end or under an attachment list, a report's byline, the 版记's 印发
line."""

from __future__ import annotations

import re

from plans.parsing._facts import (
    fuller_issuer,
    is_national,
    looks_like_issuer,
    signature_date,
    to_date,
    unmarked,
)
from plans.parsing._fields import (
    PAGE_FIELD,
    PANEL_HEADER_FIELD,
)
from plans.parsing._headings import looks_like_heading
from plans.parsing._lines import Line
from plans.parsing._places import place_chain
from plans.parsing.model import GUESSED, READ, PlanMetadata
from plans.parsing.text import fold, to_simplified


def closing_signature(lines: list[Line], meta: PlanMetadata) -> None:
    """A signature at the very end of the text (an opinion printed without a notice around it):
    its date, and its issuer when the line above names one."""
    # （此件公开发布）, and the 版记 under the signature: 抄送：…, …2022年7月27日印发
    last = [i for i in range(len(lines) - 1, -1, -1) if lines[i].text][:80]
    while last and (is_note(lines[last[0]].text) or is_colophon(lines[last[0]].text)):
        last.pop(0)
    if last and (day := signature_date(lines[last[0]].text)):
        meta.issued = day
        signatories(meta, letterhead(lines, last[0], 0))
        return
    # A web page's signature followed by its share and close buttons (分享 / 【关闭窗口】 /
    # 扫码浏览) or by the site's lists of links (我要查 / 批前公示 / …, dozens of them): short
    # lines of no sentence end the page below the signed body.
    for at in last:
        text = lines[at].text
        if (day := signature_date(text)) and (signed := letterhead(lines, at, 0)):
            meta.issued = day
            signatories(meta, signed)
            return
        if len(text.strip()) > 15 or re.search(r"[。；;，,]", text):
            return


_ATTACHMENT_LINE = re.compile(r"^附\s*件\s*\d*\s*[:：]")


def signed_under_attachment_list(lines: list[Line], meta: PlanMetadata) -> None:
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
                if signed := letterhead(lines, at, index + 1):
                    meta.issued = day
                    signatories(meta, signed)
                return
            if not named_bodies(lines[at].text):
                return


# 二〇二二年十二月, （2023年5月）, 2023年5月11日: the date a report prints under its authors.
_BYLINE_DATE = re.compile(
    r"^[（(]?(?:\d{4}|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?[）)]?$"
)


def byline(lines: list[Line], top: int, meta: PlanMetadata) -> None:
    """A report's authors under its title, a line each or side by side, over the date it was
    written (深圳市统计局 / 深圳市妇女儿童工作委员会 / 二〇二二年十二月): its issuers, lead
    first."""
    texts = [i for i in range(top, min(len(lines), top + 60)) if lines[i].text]
    for n, i in enumerate(texts[:-1]):
        if looks_like_heading(lines[i].text):
            return
        if not _BYLINE_DATE.match(lines[texts[n + 1]].text.strip()):
            continue
        names = letterhead(lines, texts[n + 1], top)
        if names:
            meta.issuer, meta.issuers = names[0], names if len(names) > 1 else []
        return


# 长沙市住房公积金管理委员会办公 室 2022年 7月 21 日印发: the 版记's last line, who printed
# the document and when.
_PRINTED_BY = re.compile(
    r"^(\S.{1,40}?)?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*印\s*发$"
)


def printed_by(lines: list[Line], meta: PlanMetadata) -> None:
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
    # “东莞市…办公室: OCR reads a seal's edge or a rule beside the line as a stray mark.
    printer = _STRAY_MARKS.sub("", printer)
    # A government's office issues in its own name (坪山区人民政府办公室关于印发…); a
    # committee's or a bureau's office only prints for its committee or bureau, unless the
    # title names the office itself.
    body = printer
    if not fold(meta.title).startswith(fold(printer)):
        body = re.sub(r"(?:(?<=委员会)|(?<=局))办公[室厅]$", "", printer)
    named = fold(meta.title).startswith(fold(body))
    if not meta.issuer and looks_like_issuer(to_simplified(body)):
        meta.issuer = body
        meta.provenance["issuer"] = READ if named else GUESSED


_STRAY_MARKS = re.compile(r"^[“”\"'‘’「」『』<>|/\\_\-—.,，。:：;；*]+")


def letterhead(lines: list[Line], index: int, start: int) -> list[str]:
    """The issuer lines right above line ``index``, top first, letter-spacing removed; a line
    of several bodies side by side (A局 B局 中共C委统战部) gives each."""
    return letterhead_lines(lines, index, start)[0]


def letterhead_lines(lines: list[Line], index: int, start: int) -> tuple[list[str], int]:
    """``letterhead``'s names, and the index of its top line (``index`` when there are none)."""
    names: list[str] = []
    top = index
    # Ministries signing a line each (工业和信息化部 / 财政部 / 交通运输部): alone, 部 or 委
    # ends many words, so such a line is a name only in a stack of two or more names, as it is
    # side by side (``named_bodies``); the stack is cut back to the last line that is one.
    firm: tuple[int, int] = (0, index)
    above = _previous_nonblank(lines, index)
    while above >= start and lines[above].text:
        # 省…联席会议（代章）: the note that one body's seal stands for the signer's is no name.
        name = _SEAL_NOTE.sub("", unmarked(unspaced(lines[above].text)))
        # A panel's 发文单位：杭州市人民政府 row above the letterhead is the page's, not a name.
        panel = PAGE_FIELD.match(name) or PANEL_HEADER_FIELD.match(name)
        bodies = named_bodies(name)
        lone = not bodies and not panel and _central_body(name)
        if panel or not (bodies or lone) or len(names) >= 30:
            break
        names[:0] = bodies or [name.strip()]
        top = above
        if bodies:
            firm = (len(names), top)
        if above == start:
            break
        above = _previous_nonblank(lines, above)
    if len(names) < 2:
        return names[len(names) - firm[0] :], firm[1]
    return names, top


def _central_body(text: str) -> bool:
    """A line naming one central body by itself (财政部, 国家发展改革委, 国务院国资委)."""
    name = to_simplified(text.strip())
    return bool(name) and not re.search(r"[\s\u3000，,。：:；;、]", name) and is_national(name)


# 国资委, 发展改革委, 银保监会: a central commission's short name, which names no place.
_SHORT_CENTRAL = re.compile(r"[\u4e00-\u9fff]{1,5}(?:委|监会)")
_SEAL_NOTE = re.compile(r"[（(](?:代章|印章|盖章|签章)[）)]$")


def named_bodies(text: str) -> list[str]:
    """The bodies a line names side by side, when every piece is one (else none)."""
    if re.search(r"[，,。：:；;！？!?]", text):
        return []  # a sentence (联系电话：…市住建局), not a signature
    pieces = [piece for piece in re.split(r"[\s\u3000\xa0、]+", text.strip()) if piece]
    # Side by side, a ministry counts (工业和信息化部 国家发展改革委), and a committee by its
    # short name (市住房城乡建设管理委 市房屋管理局); alone, 部 or 委 ends many words.
    # Beside a national body, a commission by its short name (中国证监会 国资委 全国工商联).
    national = any(is_national(to_simplified(piece)) for piece in pieces)
    if len(pieces) > 1 and all(
        looks_like_issuer(to_simplified(piece))
        or is_national(to_simplified(piece))
        or re.fullmatch(r"[省市区县州][\u4e00-\u9fff]{2,20}委", to_simplified(piece))
        or national
        and _SHORT_CENTRAL.fullmatch(to_simplified(piece))
        and not place_chain(to_simplified(piece))
        for piece in pieces
    ):
        return pieces
    return [text.strip()] if looks_like_issuer(to_simplified(text.strip())) else []


def signatories(meta: PlanMetadata, signed: list[str]) -> None:
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


def unspaced(text: str) -> str:
    """重　庆　市　公　安　局 -> 重庆市公安局 (a letterhead spaced to a width); other text as is."""
    pieces = re.split(r"[\s\u3000\xa0]+", text.strip())
    if len(pieces) > 2 and all(len(piece) <= 2 for piece in pieces):
        return "".join(pieces)
    return text


def is_note(text: str) -> bool:
    return bool(re.fullmatch(r"[（(][^（()）]{2,20}[）)]", text))


# The 版记 printed under a signed document: who receives copies, who printed it and when.
_COLOPHON = re.compile(
    r"^(?:抄\s*送|抄\s*报)\s*[:：]|^\S.{1,40}?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印\s*发$"
)


def is_colophon(text: str) -> bool:
    return bool(_COLOPHON.search(text.strip())) and len(text) <= 200


def _previous_nonblank(lines: list[Line], index: int) -> int:
    index -= 1
    while index > 0 and not lines[index].text:
        index -= 1
    return index
