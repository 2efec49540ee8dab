"""Plans saved as web pages: the page's reading text, one line per block, for the text parser.

Government sites publish most plans as HTML. The structure of a plan lives in its text (第X章,
一、, （一）...), not in the markup, which is mostly paragraphs; so the page is turned into the
text a reader sees, a line per block element, and parsed like any plain-text plan. Menus, headers,
footers, scripts and styles are not part of the plan and are dropped; an image keeps its alt text
(as a markdown image line, which the structure reader already understands).
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_BLOCK = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "caption", "dd", "div", "dl"),
        *("dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("hr", "li", "main", "ol", "p", "pre", "section", "table", "tbody", "tfoot", "thead"),
        *("tr", "ul"),
    }
)
_SKIP = frozenset(
    {"head", "script", "style", "noscript", "template", "nav", "header", "footer", "iframe", "svg"}
)
# Site furniture that pages mark only by class or id (<div class="footer">, id="share"): a whole
# class word, never part of one (class="top-content" is content).
_FURNITURE = frozenset(
    {
        *("header", "top", "nav", "navbar", "menu", "crumb", "crumbs", "breadcrumb", "sidebar"),
        *("footer", "foot", "bottom", "copyright", "share", "toolbar", "print", "related"),
    }
)
# Only elements that must be closed can be skipped by class: an unclosed <p class="share"> would
# swallow the rest of the page.
_CONTAINERS = frozenset({"div", "section", "aside", "ul", "ol", "dl", "table", "form", "span"})
# What ends a table cell's line: a row, the table; blocks inside a cell stay in its line.
_ROWS = frozenset({"tr", "table", "tbody", "thead", "tfoot"})
# A cell of at most this many paragraphs is one cell of a table's row.
_CELL_LINES = 6
_BREAK = "\x1f"  # a paragraph's end inside a cell, until the cell is read whole
_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
# Inside a text node, runs of ASCII whitespace are one space (HTML's rule); full-width spaces
# are characters a Chinese page types on purpose and stay.
_WHITESPACE = re.compile(r"[ \t\r\n\f]+")
# Elements that hold nothing, and those whose end tag may be left out (a new one ends the last):
# neither nests, so neither counts towards a page's depth.
_VOID = frozenset(
    {
        *("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"),
        *("source", "track", "wbr"),
    }
)
_OPTIONAL_END = frozenset(
    {
        *("p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option"),
        *("optgroup", "colgroup", "caption", "rt", "rp", "html", "head", "body"),
    }
)
# Real pages nest elements some 10-40 deep; the parser costs some 15 µs a tag, so 200,000 nested
# <div> held an import for 13 s. Deeper than this is refused as soon as it is met.
MAX_DEPTH = 500


class TooDeep(ValueError):
    """The page nests elements deeper than its reader's limit (``limit``)."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def is_html(text: str, filename: str = "") -> bool:
    return filename.lower().endswith(_SUFFIXES) or bool(_START.match(text[:4096]))


# Where a page's head names the article: a CMS's ArticleTitle meta, else <title>, whose site
# and column names follow the article's after a separator (…实施意见_政策文件_首都之窗_…).
_ARTICLE_META = re.compile(
    r"<meta\s+name=[\"']ArticleTitle[\"']\s+content=[\"']([^\"'<>]{4,200})[\"']", re.I
)
_TITLE_TAG = re.compile(r"<title[^>]*>([^<]{4,300})</title>", re.I)
_SITE_SEPARATOR = re.compile(r"\s*(?:_|\s[-|—–]\s|｜|\|)\s*")
_HEAD = 20_000  # the head of any page fits; a page is never searched whole


def page_title(page: str) -> str:
    """The article's title as the page's head gives it, "" when it gives none."""
    head = page[:_HEAD]
    if m := _ARTICLE_META.search(head):
        return _WHITESPACE.sub(" ", unescape(m.group(1))).strip()
    if m := _TITLE_TAG.search(head):
        return _SITE_SEPARATOR.split(_WHITESPACE.sub(" ", unescape(m.group(1))).strip())[0]
    return ""


# Whose site the page is on, as the page names it: a government's name as a piece of <title>
# (邯郸市成安县人民政府-政府信息公开指南) or before 版权所有 in its footer (成安县人民政府版权所有).
_GOVERNMENT = re.compile(r"^[\u4e00-\u9fff]{2,24}?人民政府$")
_COPYRIGHT = re.compile(r"([\u4e00-\u9fff]{2,24}?人民政府)[\s\u3000]*版权所有")
_TITLE_PIECE = re.compile(r"[-_|｜—–\s]+")


def page_owners(page: str) -> list[str]:
    """The governments whose site the page is on, as its <title> and footer name them."""
    owners = []
    if m := _TITLE_TAG.search(page[:_HEAD]):
        title = _WHITESPACE.sub(" ", unescape(m.group(1))).strip()
        owners += [piece for piece in _TITLE_PIECE.split(title) if _GOVERNMENT.match(piece)]
    owners += [m.group(1) for m in _COPYRIGHT.finditer(page[-_HEAD:])]
    return owners


def html_to_text(page: str, *, max_depth: int = MAX_DEPTH) -> str:
    """The page's reading text; raises TooDeep, as soon as it is met, for elements nested more
    than ``max_depth`` deep."""
    text = _read(page, furniture=True, max_depth=max_depth)
    # Furniture told by class is a guess: if it took most of the page, it took the plan too.
    whole = _read(page, furniture=False, max_depth=max_depth)
    return text if len(text) >= len(whole) / 2 else whole


def _read(page: str, *, furniture: bool, max_depth: int) -> str:
    reader = _Reader(furniture=furniture, max_depth=max_depth)
    reader.feed(page)
    reader.close()
    return reader.text()


class _Reader(HTMLParser):
    def __init__(self, *, furniture: bool, max_depth: int) -> None:
        super().__init__(convert_charrefs=True)
        self.furniture = furniture  # skip site furniture told by class or id
        self.max_depth = max_depth
        self.open: list[str] = []  # elements open, as a browser would nest them
        self.opened: dict[str, int] = {}  # how many of each are open
        # For each element whose end tag may be left out, how many were open when each began:
        # its end tag, when given, closes what was left open inside it (<td><font>…</td>).
        self.began: dict[str, list[int]] = {}
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skipping: list[str] = []  # open elements whose content is not the plan's
        self.pre = 0
        self.cell: int | None = None  # where the open table cell's text starts in current

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID and tag not in _OPTIONAL_END:
            self.open.append(tag)
            self.opened[tag] = self.opened.get(tag, 0) + 1
            if len(self.open) > self.max_depth:
                raise TooDeep(self.max_depth)
        elif tag in _OPTIONAL_END:
            self.began.setdefault(tag, []).append(len(self.open))
        self._start(tag, attrs)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.skipping.clear()  # </head> may be left out: the body ends it
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.append(tag)  # the same element nested: its end is not ours
            return
        if tag in _SKIP or (self.furniture and tag in _CONTAINERS and _is_furniture(attrs)):
            self.skipping.append(tag)
            return
        if tag in ("td", "th"):
            # A table row is a line, its cells side by side (a box item's number and title in
            # one cell, its text in the next, read on as the text version prints them).
            self.end_cell()
            row = "".join(self.current).rstrip(" ")  # the markup's spaces between cells
            self.current = [row, "\u3000"] if row.strip() else []
            self.cell = len(self.current)
        elif self.cell is not None and (tag == "br" or (tag in _BLOCK and tag not in _ROWS)):
            # Paragraphs and breaks inside a cell are its own lines ("2025年<p>完成值"): the
            # cell stays one, or the row's figures would stand alone on lines of their own.
            self.current.append(_BREAK)
            return
        elif tag == "br":
            self.end_line()
        elif tag == "img":
            alt = (dict(attrs).get("alt") or "").strip()
            if alt:
                self.end_line()
                self.lines.append(f"![{alt}]({dict(attrs).get('src') or ''})")
        elif tag in _BLOCK:
            self.end_line()
            if tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        skipping = len(self.skipping)
        self._start(tag, attrs)  # <div/> opens nothing
        if len(self.skipping) > skipping:
            self._end(tag)

    def handle_endtag(self, tag: str) -> None:
        # An end tag closes its element and what was left open inside it; one that closes
        # nothing open (a stray </div>) is ignored, as browsers do.
        # Each element is closed once, so the work stays a step a tag.
        if self.opened.get(tag):
            while (last := self.open.pop()) != tag:
                self.opened[last] -= 1
            self.opened[tag] -= 1
        elif began := self.began.get(tag):
            depth = began.pop()
            while len(self.open) > depth:
                self.opened[self.open.pop()] -= 1
        self._end(tag)

    def _end(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in ("td", "th"):
            self.end_cell()
        elif self.cell is not None and tag in _BLOCK and tag not in _ROWS:
            return
        elif tag in _BLOCK:
            self.end_line()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.pre:
            first, *rest = data.split("\n")
            self.current.append(first)
            for line in rest:
                self.end_line()
                self.current.append(line)
        else:
            self.current.append(_WHITESPACE.sub(" ", data))

    def end_cell(self) -> None:
        if self.cell is None:
            return
        start, self.cell = self.cell, None
        pieces = "".join(self.current[start:]).split(_BREAK)
        lines = [line for p in pieces if (line := _WHITESPACE.sub(" ", p).strip(" \u3000\xa0"))]
        if len(lines) <= _CELL_LINES:
            self.current[start:] = [" ".join(lines)]
            return
        # A cell of many paragraphs holds the page's text (a layout table): its lines stay lines.
        self.current[start:] = lines[:1]
        for line in lines[1:]:
            self.end_line()
            self.current = [line]

    def end_line(self) -> None:
        self.end_cell()
        line = "".join(self.current).strip(" \u3000")
        self.current = []
        if line:
            self.lines.append(line)

    def text(self) -> str:
        self.end_line()
        return "\n".join(self.lines) + "\n"


def _is_furniture(attrs: list[tuple[str, str | None]]) -> bool:
    words = " ".join(value or "" for name, value in attrs if name in ("class", "id"))
    return any(word in _FURNITURE for word in words.lower().split())
