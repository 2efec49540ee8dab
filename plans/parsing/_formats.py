"""What a file that is not a plan's text is, told by its first bytes or its name, and what to do.

A person who chose a corrupt ``.pdf`` expects to hear that it is not a valid PDF, not that it
holds NUL bytes: a refusal names the format the file claims or turns out to be.
"""

from __future__ import annotations

import io
import zipfile

from plans.parsing.model import Message, gettext_noop

# First bytes of formats a person may pick by mistake (or get from a site as a "plan").
_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
_ARCHIVES = (
    (b"Rar!\x1a\x07", "RAR"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"\xfd7zXZ\x00", "xz"),
)
_IMAGE_NAMES = {
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".gif": "GIF",
    ".bmp": "BMP",
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".webp": "WebP",
}
_ARCHIVE_NAMES = {
    ".zip": "ZIP",
    ".rar": "RAR",
    ".7z": "7z",
    ".gz": "gzip",
    ".tgz": "gzip",
    ".xz": "xz",
    ".tar": "tar",
}


def not_text(data: bytes, filename: str, *, binary: bool) -> Message | None:
    """Why ``data`` is not a plan's text when its first bytes say what else it is, or when it
    is ``binary`` (unreadable as text) and its name says what it should have been; else None.
    """
    known = _by_content(data, filename)
    if known is not None or not binary:
        return known
    return named(filename) or Message(
        gettext_noop(
            "这是二进制文件（不是文字）：请导入规划的文本（.txt）、网页（.html）、Word（.docx）"
            "或 PDF 文件。"
        )
    )


def not_pdf() -> Message:
    return Message(
        gettext_noop(
            "这不是有效的 PDF 文件（已损坏、没有下载完整，或只是扩展名为 .pdf）：请用 PDF "
            "阅读器打开它确认，重新下载或另存为 PDF 后再导入。"
        )
    )


def not_docx() -> Message:
    return Message(
        gettext_noop(
            "这不是有效的 Word（.docx）文件（已损坏，或只是扩展名为 .docx）：请在 Word 或 WPS "
            "中打开它，另存为 .docx 后再导入。"
        )
    )


def _by_content(data: bytes, filename: str) -> Message | None:
    head = data[:16]
    for magic, name in _IMAGES:
        if head.startswith(magic):
            return _image(name)
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return _image("WebP")
    for magic, name in _ARCHIVES:
        if head.startswith(magic):
            return _archive(name)
    if head.startswith(b"PK\x03\x04"):
        return _zipped(data, filename)
    return None


def _zipped(data: bytes, filename: str) -> Message:
    """A zip that is not a Word file: another office format, an OFD, or an archive; a damaged
    one is what its name says it should be."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()[:2000]
    except zipfile.BadZipFile:
        return named(filename) or _archive("ZIP")
    if any(n.startswith("xl/") for n in names):
        return _other_office("Excel")
    if any(n.startswith("ppt/") for n in names):
        return _other_office("PowerPoint")
    if any(n.lower() == "ofd.xml" for n in names):
        return _ofd()
    if any(n.startswith("word/") for n in names):
        return not_docx()
    return _archive("ZIP")


def named(filename: str) -> Message | None:
    """What a file should be by its name's extension, when that is not a text format."""
    name = filename.lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension == ".pdf":
        return not_pdf()
    if extension in (".docx", ".doc", ".wps"):
        return not_docx()
    if extension in (".xlsx", ".xls", ".et"):
        return _other_office("Excel")
    if extension in (".pptx", ".ppt", ".dps"):
        return _other_office("PowerPoint")
    if extension == ".ofd":
        return _ofd()
    if extension in _IMAGE_NAMES:
        return _image(_IMAGE_NAMES[extension])
    if extension in _ARCHIVE_NAMES:
        return _archive(_ARCHIVE_NAMES[extension])
    return None


def _image(name: str) -> Message:
    return Message(
        gettext_noop(
            "这是 %(format)s 图片，不是文字：扫描件请存为 PDF 后导入（PDF 的扫描页会经 OCR "
            "识别），或导入规划的文字版本。"
        ),
        format=name,
    )


def _archive(name: str) -> Message:
    return Message(
        gettext_noop("这是 %(format)s 压缩包，不是规划文本：请先解压，再导入其中的规划文件。"),
        format=name,
    )


def _other_office(name: str) -> Message:
    what = {
        "Excel": Message(gettext_noop("Excel 表格")),
        "PowerPoint": Message(gettext_noop("PowerPoint 演示文稿")),
    }[name]
    return Message(
        gettext_noop(
            "这是 %(what)s，不是规划文本：请导入规划本身的文本、网页、Word（.docx）或 PDF 文件。"
        ),
        what=what,
    )


def _ofd() -> Message:
    return Message(
        gettext_noop(
            "这是 OFD 版式文件，无法直接读取：请用 OFD 阅读器把它另存为 PDF 或文字后再导入。"
        )
    )
