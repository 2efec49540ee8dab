"""The section tree of a plan body: headings, titled paragraphs, boxes, goals, attachments.

Headings are ranked by their numbering style (GB/T 9704: 第X章 > 第X节 > 第X条 > 一、 > （一）
> 1. > （1） > ①), markdown headings by their level, and placed with a stack: a heading closes
every open heading of the same or a lower rank. So numbers that run on across parents (Hunan's
1-29) and levels that a document skips need no special case; a level missing only at the start
(Wangcang has 第一节 before any 第X章) gets an implied parent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plans.parsing._lines import Line
from plans.parsing.model import Flag, ParsedSection, SectionKind
from plans.parsing.numerals import read_numeral, write_numeral
from plans.parsing.text import find_mojibake, fold, to_simplified

_CN = "[一二三四五六七八九十百零〇两]+"
# What follows a number that is a quantity, not a heading: 1.5万, 2.5G, 3.2%, 1.1倍, 2.1亿元.
_UNITS = r"\dA-Za-z%％万亿千百十个倍元年月日时分秒多余"
_ROOT = 0  # attachments and the preface live at the root
_MD = 10  # markdown heading of level n ranks _MD + n
_RANKS = {
    "part": 29,
    "chapter": 30,
    "jie": 31,
    "tiao": 32,
    "yi": 33,
    "paren_yi": 34,
    "num": 35,
    "paren_num": 36,
    "num_paren": 36,
}
# 1.1 sits below 1. and above （1）; each further component one step deeper.
_DECIMAL_BASE, _DECIMAL_STEP = 35, 0.2
_CIRCLED = 37
_HEADLINE = 40  # unnumbered short lines, only in documents without any numbering
_DOCUMENT = 20  # one of several documents a notice issues, above everything they contain

_PATTERNS = (
    # 第一部分 / 第一篇 above chapters (outline plans, 十四五 纲要); a title (up to 60 characters:
    # 广州十五五纲要 has one of 44), not a sentence.
    ("part", re.compile(rf"^(第\s*(?:{_CN}|\d+)\s*(?:部分|篇))[\s:：、.．]*([^。]{{0,60}})$")),
    ("chapter", re.compile(rf"^(第\s*(?:{_CN}|\d+)\s*章)[\s:：、.．]*(.*)$")),
    ("jie", re.compile(rf"^(第\s*(?:{_CN}|\d+)\s*节)[\s:：、.．]*(.*)$")),
    # Articles of measures and regulations (第一条　为了……); the separator keeps a sentence
    # that merely starts with 第三条 from becoming a heading.
    ("tiao", re.compile(rf"^(第\s*(?:{_CN}|\d+)\s*条)(?:[\s:：]+(.*))?$")),
    ("yi", re.compile(rf"^({_CN}\s*[、.．])(?!\d)\s*(.+)$")),
    ("paren_yi", re.compile(rf"^([（(]\s*{_CN}\s*[）)])[、.．]?\s*(.+)$")),
    ("num", re.compile(r"^(\d{1,3}\s*[.．、](?![\d.．]))\s*(.+)$")),
    ("paren_num", re.compile(r"^([（(]\s*\d{1,3}\s*[）)])[、.．]?\s*(.+)$")),
    ("num_paren", re.compile(r"^(\d{1,3}\s*[）)])\s*(.+)$")),  # 1) 1）: as （1）
    # Decimal numbering of technical plans: 1.1, 2.3.1 (not 1.5万, 2.5G: a title follows).
    (
        "decimal",
        re.compile(rf"^(\d{{1,2}}(?:[.．]\d{{1,2}}){{1,3}})(?![.．\d])\s*(?![{_UNITS}])(\S.*)$"),
    ),
    ("circled", re.compile(r"^([\u2460-\u2473])\s*(.+)$")),
)
_NUMBERED_ITEM = dict(_PATTERNS)["num"]
_PREFACE = re.compile(r"^(?:前\s*言|序\s*言|引\s*言)$")
_ATTACHMENT = re.compile(r"^(附\s*件\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})?)\s*[:：]?\s*(.*)$")
_BOX = re.compile(r"^(专\s*栏\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3}))[\s:：、.．]*(.*?)\s*\|?$")
_BULLET = re.compile(r"^(——|--|—|－－|──)\s*(.+)$")
_MD_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_FENCE = re.compile(r"^(```|~~~)")
# A sentence ends at 。 or where a damaged character stands in for the lost 。 (Hunan: "?;").
_SENTENCE_END = re.compile(r"。|\?(?=[;；])")
_CLAUSE_MARK = re.compile(r"[，,；;：:]")
# 坚持统一规划部署,统建共用。 — short two-part principles, sometimes several on one line.
_PRINCIPLE = re.compile(r"坚持[^。，,；;：:]{1,14}[，,][^。，,；;：:]{1,10}。")
# Words that make a short first sentence a statement rather than a title.
_NOT_A_TITLE = re.compile(r"由|基于|应当|必须|其中|已经|我们|我省|我市|我县|以下|如下|包括|是指")
_SLOGAN = re.compile(r"^[^。，,；;：:]{2,10}[，,][^。，,；;：:]{2,10}$")

TITLE_LIMIT = 60  # a labelled heading's run-in title is its first sentence up to this length
PARAGRAPH_TITLE_LIMIT = 30  # an unlabelled paragraph's first sentence counts as a title up to this


@dataclass
class Heading:
    style: str  # chapter, jie, yi, paren_yi, num, paren_num, circled, preface, attachment, box,
    # bullet, markdown, headline
    rank: int
    label: str
    rest: str  # what follows the label on the heading line
    md_level: int = 0


@dataclass
class _Node:
    kind: str  # final SectionKind, or "para" before paragraphs are resolved
    rank: int
    label: str = ""
    title: str = ""
    parts: list[Line] = field(default_factory=list)  # own body pieces, in order
    start: int = 0
    end: int = 0
    children: list[_Node] = field(default_factory=list)
    implied: bool = False
    flags: list[str] = field(default_factory=list)
    forced: bool = False  # a paragraph that is titled whatever its siblings are (principles)
    heading: bool = False

    def add_text(self, line: Line) -> None:
        if line.text:
            self.parts.append(line)
            self.end = max(self.end, line.end)


def classify(text: str) -> Heading | None:
    """The heading a line starts with, if any (markdown marks included)."""
    if m := _MD_HEADING.match(text):
        return markdown_heading(m.group(2), len(m.group(1)))
    if _PREFACE.match(text):
        return Heading("preface", _ROOT, "", text)
    if (m := _ATTACHMENT.match(text)) and len(m.group(2)) <= 40 and "。" not in m.group(2):
        return Heading("attachment", _ROOT, m.group(1), m.group(2))
    if (m := _BOX.match(text)) and len(m.group(2)) <= 40 and "。" not in m.group(2):
        return Heading("box", -1, m.group(1), m.group(2))
    if m := _BULLET.match(text):
        return Heading("bullet", -1, m.group(1), m.group(2))
    for style, pattern in _PATTERNS:
        if m := pattern.match(text):
            rank = _RANKS.get(style, _CIRCLED)
            if style == "decimal":
                rank = _DECIMAL_BASE + _DECIMAL_STEP * len(re.split("[.．]", m.group(1)))
            return Heading(style, rank, re.sub(r"\s+", "", m.group(1)), m.group(2) or "")
    return None


def markdown_heading(inner: str, level: int) -> Heading:
    """A markdown heading of ``level`` whose text (marks left out) is ``inner``."""
    sub = classify(inner)
    if sub and sub.style not in ("attachment", "preface"):
        return Heading("markdown", _MD + level, sub.label, sub.rest, md_level=level)
    if sub:
        return sub
    return Heading("markdown", _MD + level, "", inner, md_level=level)


def _line_heading(line: Line) -> Heading | None:
    return markdown_heading(line.text, line.md_level) if line.md_level else classify(line.text)


def looks_like_heading(text: str) -> bool:
    heading = classify(text)
    return heading is not None and heading.style not in ("bullet",)


def split_title(text: str, limit: int) -> tuple[str, str, int]:
    """(title, body, offset of body in text) for a run-in heading ``标题。正文…``."""
    m = _SENTENCE_END.search(text)
    if m and 0 < m.start() <= limit:
        # Damage that stands in for the 。 stays in the body, where it is flagged.
        body_from = m.end() if m.group() == "。" else m.start()
        body = text[body_from:]
        lead = len(body) - len(body.lstrip())
        return text[: m.start()].strip(), body.strip(), body_from + lead
    if not m and len(text) <= limit:
        return text.strip(), "", len(text)
    return "", text, 0


_SPACED = re.compile(r"^([^\s。，,；;：:]{2,30})[ \u3000\xa0]+(?=\S)")


def _spaced_title(rest: str) -> tuple[str, str, int] | None:
    """``加强数据共享 推进政务数据…，…。``: a short title, a space, then its paragraph, as
    documents converted to markdown often write a heading line; None when ``rest`` is not so."""
    m = _SPACED.match(rest)
    if not m:
        return None
    body = rest[m.end() :]
    if len(body) < 10 or not re.search(r"[。，；;,]", body):
        return None
    return m.group(1), body, m.end()


def build(
    lines: list[Line], *, markdown: bool, documents: list[str] | None = None
) -> tuple[list[ParsedSection], list[str]]:
    """Sections of the body lines, in document order with parents first.

    ``documents`` are the titles of the documents a notice issues together: the line that
    prints each title opens a top-level section holding that document.
    """
    warnings: list[str] = []
    numbered = any(_heading_of(line) for line in lines if line.text)
    root = _Node(kind="root", rank=-100)
    builder = _Builder(root, lines, numbered=numbered)
    builder.documents = {fold(title) for title in documents or ()}
    builder.run()
    _resolve(root)
    sections: list[ParsedSection] = []
    _flatten(root, None, -1, sections)
    if not any(s.kind != SectionKind.PREFACE for s in sections):
        body = [line for line in lines if line.text]
        if body:
            warnings.append(
                "没有找到可识别的章节结构（第X章、一、（一）、1. 或 # 标题），"
                "整篇作为一个部分导入。"
            )
            node = _Node(kind=SectionKind.TEXT, rank=0, start=body[0].start, end=body[-1].end)
            for line in body:
                node.add_text(line)
            sections = []
            _flatten(node, None, 0, sections)
            sections[0].flags.append(Flag.NO_STRUCTURE)
    return sections, warnings


def _heading_of(line: Line) -> Heading | None:
    heading = _line_heading(line)
    if heading and heading.style in ("bullet", "box", "preface"):
        return None
    return heading


class _Builder:
    def __init__(self, root: _Node, lines: list[Line], *, numbered: bool) -> None:
        self.root = root
        self.lines = lines
        self.numbered = numbered
        self.stack: list[_Node] = [root]
        self.box: _Node | None = None
        self.box_style = ""
        self.fence = False
        self.pending_attachment_title = False
        self.documents: set[str] = set()
        first_ranks: dict[int, int] = {}
        for i, line in enumerate(lines):
            heading = _heading_of(line) if line.text else None
            if heading and heading.rank not in first_ranks:
                first_ranks[heading.rank] = i
        self.first_ranks = first_ranks

    def run(self) -> None:
        for index, line in enumerate(self.lines):
            self.line(index, line)

    @property
    def top(self) -> _Node:
        return self.stack[-1]

    def line(self, index: int, line: Line) -> None:
        text = line.text
        if _FENCE.match(text):
            self.fence = not self.fence
            if not self.fence:
                self.box = None
            return
        if not text:
            return
        if self.fence:
            return self.fenced(line)
        heading = _line_heading(line)
        if self.documents and fold(text) in self.documents:
            self.documents.discard(fold(text))
            heading = Heading("document", _DOCUMENT, "", text)
        if self.box is not None and self.box_style == "pipe":
            if heading is None or heading.style in ("num", "bullet"):
                return self.pipe_box_line(line)
            self.box = None  # an unclosed box ends at the next heading
        if heading is None and not self.numbered and self.is_headline(index):
            heading = Heading("headline", _HEADLINE, "", text)
        if heading is None:
            if self.box_item_awaits_body():
                return self.box_item_body(line)
            self.box = None
            return self.paragraph(line)
        if heading.style == "bullet":
            self.box = None
            return self.bullet(line, heading)
        if heading.style == "box":
            return self.open_box(line, heading, style="pipe" if "|" in text else "plain")
        if self.box is not None and self.box_style == "plain" and heading.style == "num":
            return self.box_item(line, heading.label, heading.rest, text.index(heading.rest))
        self.box = None
        self.heading(index, line, heading)

    # -- headings -------------------------------------------------------------------------

    def heading(self, index: int, line: Line, heading: Heading) -> None:
        self.pending_attachment_title = False
        if heading.style == "attachment":
            return self.attachment(line, heading)
        if heading.style == "preface":
            self.stack = [self.root]
            node = _Node(kind=SectionKind.PREFACE, rank=_ROOT, title=heading.rest, heading=True)
            node.start, node.end = line.start, line.end
            self.root.children.append(node)
            self.stack.append(node)
            return
        while len(self.stack) > 1 and (
            self.top.rank >= heading.rank or self.top.kind == SectionKind.PREFACE
        ):
            self.stack.pop()
        self.imply_missing_parent(index, heading)
        offset = line.text.find(heading.rest) if heading.rest else len(line.text)
        if heading.style == "tiao" and re.search(r"[。，,；;：:]", heading.rest):
            # An article is a provision, not a titled heading: its first sentence is its text.
            title, body, body_at = "", heading.rest, 0
        else:
            title, body, body_at = _spaced_title(heading.rest) or split_title(
                heading.rest, TITLE_LIMIT
            )
        node = _Node(
            kind="heading",
            rank=heading.rank,
            label=heading.label,
            title=title,
            heading=True,
            start=line.start,
            end=line.end,
        )
        if body:
            node.add_text(line.cut(offset + body_at))
        self.top.children.append(node)
        self.stack.append(node)

    def imply_missing_parent(self, index: int, heading: Heading) -> None:
        """第一节 before any 第X章 when the document has chapters later: supply the chapter."""
        if heading.style not in ("jie", "paren_yi", "num") or len(self.stack) > 1:
            return
        parent_rank = heading.rank - 1
        later = self.first_ranks.get(parent_rank)
        if later is None or later < index:
            return
        parent = _Node(
            kind="heading",
            rank=parent_rank,
            implied=True,
            heading=True,
            label=_previous_label(self.lines[later].text),
            start=self.lines[index].start,
            end=self.lines[index].start,
        )
        parent.flags.append(Flag.IMPLIED)
        self.root.children.append(parent)
        self.stack.append(parent)

    def attachment(self, line: Line, heading: Heading) -> None:
        title = heading.rest
        previous = self.root.children[-1] if self.root.children else None
        if (
            previous is not None
            and previous.kind == SectionKind.ATTACHMENT
            and (not previous.children and not previous.parts or not title)
        ):
            # "附件：" listing the attachments, then "附件" with the same title again: one
            # attachment; a bare "附件" at the very end adds nothing.
            previous.title = previous.title or title
            previous.end = max(previous.end, line.end)
            self.stack = [self.root, previous]
            self.pending_attachment_title = not previous.title
            return
        node = _Node(
            kind=SectionKind.ATTACHMENT,
            rank=_ROOT,
            label=heading.label,
            title=title,
            heading=True,
            start=line.start,
            end=line.end,
        )
        self.stack = [self.root]
        self.root.children.append(node)
        self.stack.append(node)
        self.pending_attachment_title = not title

    # -- paragraphs -----------------------------------------------------------------------

    def paragraph(self, line: Line) -> None:
        node = self.top
        if self.pending_attachment_title and node.kind == SectionKind.ATTACHMENT:
            self.pending_attachment_title = False
            if len(line.text) <= 40 and "。" not in line.text and not _IMAGE.search(line.text):
                node.title = line.text
                node.end = line.end
                return
        if node.kind == SectionKind.ATTACHMENT and line.text == node.title:
            node.end = line.end  # the attachment's title printed again above its content
            return
        if _IMAGE.fullmatch(line.text):
            return self.image(line)
        for piece, forced in _principle_pieces(line):
            para = _Node(kind="para", rank=-1, start=piece.start, end=piece.end, forced=forced)
            para.add_text(piece)
            if node is self.root:
                node = self.preface(piece.start)
            node.children.append(para)

    def image(self, line: Line) -> None:
        """An image stands in for content (a table, a chart): keep its alt text once."""
        node = self.top if self.top is not self.root else self.preface(line.start)
        m = _IMAGE.fullmatch(line.text)
        alt = line.cut(m.start(1), m.end(1))
        if alt.text and alt.text not in {part.text for part in node.parts}:
            node.add_text(alt)
        node.end = max(node.end, line.end)
        if Flag.IMAGE_ONLY not in node.flags:
            node.flags.append(Flag.IMAGE_ONLY)

    def preface(self, start: int) -> _Node:
        """The untitled opening, begun by the body line at ``start``."""
        node = _Node(kind=SectionKind.PREFACE, rank=_ROOT, start=start, end=start)
        self.root.children.append(node)
        self.stack = [self.root, node]
        return node

    def bullet(self, line: Line, heading: Heading) -> None:
        node = self.top if self.top is not self.root else self.preface(line.start)
        title, body, body_at = split_title(heading.rest, PARAGRAPH_TITLE_LIMIT)
        offset = line.text.find(heading.rest)
        para = _Node(
            kind="bullet", rank=-1, label=heading.label, title=title, start=line.start, end=line.end
        )
        if body:
            para.add_text(line.cut(offset + body_at))
        node.children.append(para)

    def is_headline(self, index: int) -> bool:
        """An unnumbered article's subheading: a short line between longer paragraphs."""
        text = self.lines[index].text
        if len(text) > 30 or re.search(r"[。！？!?；;，,：:]", text):
            return False
        following = next((line.text for line in self.lines[index + 1 :] if line.text), "")
        return len(following) > len(text) * 2

    # -- boxes ----------------------------------------------------------------------------

    def open_box(self, line: Line, heading: Heading, *, style: str) -> None:
        parent = self.top if self.top is not self.root else self.preface(line.start)
        node = _Node(
            kind=SectionKind.BOX,
            rank=-1,
            label=re.sub(r"\s+", "", heading.label),
            title=heading.rest.strip(" |\u3000"),
            heading=True,
            start=line.start,
            end=line.end,
        )
        parent.children.append(node)
        self.box = node
        self.box_style = style
        if style == "pipe" and not line.text.rstrip().endswith("|"):
            self.box_style = "pipe"

    def pipe_box_line(self, line: Line) -> None:
        """Box content on lines that end with "|": numbered items share a line."""
        text = line.text
        closing = text.endswith("|")
        content = line.cut(0, len(text) - 1) if closing else line
        self.split_box_items(content)
        if closing:
            self.box = None

    def split_box_items(self, line: Line) -> None:
        starts = _item_starts(line.text)
        if not starts:
            self.box.add_text(line)
            return
        if starts[0][0] > 0:
            self.box.add_text(line.cut(0, starts[0][0]))
        for n, (at, label_end) in enumerate(starts):
            stop = starts[n + 1][0] if n + 1 < len(starts) else len(line.text)
            piece = line.cut(at, stop)
            label = line.text[at:label_end].strip()
            self.box_item(piece, label, piece.text[len(label) :].lstrip(), None)

    def box_item(self, line: Line, label: str, rest: str, offset: int | None) -> None:
        offset = line.text.find(rest) if offset is None else offset
        title, body, body_at = split_title(rest, TITLE_LIMIT)
        item = _Node(
            kind=SectionKind.BOX_ITEM,
            rank=-1,
            label=label,
            title=title,
            heading=True,
            start=line.start,
            end=line.end,
        )
        if body:
            item.add_text(line.cut(offset + body_at))
        self.box.children.append(item)
        self.box.end = max(self.box.end, line.end)

    def box_item_awaits_body(self) -> bool:
        """A plain box's last item is a title alone: its text is on the next line."""
        if self.box is None or self.box_style != "plain" or not self.box.children:
            return False
        item = self.box.children[-1]
        return item.kind == SectionKind.BOX_ITEM and not item.parts

    def box_item_body(self, line: Line) -> None:
        self.box.children[-1].add_text(line)
        self.box.end = max(self.box.end, line.end)

    def fenced(self, line: Line) -> None:
        """Inside ``` fences: a 专栏 box whose paragraphs are its items, or plain paragraphs."""
        heading = classify(line.text)
        if self.box is None and heading is not None and heading.style == "box":
            self.open_box(line, heading, style="fence")
            return
        if self.box is None:
            return self.paragraph(line)
        m = _NUMBERED_ITEM.match(line.text)  # "1." items inside a fenced box
        label, rest = (re.sub(r"\s+", "", m.group(1)), m.group(2)) if m else ("", line.text)
        self.box_item(line, label, rest, None)


def _item_starts(text: str) -> list[tuple[int, int]]:
    """Where "1." "2." … begin on a line holding several box items (numbers in sequence)."""
    starts = []
    expected = 1
    for m in re.finditer(r"(\d{1,2})\s*[.．、](?![\d.．])", text):
        if int(m.group(1)) != expected:
            continue
        before = text[: m.start()].rstrip()
        if m.start() == 0 or before.endswith(("。", "；", ";", "！", "|")):
            starts.append((m.start(), m.end()))
            expected += 1
    return starts


def _principle_pieces(line: Line) -> list[tuple[Line, bool]]:
    """Split a paragraph whose run-in titles continue mid-line into one piece per title.

    Principles (坚持统一规划部署,统建共用。…坚持数据共享开放,高效赋能。…) always split; other
    titles split where a later sentence parallels the first: same length, or the same opening
    verb and about the same length (提升辅助决策能力。…提升行政执行能力。…).
    """
    text = line.text
    if _PRINCIPLE.match(text):
        cuts = [
            m.start()
            for m in _PRINCIPLE.finditer(text)
            if m.start() == 0 or text[m.start() - 1] == "。"
        ]
        forced = True
    elif _title_candidate(text):
        first = text[: _SENTENCE_END.search(text).start()]
        cuts = [0] + [
            at
            for at, sentence in _sentences(text)
            if at > 0 and _parallel(first, sentence) and len(text) - at - len(sentence) >= 30
        ]
        forced = False
    else:
        return [(line, False)]
    pieces = []
    for n, at in enumerate(cuts):
        stop = cuts[n + 1] if n + 1 < len(cuts) else len(text)
        pieces.append((line.cut(at, stop), forced))
    return pieces


def _sentences(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for m in re.finditer("。", text):
        out.append((at, text[at : m.start()]))
        at = m.end()
    return out


def _parallel(first: str, sentence: str) -> bool:
    if (
        not 6 <= len(sentence) <= 16
        or _CLAUSE_MARK.search(sentence)
        or _NOT_A_TITLE.search(sentence)
    ):
        return False
    if re.search(r"[\d《》“”\"()（）]", sentence):
        return False
    same_opening = sentence[:2] == first[:2] and abs(len(sentence) - len(first)) <= 3
    return same_opening or len(sentence) == len(first)


def _previous_label(text: str) -> str:
    """第二章 -> 第一章: the label of a chapter the document left out, when it can be told."""
    heading = classify(text)
    if heading is None:
        return ""
    m = re.match(rf"第\s*({_CN}|\d+)\s*([章节])", heading.label)
    if not m:
        return ""
    number = read_numeral(m.group(1))
    if number is None or not 2 <= number <= 1000:
        return ""
    # In the document's own numerals: 第11章 -> 第10章, 第二十一章 -> 第二十章.
    numeral = str(number - 1) if m.group(1).isdigit() else write_numeral(number - 1)
    return f"第{numeral}{m.group(2)}"


# -- resolving paragraphs -------------------------------------------------------------------


def _resolve(node: _Node) -> None:
    """Decide which paragraphs are titled sections and which are their parent's body."""
    paras = [c for c in node.children if c.kind == "para"]
    candidates = [p for p in paras if p.forced or _title_candidate(p.parts[0].text)]
    context = to_simplified(node.title)
    goals = "目标" in context
    principles = "原则" in context
    enough = len(candidates) >= (1 if goals or principles else 2)
    children: list[_Node] = []
    for child in node.children:
        if child.kind == "bullet":
            child.kind = SectionKind.GOAL if goals else SectionKind.PARAGRAPH
            children.append(child)
        elif child.kind != "para":
            children.append(child)
        elif child in candidates and (enough or child.forced):
            line = child.parts[0]
            title, body, body_at = split_title(line.text, TITLE_LIMIT)
            child.title = title
            child.parts = [line.cut(body_at)] if body else []
            if child.forced or principles or to_simplified(title).startswith("坚持"):
                child.kind = (
                    SectionKind.PRINCIPLE
                    if (principles or child.forced or _short(title))
                    else SectionKind.PARAGRAPH
                )
            else:
                child.kind = SectionKind.GOAL if goals else SectionKind.PARAGRAPH
            children.append(child)
        else:
            target = (
                children[-1]
                if children
                and children[-1].kind
                in (SectionKind.PARAGRAPH, SectionKind.GOAL, SectionKind.PRINCIPLE)
                else node
            )
            for part in child.parts:
                target.add_text(part)
    node.children = children
    # Text merged from paragraphs joins text taken earlier (an image's alt text): keep the
    # document's order.
    node.parts.sort(key=lambda part: part.start)
    for child in children:
        _resolve(child)


def _short(title: str) -> bool:
    return len(title) <= 16


def _title_candidate(text: str) -> bool:
    """Does the paragraph open with a short sentence that names it (建设高速稳固的基础网络。…)?"""
    m = _SENTENCE_END.search(text)
    if not m or m.start() < 2 or m.start() > PARAGRAPH_TITLE_LIMIT:
        return False
    title = text[: m.start()]
    rest = text[m.end() :].strip()
    if not rest:
        return False
    if re.match(r"^(到|在|截至|截止)?\s*20\d\d", title) or title.startswith(("《", "根据", "按照")):
        return False
    if _NOT_A_TITLE.search(title):
        return False
    return not _CLAUSE_MARK.search(title) or bool(_SLOGAN.match(title))


# -- flattening -----------------------------------------------------------------------------

_KIND_BY_DEPTH = (SectionKind.CHAPTER, SectionKind.SECTION, SectionKind.ITEM, SectionKind.SUBITEM)


def _flatten(
    node: _Node, parent: int | None, depth: int, out: list[ParsedSection], heading_depth: int = 0
) -> None:
    if node.kind != "root":
        kind = node.kind
        if kind == "heading":
            kind = _KIND_BY_DEPTH[min(heading_depth, len(_KIND_BY_DEPTH) - 1)]
        body = "\n".join(part.text for part in node.parts)
        flags = list(dict.fromkeys(node.flags))
        own = node.title + "\n" + body
        if find_mojibake(own) and Flag.MOJIBAKE not in flags:
            flags.append(Flag.MOJIBAKE)
        end = max([node.end] + [p.end for p in node.parts])
        out.append(
            ParsedSection(
                kind=kind,
                label=node.label,
                title=node.title,
                body=body,
                depth=depth,
                parent=parent,
                start=node.start,
                end=end,
                implied=node.implied,
                flags=flags,
            )
        )
        parent = len(out) - 1
        if node.kind == "heading":
            heading_depth += 1
        elif node.kind in (SectionKind.ATTACHMENT, SectionKind.PREFACE):
            heading_depth = 0
    for child in node.children:
        _flatten(child, parent, depth + 1, out, heading_depth)
