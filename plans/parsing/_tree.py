"""The section tree of a plan body: headings, titled paragraphs, boxes, goals, attachments.

Headings are ranked by their numbering style (GB/T 9704: 第X章 > 第X节 > 第X条 > 一、 > （一）
> 1. > （1） > ①), markdown headings by their level, and placed with a stack: a heading closes
every open heading of the same or a lower rank. So numbers that run on across parents (Hunan's
1-29) and levels that a document skips need no special case; a level missing only at the start
(Wangcang has 第一节 before any 第X章) gets an implied parent. The lines whose numbering
misleads (a report's 1 2 3 chapters, closing notes, cited articles) are found first, by
_line_roles.py.
"""

from __future__ import annotations

import re

from plans.parsing._headings import (
    ARTICLE_RANK,
    DOCUMENT_RANK,
    HEADLINE_RANK,
    NUMBERED_ITEM,
    ROOT_RANK,
    Heading,
    classify,
    line_heading,
    previous_label,
)
from plans.parsing._line_roles import citing_articles, closing_notes, report_chapters
from plans.parsing._lines import Line
from plans.parsing._sections import Node, flatten, resolve
from plans.parsing._titles import (
    BRACKET_CAPTION,
    PARAGRAPH_TITLE_LIMIT,
    RUN_IN_CAPTION,
    TITLE_LIMIT,
    lead_clauses,
    lead_sentence,
    opens_provision,
    principle_pieces,
    spaced_title,
    split_title,
)
from plans.parsing.model import Flag, Message, ParsedSection, SectionKind, gettext_noop
from plans.parsing.text import fold

# The numbered items below an article: 一、, （一）, 1., （1）, 1）, ①, 1.1.
_PROVISIONS = frozenset({"yi", "paren_yi", "num", "paren_num", "num_paren", "circled", "decimal"})
# A numbered item's caption: short, no clause mark; alone, or run in before its text
# (（一）落户补贴。在…给予…). An item that is one clause or sentence (（一）书证；) is none.
_CAPTION = re.compile(r"[^，,；;。：:、！？!?]{1,20}(?:[。.．]\s*\S.*)?")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_FENCE = re.compile(r"^(```|~~~)")
# Cells of a table row as the web-page and Word readers print them: side by side, full-width
# spaces between.
_CELLS = re.compile(r"(?<=\S)\u3000+(?=\S)")
_NOTE = re.compile(r"^(?:注|备注|说明)\s*[:：]")


def build(
    lines: list[Line], *, markdown: bool, documents: list[str] | None = None
) -> tuple[list[ParsedSection], list[str]]:
    """Sections of the body lines, in document order with parents first.

    ``documents`` are the titles of the documents a notice issues together: the line that
    prints each title opens a top-level section holding that document.
    """
    warnings: list[str] = []
    chapters = report_chapters(lines)
    citing = citing_articles(lines)
    numbered = bool(chapters) or any(
        _heading_of(line) for i, line in enumerate(lines) if line.text and i not in citing
    )
    root = Node(kind="root", rank=-100)
    builder = _Builder(root, lines, numbered=numbered)
    builder.chapters = chapters
    builder.notes = closing_notes(lines) | citing
    builder.documents = {fold(title) for title in documents or ()}
    builder.run()
    resolve(root)
    sections: list[ParsedSection] = []
    flatten(root, None, -1, sections)
    if not any(s.kind != SectionKind.PREFACE for s in sections):
        body = [line for line in lines if line.text]
        if body:
            warnings.append(
                Message(
                    gettext_noop(
                        "没有找到可识别的章节结构（第X章、一、（一）、1. 或 # 标题），"
                        "整篇作为一个部分导入。"
                    )
                )
            )
            node = Node(kind=SectionKind.TEXT, rank=0, start=body[0].start, end=body[-1].end)
            for line in body:
                node.add_text(line)
            sections = []
            flatten(node, None, 0, sections)
            sections[0].flags.append(Flag.NO_STRUCTURE)
    return sections, warnings


def _heading_of(line: Line) -> Heading | None:
    heading = line_heading(line)
    if heading and heading.style in ("bullet", "box", "preface"):
        return None
    return heading


class _Builder:
    def __init__(self, root: Node, lines: list[Line], *, numbered: bool) -> None:
        self.root = root
        self.lines = lines
        self.numbered = numbered
        self.stack: list[Node] = [root]
        self.box: Node | None = None
        self.box_style = ""
        self.fence = False
        self.pending_attachment_title = False
        self.documents: set[str] = set()
        self.chapters: dict[int, Heading] = {}
        self.notes: set[int] = set()
        self.last_item: Node | None = None  # the last numbered item (1.) read
        self.last_lead: Node | None = None  # the last item titled by its whole lead sentence
        first_ranks: dict[int, int] = {}
        for i, line in enumerate(lines):
            heading = _heading_of(line) if line.text else None
            if heading and heading.rank not in first_ranks:
                first_ranks[heading.rank] = i
        self.first_ranks = first_ranks
        # Run-in captions (第三条 载体建设。…) come in runs; one short first sentence alone
        # (第三条 本规定自公布之日起施行。…) is the provision.
        self.captioned = sum(
            1
            for line in lines
            if (h := classify(line.text) if line.text else None)
            and h.style == "tiao"
            and RUN_IN_CAPTION.match(h.rest)
        )

    def run(self) -> None:
        for index, line in enumerate(self.lines):
            self.line(index, line)

    @property
    def top(self) -> Node:
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
        heading = self.chapters.get(index) or line_heading(line)
        if index in self.notes:
            heading = None
        if self.documents and fold(text) in self.documents:
            self.documents.discard(fold(text))
            heading = Heading("document", DOCUMENT_RANK, "", text)
        if (
            heading is not None
            and heading.style in _PROVISIONS
            and not _CAPTION.fullmatch(heading.rest)
            and self.article() is not None
        ):
            # 第二条 …包括以下类别： / （一）突出贡献中关村奖； — the lists inside an article are
            # its provision's text, never sections of their own; a bare caption over text of its
            # own (（一）指南发布) stays a heading.
            return self.top.add_text(line)
        if self.box is not None and self.box_style == "pipe":
            if heading is None or heading.style in ("num", "bullet"):
                return self.pipe_box_line(line)
            self.box = None  # an unclosed box ends at the next heading
        if self.box_holds_row(text, heading):
            return self.box_item_body(line) if self.box_item_awaits_body() else self.box_row(line)
        if heading is None and not self.numbered and self.is_headline(index):
            heading = Heading("headline", HEADLINE_RANK, "", text)
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

    def article(self) -> Node | None:
        """The article (第X条) open on the stack, if any."""
        return next((n for n in reversed(self.stack) if n.rank == ARTICLE_RANK), None)

    # -- headings -------------------------------------------------------------------------

    def heading(self, index: int, line: Line, heading: Heading) -> None:
        self.pending_attachment_title = False
        if heading.style == "attachment":
            return self.attachment(line, heading)
        if heading.style == "preface":
            self.stack = [self.root]
            node = Node(kind=SectionKind.PREFACE, rank=ROOT_RANK, title=heading.rest, heading=True)
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
        lead = False
        if heading.style == "tiao" and (caption := self.article_caption(heading.rest)):
            title, body, body_at = caption
        elif heading.style == "tiao" and opens_provision(heading.rest):
            # An article is a provision, not a titled heading: its first sentence is its text.
            title, body, body_at = "", heading.rest, 0
        else:
            title, body, body_at = spaced_title(heading.rest) or split_title(
                heading.rest, TITLE_LIMIT
            )
            if not title and heading.style == "yi":
                title, body, body_at = lead_sentence(heading.rest)
            elif not title and self.titles_run_in(heading):
                title, body, body_at = lead_clauses(heading.rest, TITLE_LIMIT)
                lead = True
        node = Node.titled(
            line,
            kind="heading",
            rank=heading.rank,
            label=heading.label,
            title=title,
            body=body,
            body_at=offset + body_at,
        )
        self.top.children.append(node)
        self.stack.append(node)
        if heading.style == "num":
            self.last_item = node
            self.last_lead = node if lead and title else None

    def titles_run_in(self, heading: Heading) -> bool:
        """1.坚持“房住不炒”,依法依规支持…发展。: a numbered item whose lead sentence is too long
        for a caption is titled by it when the item before it, at its rank, is titled by its own
        run-in lead, under the same heading or the one before (items are written alike: a long
        lead is no sign of a provision there)."""
        previous = self.last_item
        return (
            heading.style == "num"
            and previous is not None
            and previous.rank == heading.rank
            and bool(previous.label and previous.title)
            and (bool(previous.parts) or previous is self.last_lead)
        )

    def article_caption(self, rest: str) -> tuple[str, str, int] | None:
        """第一条 【宗旨】为了…: a caption in brackets, kept as printed; 第三条 载体建设。被…: a
        run-in caption, in a document whose articles carry them."""
        if m := BRACKET_CAPTION.match(rest):
            body = rest[m.end() :]
            return m.group(1), body.strip(), m.end() + len(body) - len(body.lstrip())
        if self.captioned < 2 or not (m := RUN_IN_CAPTION.match(rest)):
            return None
        body = rest[m.end() :]
        return m.group(1), body.strip(), m.end() + len(body) - len(body.lstrip())

    def imply_missing_parent(self, index: int, heading: Heading) -> None:
        """第一节 before any 第X章 when the document has chapters later: supply the chapter."""
        if heading.style not in ("jie", "paren_yi", "num") or len(self.stack) > 1:
            return
        parent_rank = heading.rank - 1
        later = self.first_ranks.get(parent_rank)
        if later is None or later < index:
            return
        parent = Node(
            kind="heading",
            rank=parent_rank,
            implied=True,
            heading=True,
            label=previous_label(self.lines[later].text),
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
        node = Node(
            kind=SectionKind.ATTACHMENT,
            rank=ROOT_RANK,
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
        for piece, forced in principle_pieces(line):
            para = Node(kind="para", rank=-1, start=piece.start, end=piece.end, forced=forced)
            para.add_text(piece)
            if node is self.root:
                node = self.preface(piece.start)
            node.children.append(para)
            if Flag.IMAGE_ONLY in node.flags:  # words after the image: not only an image now
                node.flags.remove(Flag.IMAGE_ONLY)

    def image(self, line: Line) -> None:
        """An image stands in for content (a table, a chart): keep its alt text once."""
        node = self.top if self.top is not self.root else self.preface(line.start)
        m = _IMAGE.fullmatch(line.text)
        alt = line.cut(m.start(1), m.end(1))
        if alt.text and alt.text not in {part.text for part in node.parts}:
            node.add_text(alt)
        node.end = max(node.end, line.end)
        has_words = any(child.kind in {"para", "bullet"} for child in node.children)
        if Flag.IMAGE_ONLY not in node.flags and not has_words:
            node.flags.append(Flag.IMAGE_ONLY)

    def preface(self, start: int) -> Node:
        """The untitled opening, begun by the body line at ``start``."""
        node = Node(kind=SectionKind.PREFACE, rank=ROOT_RANK, start=start, end=start)
        self.root.children.append(node)
        self.stack = [self.root, node]
        return node

    def bullet(self, line: Line, heading: Heading) -> None:
        node = self.top if self.top is not self.root else self.preface(line.start)
        title, body, body_at = split_title(heading.rest, PARAGRAPH_TITLE_LIMIT)
        offset = line.text.find(heading.rest)
        para = Node(
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
        node = Node(
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
        item = Node.titled(
            line,
            kind=SectionKind.BOX_ITEM,
            rank=-1,
            label=label,
            title=title,
            body=body,
            body_at=offset + body_at,
        )
        self.box.children.append(item)
        self.box.end = max(self.box.end, line.end)

    def box_holds_row(self, text: str, heading: Heading | None) -> bool:
        """A 专栏 printed as a table: its header row and its rows (lines of cells) stay in it.

        A numbered row of two cells is an item and its text (1.电子政务外网。　实现…); with more
        cells it is a row of figures (2. 全员劳动生产率　万元/人　28　36), kept whole.
        """
        if self.box is None or self.box_style != "plain":
            return False
        if heading is not None and heading.style != "num":
            return False
        if heading is None and _NOTE.match(text) and self.box.parts:
            return True  # the table's notes (注：1.…) explain its rows
        cells = _CELLS.split(text.strip(" \u3000"))
        return len(cells) >= (2 if heading is None else 3)

    def box_row(self, line: Line) -> None:
        self.box.add_text(line)
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
        m = NUMBERED_ITEM.match(line.text)  # "1." items inside a fenced box
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
