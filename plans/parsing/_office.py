"""Plans as office files: Word's .docx read as text; PDF and the old .doc refused with a reason.

A .docx is a zip of XML; its body is a sequence of paragraphs and tables. Each paragraph becomes
a line and each table row a line (its cells side by side), in document order, so the text parser
reads a Word plan exactly as it reads the same plan saved as text. Numbering that Word generates
itself (a list or heading style rather than typed 一、) is written out as the label a reader
sees (第一章, 一、, （一）, 1., ①); a format it cannot write leaves the label out, and the
importer warns.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from plans.parsing.model import Message, gettext_noop
from plans.parsing.numerals import write_digits, write_numeral

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT = "word/document.xml"
_NUMBERING = "word/numbering.xml"
_STYLES = "word/styles.xml"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .doc/.xls/.ppt container
# A zip can expand a thousandfold (a "decompression bomb"): what is read of a .docx is bounded.
# Word's XML is a few times the size of its text; a real plan's document.xml is a few MB.
MAX_MEMBERS = 2000  # files in the archive (a Word file has tens; with images, hundreds)
MAX_EXPANDED = 40 * 1024 * 1024  # bytes of XML read, all parts together
# Elements cost memory once parsed (~150 bytes each): a real plan has some 100k (runs, their
# properties), a bomb of empty paragraphs millions within the bytes allowed.
MAX_TAGS = 1_000_000
# Word nests a plan's elements some 10-20 deep (tables in tables, content controls); the reader
# walks content controls and tables within tables, so a few hundred bytes nesting thousands deep
# (2,000 tables, 669 bytes) held it 86 s, 5,000 content controls overflowed Python's stack.
MAX_DEPTH = 500


class OfficeError(ValueError):
    """An office file that can't be read; its one argument, a Message, says what to do."""


def office_kind(data: bytes) -> str:
    """ "docx", "pdf", "ole" (old Word) or "" for anything else."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(_OLE):
        return "ole"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "docx" if _DOCUMENT in archive.namelist() else ""
        except zipfile.BadZipFile:
            return ""
    return ""


def docx_text(data: bytes, *, max_depth: int = MAX_DEPTH) -> tuple[str, bool]:
    """(the document's text, a line per paragraph or table row; whether some of Word's own
    numbering could not be written out as text). Raises OfficeError for XML nested more than
    ``max_depth`` deep."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            budget = _Budget(archive)
            document = _xml(_DOCUMENT, budget.read(_DOCUMENT), max_depth)
            body = document.find(f"{_W}body")
            numbering = _Numbering(
                _part(archive, _NUMBERING, budget, max_depth),
                _part(archive, _STYLES, budget, max_depth),
            )
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise OfficeError(
            Message(
                gettext_noop(
                    "这个 Word 文件已损坏，读不出文字：请在 Word 或 WPS 中打开它，另存为 .docx "
                    "后再导入。"
                )
            )
        ) from exc
    lines: list[str] = []
    for block in _blocks(body) if body is not None else ():
        if block.tag == f"{_W}p":
            lines.append(numbering.label(block) + _paragraph(block))
        elif block.tag == f"{_W}tbl":
            for row in block.iter(f"{_W}tr"):
                cells = [
                    "".join(_paragraph(p) for p in cell.iter(f"{_W}p"))
                    for cell in row.iter(f"{_W}tc")
                ]
                lines.append("\u3000".join(cell for cell in cells if cell.strip()))
    return "\n".join(lines) + "\n", numbering.unwritten


def _part(
    archive: zipfile.ZipFile, name: str, budget: _Budget, max_depth: int
) -> ElementTree.Element | None:
    return _xml(name, budget.read(name), max_depth) if name in archive.namelist() else None


def _xml(name: str, data: bytes, max_depth: int) -> ElementTree.Element:
    """A part parsed (expat, in C, is not troubled by depth), refused when it nests deeper than
    ``max_depth``: measured a level at a time, in time linear in its elements, before any
    reading walks it."""
    root = ElementTree.fromstring(data)
    level, depth = [root], 1
    while level := [child for element in level for child in element]:
        depth += 1
        if depth > max_depth:
            raise OfficeError(
                Message(
                    gettext_noop(
                        "其中的 %(part)s 元素嵌套超过 %(limit)s 层，远深于一份规划应有的（文件损坏"
                        "或有恶意？）：请另存为文本后导入；如确是规划，可调高上限"
                        "（DUIZHAO_IMPORT_MAX_DEPTH）。"
                    ),
                    part=name,
                    limit=f"{max_depth:,}",
                )
            )
    return root


class _Budget:
    """Reads members of an archive within MAX_MEMBERS and MAX_EXPANDED, trusting no size the
    archive declares: each read stops one byte past what is left."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        if len(archive.infolist()) > MAX_MEMBERS:
            raise OfficeError(
                Message(
                    gettext_noop(
                        "它包含 %(count)s 个文件，比 Word 文件应有的多（最多读取 %(limit)s 个）："
                        "请在 Word 中重新保存，或另存为文本后导入。"
                    ),
                    count=f"{len(archive.infolist()):,}",
                    limit=f"{MAX_MEMBERS:,}",
                )
            )
        self.archive, self.left = archive, MAX_EXPANDED

    def read(self, name: str) -> bytes:
        with self.archive.open(name) as member:
            data = member.read(self.left + 1)
        if len(data) > self.left:
            raise OfficeError(
                Message(
                    gettext_noop(
                        "它解压后的 XML 超过 %(mb)s MB，远多于一份规划的文字（文件损坏或有恶意？"
                        "）：请另存为文本后导入，或拆分它。"
                    ),
                    mb=MAX_EXPANDED // (1024 * 1024),
                )
            )
        if data.count(b"<") > MAX_TAGS:
            raise OfficeError(
                Message(
                    gettext_noop(
                        "其中的 %(part)s 有超过 %(limit)s 个元素，远多于一份规划应有的（文件损坏"
                        "或有恶意？）：请另存为文本后导入，或拆分它。"
                    ),
                    part=name,
                    limit=f"{MAX_TAGS:,}",
                )
            )
        self.left -= len(data)
        return data


class _Numbering:
    """Word's own numbering (numbering.xml, and styles that number their paragraphs), written
    out as the labels a reader sees: 第一章, 一、, （一）, 1., ①."""

    def __init__(self, numbering: ElementTree.Element | None, styles: ElementTree.Element | None):
        self.unwritten = False
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstractNumId -> levels
        self.nums: dict[str, str] = {}  # numId -> abstractNumId
        for node in numbering if numbering is not None else ():
            if node.tag == f"{_W}abstractNum":
                levels = {}
                for lvl in node.findall(f"{_W}lvl"):
                    levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                        _val(lvl.find(f"{_W}numFmt")) or "decimal",
                        _val(lvl.find(f"{_W}lvlText")) or "",
                        int(_val(lvl.find(f"{_W}start")) or 1),
                    )
                self.levels[node.get(f"{_W}abstractNumId", "")] = levels
            elif node.tag == f"{_W}num":
                self.nums[node.get(f"{_W}numId", "")] = _val(node.find(f"{_W}abstractNumId")) or ""
        self.counts: dict[str, list[int]] = {}
        self.styles: dict[str, tuple[str, int]] = {}  # styleId -> (numId, ilvl)
        for style in styles.findall(f"{_W}style") if styles is not None else ():
            num = style.find(f"{_W}pPr/{_W}numPr")
            if num is not None:
                num_id = _val(num.find(f"{_W}numId")) or ""
                level = int(_val(num.find(f"{_W}ilvl")) or 0)
                self.styles[style.get(f"{_W}styleId", "")] = (num_id, level)

    def label(self, p: ElementTree.Element) -> str:
        num = p.find(f"{_W}pPr/{_W}numPr")
        style = _val(p.find(f"{_W}pPr/{_W}pStyle")) or ""
        if num is not None:
            num_id = _val(num.find(f"{_W}numId")) or ""
            level = int(_val(num.find(f"{_W}ilvl")) or 0)
        elif style in self.styles:
            num_id, level = self.styles[style]
        else:
            return ""
        if num_id == "0":  # numbering switched off for this paragraph
            return ""
        key = self.nums.get(num_id, "")
        levels = self.levels.get(key)
        if not levels or level not in levels:
            self.unwritten = True
            return ""
        counts = self.counts.setdefault(key, [0] * 9)
        fmt, text, start = levels[level]
        counts[level] = counts[level] + 1 if counts[level] else start
        for deeper in range(level + 1, 9):
            counts[deeper] = 0
        if fmt in ("bullet", "none"):
            return ""

        def number(m: re.Match) -> str:
            at = int(m.group(1)) - 1
            at_fmt, _, at_start = levels.get(at, ("decimal", "", 1))
            shown = counts[at] or at_start
            written = _format(at_fmt, shown)
            if written is None:
                self.unwritten = True
                return str(shown)
            return written

        return re.sub(r"%([1-9])", number, text)


def _val(node: ElementTree.Element | None) -> str | None:
    return None if node is None else node.get(f"{_W}val")


def _format(fmt: str, n: int) -> str | None:
    if fmt in ("decimal", "decimalZero"):
        return f"{n:02d}" if fmt == "decimalZero" else str(n)
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "chineseLegalSimplified",
    ):
        return write_numeral(n)
    if fmt == "ideographDigital":
        return write_digits(n)
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("upperLetter", "lowerLetter") and 1 <= n <= 26:
        letter = chr(ord("A") + n - 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= n < 40:
        roman, rest = "", n
        for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
            roman, rest = roman + letters * (rest // value), rest % value
        return roman if fmt == "upperRoman" else roman.lower()
    return None


def _blocks(container: ElementTree.Element):
    """Paragraphs and tables in document order, through content controls, without a table of
    contents (its lines repeat the headings, with page numbers)."""
    for block in container:
        if block.tag == f"{_W}sdt":
            gallery = block.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
            if gallery is not None and "contents" in (gallery.get(f"{_W}val") or "").lower():
                continue
            content = block.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content)
        elif block.tag == f"{_W}customXml":
            yield from _blocks(block)
        elif block.tag == f"{_W}p":
            style = block.find(f"{_W}pPr/{_W}pStyle")
            if style is not None and (style.get(f"{_W}val") or "").upper().startswith("TOC"):
                continue
            yield block
        elif block.tag == f"{_W}tbl":
            yield block


def _paragraph(p: ElementTree.Element) -> str:
    parts = []
    for node in p.iter():
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)
