"""The tree's node, and the last stages: paragraphs resolved into titled sections or their
parent's text, then the tree flattened into ParsedSections, parents first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plans.parsing._lines import Line
from plans.parsing._titles import TITLE_LIMIT, split_title, title_candidate
from plans.parsing.model import Flag, ParsedSection, SectionKind
from plans.parsing.text import find_mojibake, to_simplified


@dataclass
class Node:
    kind: str  # final SectionKind, or "para" before paragraphs are resolved
    rank: int
    label: str = ""
    title: str = ""
    parts: list[Line] = field(default_factory=list)  # own body pieces, in order
    start: int = 0
    end: int = 0
    children: list[Node] = field(default_factory=list)
    implied: bool = False
    flags: list[str] = field(default_factory=list)
    forced: bool = False  # a paragraph that is titled whatever its siblings are (principles)
    heading: bool = False

    @classmethod
    def titled(
        cls, line: Line, *, kind: str, rank: int, label: str, title: str, body: str, body_at: int
    ) -> Node:
        """A heading or a box item read from ``line`` with its run-in title, the text after the
        title (from ``body_at`` in the line) its first part."""
        node = cls(
            kind=kind,
            rank=rank,
            label=label,
            title=title,
            heading=True,
            start=line.start,
            end=line.end,
        )
        if body:
            node.add_text(line.cut(body_at))
        return node

    def add_text(self, line: Line) -> None:
        if line.text:
            self.parts.append(line)
            self.end = max(self.end, line.end)


# -- resolving paragraphs -------------------------------------------------------------------


def resolve(node: Node) -> None:
    """Decide which paragraphs are titled sections and which are their parent's body."""
    paras = [c for c in node.children if c.kind == "para"]
    candidates = [p for p in paras if p.forced or title_candidate(p.parts[0].text)]
    context = to_simplified(node.title)
    goals = "目标" in context
    principles = "原则" in context
    enough = len(candidates) >= (1 if goals or principles else 2)
    children: list[Node] = []
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
        resolve(child)


def _short(title: str) -> bool:
    return len(title) <= 16


# -- flattening -----------------------------------------------------------------------------

# A short title set with a space between every character for its width (第一章 总 则, 附  则,
# common in 办法 and 条例): the title is the characters (总则), as a reader searches it.
_LETTER_SPACED = re.compile(r"[\u3400-\u9fff](?:[ \u3000\xa0]+[\u3400-\u9fff]){1,5}")
_SPACES = re.compile(r"[ \u3000\xa0]+")


def _unspaced(title: str) -> str:
    """The title without the spaces that set its characters apart, if that is all it holds.

    >>> _unspaced("总 则"), _unspaced("推动服务消 费提质扩容")
    ('总则', '推动服务消 费提质扩容')
    """
    return _SPACES.sub("", title) if _LETTER_SPACED.fullmatch(title) else title


_KIND_BY_DEPTH = (SectionKind.CHAPTER, SectionKind.SECTION, SectionKind.ITEM, SectionKind.SUBITEM)


def flatten(
    node: Node, parent: int | None, depth: int, out: list[ParsedSection], heading_depth: int = 0
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
                title=_unspaced(node.title),
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
        flatten(child, parent, depth + 1, out, heading_depth)
