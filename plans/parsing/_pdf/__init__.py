"""Plans published as PDF: the text layer read with pypdfium2, scanned pages read by OCR.

A PDF holds positioned glyphs, not paragraphs. Each page's text comes out a visual line at a
time (pdfium joins the glyphs of a line); the page's furniture (a running header such as
重庆市人民政府办公厅行政规范性文件 printed on every page, page numbers like - 3 -) is left out
by position (the first and last lines of a page) and repetition (the same line, digits aside,
on most pages). The lines are then handed to the text parser, whose copied-PDF logic joins the
hard-wrapped paragraphs and tells the headings.

Some text layers are garbled. Pages printed by macOS from a browser often map ideographs to the
look-alike Kangxi or CJK radicals (⾰命⽂物 for 革命文物): NFKC maps those back, and only those
code points are normalised so full-width punctuation stays as printed. A layer of Private Use
Area or replacement characters, or of ASCII and Latin-1 signs where the ideographs should be (a
gazette's font whose CID map numbers the glyphs: !"#$%&'()*+,-), cannot be repaired from the text:
such pages, and pages with no text at all (scans), are read by OCR when it is allowed
(Debian's ``tesseract`` with its ``chi_sim`` model, run as a separate process with a timeout),
else refused with a reason.

Not handled: two-column pages come out in pdfium's order (usually column by column, but not
guaranteed); tables come out a cell line at a time; text inside images (专栏 boxes saved as
pictures) is missing unless the whole page is a scan.

Its stages, a module each: layer.py (the text layer in reading order, radicals repaired),
garbled.py (a layer that cannot be repaired), furniture.py (running headers, footers, page
numbers), ocr.py (scanned and unreadable pages read by tesseract); model.py their types.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from plans.parsing._pdf.furniture import kept_lines
from plans.parsing._pdf.layer import page_text, text_lines
from plans.parsing._pdf.model import PdfError, PdfLimits, PdfText
from plans.parsing._pdf.ocr import ocr_available, ocr_pages, page_ranges
from plans.parsing.model import Message, gettext_noop

__all__ = ["PdfError", "PdfLimits", "PdfText", "ocr_available", "pages_needing_ocr", "pdf_text"]

_PASSWORD = 4  # pdfium's FPDF_ERR_PASSWORD


def pdf_text(
    data: bytes,
    *,
    limits: PdfLimits | None = None,
    progress: Callable[[int, int], None] | None = None,
    recognised: dict[int, list[str]] | None = None,
) -> PdfText:
    """The text of a PDF's pages as lines, read from its text layer or by OCR.

    ``progress(done, total)`` is called after each page OCR reads; ``recognised`` holds the
    lines an earlier reading of the same file got by OCR (``PdfText.recognised``), which are
    taken as they are instead of running OCR again.
    """
    import pypdfium2 as pdfium

    limits = limits or PdfLimits()
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PdfError(_unopened(exc)) from exc
    try:
        count = len(document)
        if count == 0:
            raise PdfError(
                Message(gettext_noop("这个 PDF 文件没有页面：请确认选对了文件，或重新下载。"))
            )
        if count > limits.max_pages:
            raise PdfError(
                Message(
                    gettext_noop(
                        "这个 PDF 有 %(count)s 页，超过可读的 %(limit)s 页"
                        "（DUIZHAO_PDF_MAX_PAGES）：请拆分它，或确认选对了文件。"
                    ),
                    count=f"{count:,}",
                    limit=f"{limits.max_pages:,}",
                )
            )
        created = _creation_date(document)
        pages = [page_text(document, i) for i in range(count)]
        unread = [i for i, (text, _, _) in enumerate(pages) if text is None]
        # Keys may come back from JSON as strings ("3").
        known = {int(page) - 1: list(lines) for page, lines in (recognised or {}).items()}
        ocr_text = {i: known[i] for i in unread if i in known}
        if still := [i for i in unread if i not in known]:
            ocr_text |= ocr_pages(document, still, pages, limits, progress)
    finally:
        document.close()
    lines_by_page = [
        ocr_text.get(i) or text_lines(text or "") for i, (text, _, _) in enumerate(pages)
    ]
    text, spans, reaching, at = "", [], set(), 0
    for i, kept in enumerate(kept_lines(lines_by_page)):
        at_margin = pages[i][2] if i not in ocr_text else None
        chunk_start = at
        for j in kept:
            at += len(lines_by_page[i][j]) + 1
            if at_margin and at_margin[j]:
                reaching.add(at - 1)
        chunk = "".join(lines_by_page[i][j] + "\n" for j in kept)
        if i in ocr_text:
            spans.append((chunk_start, at))
        text += chunk
    scanned = len(ocr_text) == count  # no page of it has a text layer to import from
    notes = [
        Message(
            gettext_noop(
                "PDF 文件（%(pages)s 页）：全是扫描页，按 OCR 识别的文字导入，"
                "已去除页眉、页脚和页码，断行已重新接上。"
            )
            if scanned
            else gettext_noop(
                "PDF 文件（%(pages)s 页）：按文字层导入，已去除页眉、页脚和页码，断行已重新接上。"
            ),
            pages=count,
        )
    ]
    if any(fixed for _, fixed, _ in pages):
        notes.append(
            Message(
                gettext_noop(
                    "PDF 文字层把部分汉字存为部首字符（如 ⾰ 代 革）：已按 Unicode 规范还原。"
                )
            )
        )
    if ocr_text:
        numbers = sorted(i + 1 for i in ocr_text)
        notes.append(
            Message(
                gettext_noop(
                    "第 %(pages)s 页没有可用的文字层（扫描件），文字由 OCR 识别，未经核对，"
                    "可能有错字：请对照原件。"
                ),
                pages=page_ranges(numbers),
            )
        )
    return PdfText(
        text=text,
        pages=count,
        ocr_pages=[i + 1 for i in sorted(ocr_text)],
        ocr_spans=spans,
        notes=notes,
        created=created,
        recognised={i + 1: ocr_text[i] for i in sorted(ocr_text)},
        reaching=frozenset(reaching),
    )


def _creation_date(document) -> date | None:
    """The PDF's CreationDate (D:20241231030742Z), None when absent or malformed."""
    try:
        stamp = document.get_metadata_dict().get("CreationDate", "")
    except Exception:  # a damaged Info dictionary leaves the text readable
        return None
    m = re.match(r"D?:?(\d{4})(\d{2})(\d{2})", stamp or "")
    try:
        return date(*map(int, m.groups())) if m else None
    except ValueError:
        return None


def pages_needing_ocr(data: bytes, *, limits: PdfLimits | None = None) -> list[int]:
    """The 1-based numbers of the pages OCR would read (no text layer, or an unreadable one),
    found without reading any; [] for a PDF refused before OCR (damaged, too many pages), whose
    reason ``pdf_text`` gives."""
    import pypdfium2 as pdfium

    limits = limits or PdfLimits()
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return []
    try:
        count = len(document)
        if count > limits.max_pages:
            return []
        return [i + 1 for i in range(count) if page_text(document, i)[0] is None]
    finally:
        document.close()


def _unopened(exc) -> Message:
    """Why pdfium could not open a file that starts as a PDF: a password, or damage."""
    if getattr(exc, "err_code", None) == _PASSWORD:
        return Message(
            gettext_noop("这个 PDF 文件有密码保护：请去掉密码（或打印成新的 PDF）后再导入。")
        )
    return Message(
        gettext_noop(
            "这个 PDF 文件已损坏或不完整，无法打开：请用 PDF 阅读器打开它确认，重新下载或"
            "另存为 PDF 后再导入。"
        )
    )
