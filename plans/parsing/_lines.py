"""Lines of a document with their offsets in the verbatim text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Full-width spaces, em and en spaces (an indent some sites type as &emsp;), no-break spaces, CR
# (CRLF files) and markdown's trailing double spaces are layout, not content: they are stripped
# from the line's text but never from the stored text.
_SPACE = " \t\r\u3000\u2002\u2003\xa0\ufeff"
# Line breaks of every origin: LF, CRLF, a lone CR (old Mac and some Word exports), and
# Unicode's line and paragraph separators (text copied out of web pages).
_BREAK = re.compile("\r\n|[\n\r\u2028\u2029]")
# The heading of a table of contents (目录, 目 录): not a title line, not a section.
CONTENTS = re.compile(r"^(?:#{1,6}\s*)?目\s*录$")
# Markdown bold around a heading: **一、总体要求**, 1. **建设平台。**建设…, __（一）指导思想__.
_EMPHASIS = re.compile(r"^([ \t\u3000]*(?:[-*+]\s+|\d{1,3}[.)．]\s*)?)(\*\*|__)(?=\S)(.+?)(\2)")


@dataclass(frozen=True)
class Line:
    text: str  # stripped content
    start: int  # offset of the first content character in the document
    end: int  # offset just after the last content character
    # A line joined from several (a paragraph hard-wrapped by a PDF export): where in ``text``
    # the document skips characters (the line break), and how many.
    gaps: tuple[tuple[int, int], ...] = ()
    indented: bool = False  # the line as printed began with white space (a paragraph's indent)
    # A markdown heading's level, as markdown-it read it; ``text`` is then its visible text.
    md_level: int = 0

    def cut(self, begin: int, stop: int | None = None) -> Line:
        """The part of this line from character ``begin`` to ``stop`` of its text, re-stripped."""
        stop = len(self.text) if stop is None else stop
        piece = self.text[begin:stop]
        lead = len(piece) - len(piece.lstrip(_SPACE))
        piece_stripped = piece.strip(_SPACE)
        first = begin + lead
        if not self.gaps:
            start = self.start + first
            return Line(piece_stripped, start, start + len(piece_stripped))
        last = first + len(piece_stripped)
        gaps = tuple((at - first, n) for at, n in self.gaps if first < at < last)
        start = self.offset(first)
        end = self.offset(last - 1) + 1 if piece_stripped else start
        return Line(piece_stripped, start, end, gaps)

    def blank(self) -> Line:
        """An empty line in this one's place: what the reader skips, its offsets kept."""
        return Line("", self.start, self.start)

    def offset(self, index: int) -> int:
        """The document offset of character ``index`` of the text."""
        return self.start + index + sum(n for at, n in self.gaps if at <= index)

    def joined(self, other: Line) -> Line:
        """This line with ``other`` run on, as one paragraph."""
        at = len(self.text)
        gaps = (*self.gaps, (at, other.start - self.end), *((a + at, n) for a, n in other.gaps))
        return Line(self.text + other.text, self.start, other.end, gaps, self.indented)


def split_lines(text: str) -> list[Line]:
    lines = []
    offset = 0
    for brk in [*_BREAK.finditer(text), None]:
        stop = brk.start() if brk else len(text)
        raw = _unbold(text[offset:stop])
        stripped = raw.strip(_SPACE)
        start = offset + len(raw) - len(raw.lstrip(_SPACE))
        lines.append(Line(stripped, start, start + len(stripped), indented=start > offset))
        offset = brk.end() if brk else stop
    return lines


def _unbold(raw: str) -> str:
    """The line with the bold marks that wrap its start blanked out, same length (offsets hold).

    Bold inside a sentence stays: only a heading dressed in bold changes how a line reads.
    """
    m = _EMPHASIS.match(raw)
    if not m:
        return raw
    return raw[: m.start(2)] + "  " + m.group(3) + "  " + raw[m.end(4) :]
