"""What the top of a document says about itself: front matter, the 印发通知 preamble
(_notice.py), the title lines above the body (_document_title.py), and the signatures, bylines
and 印发 lines that name and date it (_signatures.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plans.parsing._document_title import first_title_line, skip_title_lines, title_run_on
from plans.parsing._facts import (
    DOC_NUMBER,
    DOCUMENT_WORDS,
    doc_number,
    is_national,
    looks_like_issuer,
    to_date,
    unmarked,
)
from plans.parsing._fields import (
    read_database_fields,
    read_history,
    read_page_date,
    read_page_fields,
)
from plans.parsing._lines import Line
from plans.parsing._notice import read_preamble
from plans.parsing._signatures import (
    byline,
    closing_signature,
    printed_by,
    signed_under_attachment_list,
)
from plans.parsing.model import GUESSED, Message, PlanMetadata, gettext_noop
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
    preamble_end, body_end = read_preamble(lines, top, meta)
    if not meta.title:
        meta.title = first_title_line(lines, top, preamble_end or len(lines))
        # The first short line is the title when it says what the document is (…规划, …意见);
        # otherwise (a news headline) it is only the best guess.
        if meta.title and not any(word in to_simplified(meta.title) for word in DOCUMENT_WORDS):
            meta.provenance["title"] = GUESSED
        _news_headline(meta)
    index = skip_title_lines(
        lines, preamble_end or top, meta, headlines=preamble_end is None, headings=headings
    )
    read_page_fields(lines, meta)
    if not meta.issued:
        _history_under_title(lines, meta)
    if not meta.issuer:
        byline(lines, top, meta)
    if not meta.issued:
        closing_signature(lines, meta)
    if not meta.issued:
        signed_under_attachment_list(lines, meta)
    if not meta.issued or not meta.issuer:
        printed_by(lines, meta)
    if not meta.issued:
        read_page_date(lines, meta)
    return Header(
        body_from=index,
        body_at=title_run_on(lines, index, meta),
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
                Message(
                    gettext_noop(
                        "文首 %(key)s 的值「%(value)s」不是 http(s) 网址，未作为原文链接保存；"
                        "如有原文网址，请在管理后台填写。"
                    ),
                    key=key,
                    value=shown,
                )
            )
    return 0  # an unclosed block is not front matter
