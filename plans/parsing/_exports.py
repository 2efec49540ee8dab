"""What exports leave in a plan's text, taken out before its structure is read.

Text copied out of a PDF or a Word export carries the page along with the plan: page numbers
between the lines, the title repeated at the top of each page, a table of contents whose entries
look like headings, and lines broken at the page width in the middle of sentences (so each
piece would read as a paragraph of its own, its first words as a title). A hard-wrapped document
shows itself by its lines: many end at one width without ending a sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import replace

from plans.parsing._facts import signature_date
from plans.parsing._lines import CONTENTS, Line
from plans.parsing.model import Message, gettext_noop
from plans.parsing.text import fold

# A sentence or a heading can end a line on purpose: at these, a full-width line is complete.
_ENDS = tuple("。！？!?；;：:”’」』）)】")
# 专栏3 标题 | then its items on one line up to a closing | (the pipe-box shape).
_PIPE_BOX = re.compile(r"^专\s*栏\s*\d{1,3}.*\|$")
# A paragraph never begins with these: a line that does continues the one above.
_NEVER_FIRST = tuple("、，,。；;：:）)”’」』】%")
_MIN_WIDTH = 40  # a page holds 20 characters or more a line; shorter lines are headings
_SHARE = 0.2  # of the long lines, this many end at one width without ending a sentence
_AT_LEAST = 5


def body_without_pages(
    lines: list[Line],
    *,
    title: str,
    limit: int,
    by_indent: bool,
    is_heading,
    reaching: frozenset[int] = frozenset(),
) -> tuple[list[Line], list[str]]:
    """The body's lines as the plan reads: page numbers, running titles and the contents left
    out, hard-wrapped paragraphs run together (by indents where the export kept them); and what
    was done, to tell the person importing."""
    key = fold(title)
    lines = [
        line
        for line in lines
        if not _PAGE_NUMBER.match(line.text) and not (len(key) >= 6 and fold(line.text) == key)
    ]
    lines, contents = _without_contents(lines, is_heading)
    if limit:
        lines = unwrap(lines, is_heading, limit=limit, by_indent=by_indent, reaching=reaching)
    else:
        lines = _wrapped_headings(lines, is_heading)
    if not contents:
        return lines, []
    return lines, [
        Message(gettext_noop("目录已略去：其条目不作为章节导入，章节取自正文。")),
    ]


# Page numbers an export leaves between the lines: — 3 —, - 12 -, 第 5 页 共 20 页, 7.
_PAGE_NUMBER = re.compile(
    r"^(?:[-—－–~\s]*\d{1,3}[-—－–~\s]*|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?)$"
)


# A contents entry ends in its page number, after leader dots, a tab or a wide gap.
_PAGE = re.compile(r"(?:[.…·．_—-]{2,}|\t|\s{2,})\s*\d{1,3}$")
_DOTTED_PAGE = re.compile(r"(?:[.…·．]{3,}|\t)\s*\d{1,3}$")


def _without_contents(lines: list[Line], is_heading) -> tuple[list[Line], bool]:
    """The lines with a table of contents blanked out (offsets kept), and whether there was one.

    After a 目录 line, everything up to where its first entry comes again without a page number
    (the body's own heading) is the contents; with no such repeat, the entries that carry page
    numbers. Elsewhere, a heading line ending in leader dots and a page number is an entry too.
    """
    out = list(lines)
    found = False
    for i, line in enumerate(lines):
        if not CONTENTS.match(line.text):
            continue
        entries = [j for j in range(i + 1, len(lines)) if lines[j].text]
        if not entries:
            break
        first = _entry_key(lines[entries[0]].text)
        end = next(
            (
                j
                for j in entries[1:]
                if _entry_key(lines[j].text) == first and not _PAGE.search(lines[j].text)
            ),
            None,
        )
        if end is None:
            end = next((j for j in entries if not _PAGE.search(lines[j].text)), len(lines))
        for j in range(i, end):
            out[j] = lines[j].blank()
        found = True
        break
    for j, line in enumerate(out):
        if line.text and _DOTTED_PAGE.search(line.text) and is_heading(line.text):
            out[j] = line.blank()
            found = True
    return out, found


def _entry_key(text: str) -> str:
    """An entry without page number, spaces or markdown (## , - [title](#anchor))."""
    text = re.sub(r"\]\([^)]*\)", "", _PAGE.sub("", text))
    return re.sub(r"[\s#*\[\]]+|^[-+]", "", text)


# Quotation marks, dashes, the ellipsis and circled numbers are of ambiguous width in Unicode but
# take a full square in a Chinese document's type, so a line holding several is no shorter.
_SET_FULL = frozenset("‘’“”—…") | frozenset(map(chr, range(0x2460, 0x2474)))


def width(text: str) -> int:
    """Display width as Chinese type sets it: a CJK or full-width character (and “”—…①) is 2,
    others 1."""
    return sum(
        2 if ch in _SET_FULL or unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text
    )


def wrap_width(lines: list[Line]) -> int:
    """The width a hard-wrapped document breaks its lines at, or 0 if it is not one."""
    # Table rows (| a | b |) share a width by design, not by wrapping.
    texts = [line.text for line in lines if line.text and not line.text.startswith("|")]
    long = [t for t in texts if width(t) >= _MIN_WIDTH]
    open_ended = Counter(width(t) for t in long if not t.endswith(_ENDS))
    # Full lines differ by a character or so (a half-width digit, a punctuation squeeze, the
    # indent a paragraph's first line loses).
    best, count = 0, 0
    for w in open_ended:
        near = sum(n for other, n in open_ended.items() if w - 4 <= other <= w)
        if near > count:
            best, count = w, near
    return best if count >= max(_AT_LEAST, _SHARE * len(long)) else 0


def unwrap(
    lines: list[Line],
    is_heading,
    *,
    limit: int,
    by_indent: bool = False,
    reaching: frozenset[int] = frozenset(),
) -> list[Line]:
    """The lines with hard-wrapped paragraphs joined; a joined part leaves a blank in its place.

    A line runs on from one that filled the width without ending a sentence; with ``by_indent``
    (the export kept paragraph indents), any unindented line continues the one above.
    ``reaching`` holds where the lines a PDF sets out to its right margin end: such a line
    filled the width though a character or two short of it by count.
    """
    out: list[Line] = []  # a line run on into the one above leaves no line of its own
    previous = Line("", 0, 0)  # the line above as printed
    box = False  # inside a 专栏 whose items share one line up to a closing |
    closed = True  # the line above ends what it holds (a box's heading or its closing |)
    for line in lines:
        head = None if closed or not out or not out[-1].text else out[-1]
        rule = {"box": box, "by_indent": by_indent, "limit": limit, "is_heading": is_heading}
        if _runs_on(line, head, previous, reaching, **rule):
            out[-1] = head.joined(line)
        else:
            out.append(line)
        previous = line
        opens = bool(_PIPE_BOX.match(line.text))  # its items start on the next line
        shuts = box and line.text.endswith("|")
        box, closed = opens or (box and not shuts), opens or shuts
    return out


# The typesetter's gap between a Chinese character and a figure or a Latin word (打造 15 分钟,
# 5G 基站, 50% 以上): spacing, not a space the text holds. A gap between two Latin words or two
# figures is a space (Top 10, 2021 2022).
_FIGURE_GAP = re.compile(
    r"(?<=[\u3400-\u9fff])[ \xa0]+(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%])[ \xa0]+(?=[\u3400-\u9fff])"
)

# Only in a line that reads as a sentence or a numbered heading: a table read a row at a time sets
# its cells apart with the same gap (2 轴 7.0: an axle count, then its subsidy).
_PROSE = re.compile(r"[，。；：、,;:]")
# Nor is a numbered heading a table row, punctuated or not: （一） 2025 年主要目标, 4. 2026 年目标.
_NUMBERED = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+[章节条]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、](?!\d))"
)


def without_figure_gaps(lines: list[Line]) -> list[Line]:
    """The lines of prose with the typesetter's gap beside figures and Latin words closed up.

    >>> without_figure_gaps([Line("打造 15 分钟、5G 基站", 0, 16)])[0].text
    '打造15分钟、5G基站'

    Run after hard-wrapped lines are joined: the gaps count in a line's printed width, which
    tells a wrapped line from a full one. The offsets of what is kept still point into the
    document as printed.
    """
    return [
        _closed_up(line)
        if _FIGURE_GAP.search(line.text)
        and (_PROSE.search(line.text) or _NUMBERED.match(line.text))
        else line
        for line in lines
    ]


def _closed_up(line: Line) -> Line:
    kept = [i for i in range(len(line.text)) if i not in _gap_positions(line.text)]
    offsets = [line.offset(i) for i in kept]
    gaps = tuple(
        (k, offsets[k] - offsets[k - 1] - 1)
        for k in range(1, len(kept))
        if offsets[k] - offsets[k - 1] > 1
    )
    text = "".join(line.text[i] for i in kept)
    return replace(line, text=text, gaps=gaps)


def _gap_positions(text: str) -> set[int]:
    return {i for m in _FIGURE_GAP.finditer(text) for i in range(m.start(), m.end())}


_CLAUSE = re.compile(r"[，,；;、：:]")


def _wrapped_headings(lines: list[Line], is_heading) -> list[Line]:
    """Run-in headings cut by the page's edge joined to the line that ends them, in a text too
    short to tell its page width by :func:`wrap_width`.

    一、提高住房公积金贷款最高额度，夫妻双方缴存住房公 / 积金的最高贷款额度为55万元。: the heading
    holds a clause, ends without closing it, and is about as wide as the widest lines; the next
    line opens no numbering of its own. A short heading (一、总体要求) stands alone.
    """
    texts = [line.text for line in lines if line.text and not line.text.startswith("|")]
    widest = max((width(t) for t in texts), default=0)
    out: list[Line] = []
    for line in lines:
        head = out[-1] if out else None
        if (
            head is not None
            and line.text
            and is_heading(head.text)
            and not head.text.endswith(_ENDS)
            and _CLAUSE.search(head.text, 3)
            and width(head.text) >= max(_MIN_WIDTH, widest - 10)
            and not is_heading(line.text)
            and not line.text.startswith("|")
        ):
            out[-1] = head.joined(line)
        else:
            out.append(line)
    return out


def _runs_on(
    line: Line,
    head: Line | None,
    above: Line,
    reaching: frozenset[int],
    *,
    box,
    by_indent,
    limit,
    is_heading,
):
    """Whether ``line`` continues the paragraph ``head`` (the joined lines above it)."""
    previous = above.text
    text = line.text
    if head is None or not text or text.startswith("|") or head.text.startswith("|"):
        return False  # table rows share a width by design
    if box:
        return True
    if is_heading(text) or signature_date(text):
        return False  # a signature's date stands under the signatories, however full their line
    if text.startswith(_NEVER_FIRST):
        return True
    if by_indent and _caption_alone(head.text, previous, limit, is_heading) and _opens(text):
        return False
    if by_indent:
        return not line.indented
    return _full(previous, limit) or (above.end in reaching and _nearly_full(previous, limit))


def _opens(text: str) -> bool:
    """Whether a line opens a sentence of its own: its first clause is more than the few
    characters a caption broken at the page's edge leaves over (款。…)."""
    first = re.split(r"[。，,；;：:！？!?]", text, maxsplit=1)[0]
    return len(first) >= 5


def _caption_alone(head: str, previous: str, limit: int, is_heading) -> bool:
    """A heading's caption on a line of its own (一、关于提取公积金支付购买本市新建商品住房首付款):
    no clause in it and short of the page's width, it ends there, though the paragraph under it
    lost its indent."""
    return (
        head == previous
        and is_heading(head)
        and not _CLAUSE.search(head, 3)
        and not head.endswith(_ENDS)
        and not _full(head, limit)
    )


def indents_paragraphs(lines: list[Line], is_heading) -> bool:
    """Whether some lines, not most, are indented: the indents mark paragraph starts.

    Not when only headings are indented (a browser's print of a web page keeps the headings'
    indent and loses the paragraphs'): there an unindented line under a heading opens its text.
    """
    texts = [line for line in lines if line.text]
    indented = [line for line in texts if line.indented]
    share = len(indented) / len(texts) if texts else 0
    return 0.05 <= share <= 0.6 and any(not is_heading(line.text) for line in indented)


def _full(text: str, limit: int) -> bool:
    """A line that reaches the page width without ending a sentence runs on."""
    return width(text) >= limit - 4 and not text.endswith(_ENDS)


# A line set out to the margin may count this much short of the width: a first line's indent
# (two squares) and two more characters' spacing. Fewer characters set to the margin are spread
# out on purpose (a signature, a title set in spaced letters), not a line filled.
_SPREAD = 8


def _nearly_full(text: str, limit: int) -> bool:
    return width(text) >= limit - _SPREAD and not text.endswith(_ENDS)
