"""Markdown read through markdown-it-py's token stream: which lines are headings, and what a
reader sees of them.

markdown-it finds every heading a markdown reader would: ATX (`### 标题`) and setext (a line
underlined with === or ---), inside a quote or a list item too, and gives the heading's inline
content, from which bold, emphasis, links, inline HTML (`<a name>` anchors, `<br>`), escapes and
`{#id}` attributes are left out. Each heading becomes one line of its visible text, every
character kept at its offset in the stored text (the markup skipped as gaps), so sections point
at exactly the characters they came from. Lines markdown-it does not take for a heading are left
as they are: the line rules still read `###（二）…` (no space after the marks), which Chinese
documents write and CommonMark does not count.
"""

from __future__ import annotations

import bisect
import re
from functools import cache, lru_cache

from plans.parsing._clutter import ends_text
from plans.parsing._lines import _BREAK, Line

_ATTRIBUTES = re.compile(r"\s*\{#[^{}]*\}\s*$")  # `### 一、总体要求 {#zt}`
_BOLD = re.compile(r"\*\*|__")
# A numbered item's label: 一、 （一） 1. 第三条.
_NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百\d]+[)）]|\d{1,3}[.、．)]"
    r"|第[一二三四五六七八九十百零\d]+[条章节])"
)


def front_matter_end(text: str) -> int:
    """The index of the first line after a front matter block (0 when there is none)."""
    if not text.startswith("---"):
        return 0
    tokens = _parser().parse(_normalised(text))
    first = tokens[0] if tokens else None
    return first.map[1] if first is not None and first.type == "front_matter" else 0


def heading_lines(text: str) -> set[int]:
    """The indexes of the lines markdown-it reads as headings (and underlines and comments)."""
    headings, underlines = _headings(text)
    return set(headings) | underlines


def markdown_body(text: str, body: list[Line]) -> list[Line]:
    """``body`` with each markdown heading line replaced by its visible text and level."""
    headings, underlines = _headings(text)
    if not headings and not underlines:
        return body
    starts = [m.end() for m in _BREAK.finditer(text)]
    starts.insert(0, 0)
    lines: list[Line] = []
    for line in body:
        index = bisect.bisect_right(starts, line.start) - 1
        if line.gaps or not line.text:
            lines.append(line)
        elif index in underlines:
            lines.append(line.blank())
        elif index in headings:
            level, content, content_at = headings[index]
            lines.append(_heading_line(text, line, level, content, starts[index] + content_at))
        else:
            lines.append(line)
    return lines


# Emphasis and link marks a heading's inline content is read for: a real heading has a few
# (**…**, a link, an anchor). Each mark costs markdown-it a token (some 11 µs and 600 bytes):
# a line of 1,000,000 of them took 11 s and 600 MB, so a heading with more is kept as written.
_INLINE_MARKS = re.compile(r"[*_\[\]`<>!&\\]")
MAX_INLINE_MARKS = 200


@cache
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    # Blocks only: of the inline content, only headings' is read (_visible), not paragraphs'.
    return MarkdownIt("commonmark").use(front_matter_plugin).disable("inline")


def _visible(content: str, env: dict) -> list[str]:
    """The pieces of a heading's inline content a reader sees (bold, links, anchors left out)."""
    if len(_INLINE_MARKS.findall(content)) > MAX_INLINE_MARKS:
        return [content]
    md = _parser()
    children: list = []
    md.inline.parse(content, md, env, children)
    return [
        child.content
        for child in children
        if child.type in ("text", "text_special", "code_inline") and child.content
    ]


def _normalised(text: str) -> str:
    # One line per line as split_lines counts them (it also breaks at U+2028/U+2029 and lone CRs).
    return "\n".join(_BREAK.split(text))


@lru_cache(maxsize=2)  # read_header and markdown_body ask about the same text
def _headings(text: str) -> tuple[dict[int, tuple[int, list[str], int]], set[int]]:
    """Heading lines: index -> (level, the visible pieces, where the inline content starts in
    the raw line); and the lines to leave out (setext underlines, HTML comments)."""
    raw_lines = _BREAK.split(text)
    env: dict = {}  # link references, which headings' links may name
    tokens = _parser().parse(_normalised(text), env)
    headings: dict[int, tuple[int, list[str], int]] = {}
    underlines: set[int] = set()
    for n, token in enumerate(tokens):
        if token.type == "html_block" and token.map and token.content.lstrip().startswith("<!--"):
            underlines.update(range(*token.map))  # a comment is not text either
            continue
        if token.type != "heading_open" or token.map is None:
            continue
        inline = tokens[n + 1]
        first, last = token.map
        if token.markup == "-" and _crawler_rule(raw_lines, first, last):
            underlines.add(last - 1)  # a thematic break: the item above stays an item
            continue
        if not token.markup.startswith("#"):
            underlines.add(last - 1)  # setext: the text line(s), then the underline
            underlines.update(range(first + 1, last - 1))  # only the first text line is kept
        raw = raw_lines[first]
        content = inline.content.split("\n", 1)[0]
        at = raw.find(content) if content else -1
        if at < 0:
            continue
        headings[first] = (int(token.tag[1]), _visible(inline.content, env), at)
    return headings, underlines


def _crawler_rule(raw_lines: list[str], first: int, last: int) -> bool:
    """A `---` under a document's last numbered item, with nothing or only a crawler's lines
    after it: the crawler's rule between the text and its footer, not a setext underline."""
    return bool(_NUMBERED.match(raw_lines[first].strip(" \t\u3000*_"))) and ends_text(
        raw_lines[last:]
    )


def _heading_line(text: str, line: Line, level: int, pieces: list[str], content_at: int) -> Line:
    """The heading's visible characters, each at its place in ``text``."""
    # CommonMark leaves ** around Chinese punctuation unread (**（一）指导思想。**以…): in a
    # heading, bold marks are never meant as asterisks.
    visible = _BOLD.sub("", _ATTRIBUTES.sub("", "".join(pieces))).strip(" \t\u3000")
    positions: list[int] = []
    cursor = content_at
    for char in visible:
        found = text.find(char, cursor, line.end + 1)
        if found < 0:  # an entity (&amp;) read as a character the source does not spell out
            continue
        positions.append(found)
        cursor = found + 1
    kept = "".join(text[at] for at in positions)
    if not kept:
        return line
    gaps: list[tuple[int, int]] = []
    expected = line.start
    for index, at in enumerate(positions):
        if at > expected:
            gaps.append((index, at - expected))
        expected = at + 1
    return Line(kept, line.start, line.end, tuple(gaps), line.indented, md_level=level)
