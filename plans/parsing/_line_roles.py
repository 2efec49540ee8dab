"""The lines whose numbering says one thing and whose place another, found before the section
tree is built so that it reads them as what they are: a report's chapters numbered 1 2 3 (no
numbered items), the numbered notes a document closes with (no headings), sentences that open
by citing an article (第五条规定…; no articles)."""

from __future__ import annotations

import re

from plans.parsing._headings import CHAPTER_RANK, Heading, classify, line_heading
from plans.parsing._lines import Line
from plans.parsing.numerals import read_numeral

# 1 人口特征: a report's chapter, its arabic number spaced from a short caption.
_REPORT_CHAPTER = re.compile(r"^(\d{1,2})[ \u3000]+([\u4e00-\u9fff]{2,12})$")


def report_chapters(lines: list[Line]) -> dict[int, Heading]:
    """A report's chapters numbered 1, 2, 3… with a space before a short caption, when at least
    three come in sequence; a footnote (1 注：…), a page number or a table's figure is none."""
    found: dict[int, Heading] = {}
    for index, line in enumerate(lines):
        m = _REPORT_CHAPTER.match(line.text)
        if m and int(m.group(1)) == len(found) + 1:
            found[index] = Heading("chapter", CHAPTER_RANK, m.group(1), m.group(2))
    return found if len(found) >= 3 else {}


# 注释：, 注解：, 说明： standing alone: the notes a bulletin or report closes with.
_NOTES_LINE = re.compile(r"^(?:注\s*释|注\s*解|附\s*注|注|说\s*明)\s*[:：]?$")


def closing_notes(lines: list[Line]) -> set[int]:
    """The numbered notes (1.…, （1）…) under a line of their own that opens them: they explain
    the text above, they are no headings of it. They run until a heading of another kind."""
    notes: set[int] = set()
    within = False
    for index, line in enumerate(lines):
        if not line.text:
            continue
        if _NOTES_LINE.match(line.text):
            within = True
            continue
        heading = line_heading(line) if within else None
        if heading is not None and heading.style not in ("num", "paren_num", "num_paren"):
            within = False
        elif heading is not None:
            notes.add(index)
    return notes


def citing_articles(lines: list[Line]) -> set[int]:
    """The lines opening 第X条 with no space after the label that do not continue the
    article numbering (第一条, or the one after the last article): sentences citing an
    article, not articles."""
    citing: set[int] = set()
    last = 0
    for index, line in enumerate(lines):
        heading = classify(line.text) if line.text else None
        if heading is None or heading.style != "tiao":
            continue
        number = read_numeral(heading.label[1:-1])
        if heading.tight and number not in (1, last + 1):
            citing.add(index)
            continue
        last = number or last
    return citing
