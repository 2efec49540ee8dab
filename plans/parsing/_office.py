"""Plans as office files: Word's .docx read as text; PDF and the old .doc refused with a reason.

A .docx is a zip of XML; its body is a sequence of paragraphs and tables. Each paragraph becomes
a line and each table row a line (its cells side by side), in document order, so the text parser
reads a Word plan exactly as it reads the same plan saved as text. Numbering that Word generates
itself (a list style rather than typed 一、) is not in the text: such a heading keeps its title
and loses its label, and the importer warns.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT = "word/document.xml"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .doc/.xls/.ppt container


class OfficeError(ValueError):
    """An office file that can't be read; the message says what to do instead."""


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


def docx_text(data: bytes) -> tuple[str, bool]:
    """(the document's text, a line per paragraph or table row; whether Word numbered lists)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read(_DOCUMENT)
        body = ElementTree.fromstring(xml).find(f"{_W}body")
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise OfficeError(f"it is a damaged Word file ({exc}); open and save it again") from exc
    lines: list[str] = []
    numbered = False
    for block in _blocks(body) if body is not None else ():
        if block.tag == f"{_W}p":
            lines.append(_paragraph(block))
            numbered = numbered or block.find(f"{_W}pPr/{_W}numPr") is not None
        elif block.tag == f"{_W}tbl":
            for row in block.iter(f"{_W}tr"):
                cells = [
                    "".join(_paragraph(p) for p in cell.iter(f"{_W}p"))
                    for cell in row.iter(f"{_W}tc")
                ]
                lines.append("\u3000".join(cell for cell in cells if cell.strip()))
    return "\n".join(lines) + "\n", numbered


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
