"""Paragraphs hard-wrapped by a PDF export, run back together.

Text copied out of a PDF breaks every line at the page width, in the middle of sentences, so a
paragraph arrives as many lines and each would be read as a paragraph of its own (its first
words as a title). Such a document shows itself by its lines: many of them end at one width
without ending a sentence. Then a line that reaches that width without ending a sentence runs
on into the next, unless the next opens a heading.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from plans.parsing._lines import Line

# A sentence or a heading can end a line on purpose: at these, a full-width line is complete.
_ENDS = tuple("。！？!?；;：:”’」』）)】")
# 专栏3 标题 | then its items on one line up to a closing | (the pipe-box shape).
_PIPE_BOX = re.compile(r"^专\s*栏\s*\d{1,3}.*\|$")
# A paragraph never begins with these: a line that does continues the one above.
_NEVER_FIRST = tuple("、，,。；;：:）)”’」』】%")
_MIN_WIDTH = 40  # a page holds 20 characters or more a line; shorter lines are headings
_SHARE = 0.2  # of the long lines, this many end at one width without ending a sentence
_AT_LEAST = 5


def width(text: str) -> int:
    """Display width: a CJK or full-width character is 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


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


def unwrap(lines: list[Line], is_heading, *, limit: int, by_indent: bool = False) -> list[Line]:
    """The lines with hard-wrapped paragraphs joined; a joined part leaves a blank in its place.

    A line runs on from one that filled the width without ending a sentence; with ``by_indent``
    (the export kept paragraph indents), any unindented line continues the one above.
    """
    out: list[Line] = []
    head: int | None = None  # the paragraph (in out) that the next line may run on from
    previous = ""  # the line above as printed
    box = False  # inside a 专栏 whose items share one line up to a closing |
    for line in lines:
        if line.moved:  # run on by an earlier pass: the paragraph goes on
            out.append(line)
            continue
        text = line.text
        table = text.startswith("|") or (head is not None and out[head].text.startswith("|"))
        runs_on = head is not None and text and not table and (box or not is_heading(text))
        if runs_on and not box:
            if text.startswith(_NEVER_FIRST):
                runs_on = True
            elif by_indent:
                runs_on = not line.indented
            else:
                runs_on = _full(previous, limit)
        if runs_on:
            out[head] = out[head].joined(line)
            out.append(Line("", line.start, line.start, moved=True))
        else:
            out.append(line)
            head = len(out) - 1 if text else None
        previous = text
        if box and text.endswith("|"):
            box, head = False, None
        elif _PIPE_BOX.match(text):
            box, head = True, None  # the box's items follow on the next line
    return out


def indents_paragraphs(lines: list[Line]) -> bool:
    """Whether some lines, not most, are indented: the indents mark paragraph starts."""
    texts = [line for line in lines if line.text]
    return bool(texts) and 0.05 <= sum(line.indented for line in texts) / len(texts) <= 0.6


def _full(text: str, limit: int) -> bool:
    """A line that reaches the page width without ending a sentence runs on."""
    return width(text) >= limit - 4 and not text.endswith(_ENDS)
