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
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from plans.parsing.model import Message, gettext_noop

OCR_LANGUAGE = "chi_sim"
_RADICALS = re.compile(r"[\u2e80-\u2fdf]")
# Characters that stand for no glyph a reader sees: the Private Use Area and U+FFFD.
_UNREADABLE = re.compile(r"[\ue000-\uf8ff\ufffd]")
_UNREADABLE_SHARE = 0.05  # of a page's characters; real pages have none or a stray bullet
# Word writes the boxes and bullets of its symbol fonts (Wingdings' box, Symbol's dot) as
# U+F020-U+F0FF: standing alone on a page that reads as words they are a form's marks, not words
# lost (a form page of 长乐区's ticks 20 boxes, 4.9% of its characters); words come in runs.
_SYMBOL_MARK = re.compile(r"(?<![\ue000-\uf8ff\ufffd])[\uf020-\uf0ff](?![\ue000-\uf8ff\ufffd])")
# A font whose CID map numbers its glyphs from 1 turns ideographs into ASCII punctuation, Latin
# letters and Latin-1 signs (!"#$%&'()*+,-./01…): a page of few ideographs where such signs,
# which Chinese text and even a table of figures use sparingly, are a large share.
_IDEOGRAPH = re.compile(r"[\u3400-\u9fff]")
_STRAY_SIGN = re.compile(r"[!-/:-@\[-`{-~\x7f-\xff]")
_FEW_IDEOGRAPHS = 0.2
_SIGN_SHARE = 0.3
# A figure's own point, sign, separators and per cent (-0.6%, 2021-12-31, 1,234.5) are the
# figure's, not stray signs: a table of rates (盐田区 12.5% 13.1% -0.6%) is few ideographs and
# two fifths such signs.
_FIGURE = re.compile(r"[-+]?\d+(?:[.,:/-]\d+)*[%‰]?")
_MIN_TEXT = 20  # characters: a page with fewer and an image on it is a scan
_EDGE = 3  # lines at the top and at the bottom of a page where furniture sits
_PAGE_NUMBER = re.compile(
    r"^[-—－–~\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*[,，]?\s*共\s*\d{1,4}\s*页)?"
    r"[-—－–~\s]*$"
)
# Between two ideographs (or an ideograph and full-width punctuation) OCR puts spaces Chinese
# text does not have.
_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]"
_OCR_SPACE = re.compile(rf"(?<={_CJK})[ \t]+(?={_CJK})")
_DPI = 300
# A page rendered for OCR is at most this many pixels (a grey byte each): a page declared a
# few metres wide is rendered smaller, not allocated whole.
MAX_PIXELS = 40_000_000
_PASSWORD = 4  # pdfium's FPDF_ERR_PASSWORD


class PdfError(ValueError):
    """A PDF that can't be read as a plan; its one argument, a Message, says what to do."""


@dataclass(frozen=True)
class PdfLimits:
    """Bounds on the work one PDF may cause (the importer fills them from settings)."""

    max_pages: int = 500  # pages in the file, read or not
    ocr: bool = True  # whether scanned or unreadable pages are read by OCR
    ocr_max_pages: int = 30
    ocr_seconds: float = 600.0  # for all OCR of one file


@dataclass
class PdfText:
    text: str  # the pages' lines, furniture left out, one line per printed line
    pages: int
    ocr_pages: list[int] = field(default_factory=list)  # 1-based numbers of pages read by OCR
    ocr_spans: list[tuple[int, int]] = field(default_factory=list)  # their offsets in ``text``
    notes: list[str] = field(default_factory=list)
    created: date | None = None  # the file's CreationDate: when it was made, not issued
    # The lines OCR read on each page it read (1-based), to be given back to read the same file
    # again without OCR (an import confirmed after its preview).
    recognised: dict[int, list[str]] = field(default_factory=dict)


def ocr_available() -> bool:
    """Whether the tesseract binary and its Chinese model are installed."""
    if not shutil.which("tesseract"):
        return False
    try:
        out = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return OCR_LANGUAGE in out.stdout.split()


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
        pages = [_page_text(document, i) for i in range(count)]
        unread = [i for i, (text, _) in enumerate(pages) if text is None]
        # Keys may come back from JSON as strings ("3").
        known = {int(page) - 1: list(lines) for page, lines in (recognised or {}).items()}
        ocr_text = {i: known[i] for i in unread if i in known}
        if still := [i for i in unread if i not in known]:
            ocr_text |= _ocr_pages(document, still, pages, limits, progress)
    finally:
        document.close()
    lines_by_page = [ocr_text.get(i) or _lines(text or "") for i, (text, _) in enumerate(pages)]
    lines_by_page = _without_furniture(lines_by_page)
    text, spans, at = "", [], 0
    for i, lines in enumerate(lines_by_page):
        chunk = "".join(line + "\n" for line in lines)
        if i in ocr_text:
            spans.append((at, at + len(chunk)))
        text += chunk
        at += len(chunk)
    notes = [
        Message(
            gettext_noop(
                "PDF 文件（%(pages)s 页）：按文字层导入，已去除页眉、页脚和页码，断行已重新接上。"
            ),
            pages=count,
        )
    ]
    if any(fixed for _, fixed in pages):
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
                pages=_ranges(numbers),
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
        return [i + 1 for i in range(count) if _page_text(document, i)[0] is None]
    finally:
        document.close()


def _page_text(document, index: int) -> tuple[str | None, bool]:
    """(a page's text layer with radicals repaired, or None when it must be read by OCR;
    whether radicals were repaired)."""
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            text = _in_reading_order(textpage)
        finally:
            textpage.close()
    finally:
        page.close()
    printed = re.sub(r"\s", "", text)
    if len(printed) < _MIN_TEXT and _has_image(document, index):
        return None, False
    if printed and _unreadable(printed):
        return None, False
    if len(printed) >= _MIN_TEXT and _signs_for_ideographs(printed):
        return None, False
    repaired = repair_radicals(text)
    return repaired, repaired != text


def _unreadable(printed: str) -> bool:
    """Whether a page's text is Private Use or replacement characters standing for its words."""
    marks = len(_UNREADABLE.findall(printed))
    if len(_IDEOGRAPH.findall(printed)) / len(printed) >= _FEW_IDEOGRAPHS:
        marks -= len(_SYMBOL_MARK.findall(printed))
    return marks / len(printed) > _UNREADABLE_SHARE


def _signs_for_ideographs(printed: str) -> bool:
    """Whether a page's text is glyph numbers read as ASCII and Latin-1 signs, not words."""
    if len(_IDEOGRAPH.findall(printed)) / len(printed) >= _FEW_IDEOGRAPHS:
        return False
    words = _FIGURE.sub(lambda m: re.sub(r"\D", "", m.group()), printed)
    return len(_STRAY_SIGN.findall(words)) / len(printed) > _SIGN_SHARE


def _in_reading_order(textpage) -> str:
    """The page's lines top to bottom: a block the content stream draws after the text below
    it (a browser-printed page draws the site's facts panel last, above the title) goes back
    above it. Blocks side by side (columns) keep the stream's order."""
    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():  # characters outside the BMP: offsets differ
        return text
    blocks: list[list[tuple[str, float, float]]] = []  # lines with their top and bottom
    at = 0
    for line in re.split(r"(?<=\r\n)", text):
        box = next(
            (
                textpage.get_charbox(i)
                for i in range(at, at + len(line))
                if not line[i - at].isspace()
            ),
            None,
        )
        at += len(line)
        if box is None:
            continue
        top, bottom = box[3], box[1]
        # A line that starts above the one before it starts a new block.
        if not blocks or top > blocks[-1][-1][1] + 1:
            blocks.append([])
        blocks[-1].append((line.rstrip("\r\n"), top, bottom))
    ordered: list[list[tuple[str, float, float]]] = []
    for block in blocks:
        bottom = min(b for _, _, b in block)
        above = next(
            (k for k, other in enumerate(ordered) if bottom > max(t for _, t, _ in other)), None
        )
        ordered.insert(len(ordered) if above is None else above, block)
    return "\n".join(line for block in ordered for line, _, _ in block)


# Radicals of the CJK Radicals Supplement that NFKC leaves alone, though PDFs use them for the
# simplified ideographs they look like (意⻅, ⼈⺠, 部⻔).
_SIMPLIFIED_RADICALS = str.maketrans(
    "⺠⻄⻅⻆⻉⻋⻓⻔⻘⻚⻛⻜⻝⻢⻣⻥⻦⻨⻩⻬⻮⻰",
    "民西见角贝车长门青页风飞食马骨鱼鸟麦黄齐齿龙",
)


def repair_radicals(text: str) -> str:
    """Kangxi and CJK radicals turned into the ideographs they stand for, nothing else:
    ``⾰命⽂物（2018）的意⻅`` -> ``革命文物（2018）的意见``."""
    text = text.translate(_SIMPLIFIED_RADICALS)
    return _RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _has_image(document, index: int) -> bool:
    import pypdfium2.raw as raw

    page = document[index]
    try:
        return any(obj.type == raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2))
    finally:
        page.close()


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in re.split(r"\r\n|\r|\n", text) if line.strip()]


def _without_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Each page's lines without its running header and footer: a page-number line at either
    end, and a line at either end that comes back (digits aside) on at least half the pages."""

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))

    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({key(line) for line in lines[:_EDGE] + lines[-_EDGE:]})
    repeated = max(2, (len(pages) + 1) // 2) if len(pages) >= 3 else len(pages) + 1
    out = []
    for lines in pages:
        n = len(lines)

        def furniture(j: int, line: str, n: int = n) -> bool:
            at_edge = j < _EDGE or j >= n - _EDGE
            return at_edge and (bool(_PAGE_NUMBER.match(line)) or seen[key(line)] >= repeated)

        out.append([line for j, line in enumerate(lines) if not furniture(j, line)])
    return out


def _ocr_pages(document, unread, pages, limits, progress) -> dict[int, list[str]]:
    """The lines OCR reads on the pages ``unread``, within the page and time caps."""
    blank = all(not (pages[i][0] or "").strip() for i in unread)
    what = (
        Message(gettext_noop("扫描页（图片，没有文字）"))
        if blank
        else Message(gettext_noop("文字无法读取的页"))
    )
    numbers = _ranges([i + 1 for i in unread])
    if not limits.ocr:
        raise PdfError(
            Message(
                gettext_noop(
                    "第 %(pages)s 页是%(what)s，需要 OCR，但这里关闭了 OCR：请导入规划的文字版本"
                    "（网页或 Word 文件），或开启 OCR 后再导入。"
                ),
                pages=numbers,
                what=what,
            )
        )
    if not ocr_available():
        raise PdfError(
            Message(
                gettext_noop(
                    "第 %(pages)s 页是%(what)s，需要 OCR，但没有安装 tesseract 及其中文模型"
                    "（apt-get install tesseract-ocr tesseract-ocr-chi-sim）：请安装，或导入规划的"
                    "文字版本。"
                ),
                pages=numbers,
                what=what,
            )
        )
    if len(unread) > limits.ocr_max_pages:
        raise PdfError(
            Message(
                gettext_noop(
                    "有 %(count)s 页是%(what)s，超过 OCR 可读的 %(limit)s 页"
                    "（DUIZHAO_OCR_MAX_PAGES）：请导入规划的文字版本、拆分 PDF，或调高上限。"
                ),
                count=len(unread),
                what=what,
                limit=limits.ocr_max_pages,
            )
        )
    deadline = time.monotonic() + limits.ocr_seconds
    out: dict[int, list[str]] = {}
    for done, index in enumerate(unread, start=1):
        out[index] = _ocr_page(document, index, deadline, limits.ocr_seconds)
        if progress:
            progress(done, len(unread))
    return out


def _ocr_page(document, index: int, deadline: float, budget: float) -> list[str]:
    page = document[index]
    try:
        bitmap = page.render(scale=_render_scale(*page.get_size()), grayscale=True)
        image = _pgm(bitmap)
        bitmap.close()
    finally:
        page.close()
    left = deadline - time.monotonic()
    if left <= 0:
        raise _too_slow(budget)
    with tempfile.TemporaryDirectory(prefix="duizhao-ocr-") as folder:
        path = os.path.join(folder, "page.pgm")
        with open(path, "wb") as f:
            f.write(image)
        del image
        try:
            done = subprocess.run(
                ["tesseract", path, "stdout", "-l", OCR_LANGUAGE, "--psm", "6", "tsv"],
                capture_output=True,
                timeout=left,
                env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            )
        except subprocess.TimeoutExpired as exc:
            raise _too_slow(budget) from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise PdfError(
            Message(
                gettext_noop("OCR 识别第 %(page)s 页时出错（%(detail)s）：请导入规划的文字版本。"),
                page=index + 1,
                detail=" ".join(message),
            )
        )
    return _ocr_lines(done.stdout.decode("utf-8", "replace"))


# An article's label is set apart in print by bold type, which OCR does not see: 第十七条本实施…
_ARTICLE = re.compile(r"^(第[一二三四五六七八九十百零〇\d]{1,6}条)(?![\s:：])")


def _ocr_lines(tsv: str) -> list[str]:
    """The lines of tesseract's TSV output, a paragraph's indented first line starting with
    two U+3000 as printed (the text parser tells paragraphs by them), an indented article
    label followed by one."""
    lines: dict[tuple[str, str, str], list[tuple[int, int, str]]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) == 12 and cells[0] == "5" and cells[11].strip():
            key = (cells[2], cells[3], cells[4])
            lines.setdefault(key, []).append((int(cells[6]), int(cells[9]), cells[11].strip()))
    if not lines:
        return []
    heights = sorted(h for words in lines.values() for _, h, _ in words)
    size = heights[len(heights) // 2]  # a character's height, about its width in Chinese
    margin = min(words[0][0] for words in lines.values())
    out = []
    for words in lines.values():
        text = _OCR_SPACE.sub("", " ".join(word for _, _, word in words))
        if words[0][0] - margin > 1.2 * size:
            text = "\u3000\u3000" + _ARTICLE.sub("\\1\u3000", text)
        out.append(text)
    return out


def _render_scale(width: float, height: float) -> float:
    """Pixels per point to render a page for OCR: 300 dpi, less for a page so large that it
    would take more than MAX_PIXELS."""
    return min(_DPI / 72, (MAX_PIXELS / max(width * height, 1.0)) ** 0.5)


def _pgm(bitmap) -> bytes:
    """A greyscale bitmap as a binary PGM (tesseract reads it; no imaging library needed)."""
    buffer = memoryview(bitmap.buffer)
    row = bitmap.width * bitmap.n_channels
    if bitmap.stride == row:
        pixels = bytes(buffer[: row * bitmap.height])
    else:
        pixels = b"".join(
            bytes(buffer[y * bitmap.stride : y * bitmap.stride + row]) for y in range(bitmap.height)
        )
    return b"P5 %d %d 255\n" % (bitmap.width, bitmap.height) + pixels


def _too_slow(budget: float) -> PdfError:
    return PdfError(
        Message(
            gettext_noop(
                "OCR 用时超过了每个文件允许的 %(seconds)s 秒（DUIZHAO_OCR_MAX_SECONDS）：请导入"
                "规划的文字版本、拆分 PDF，或调高上限。"
            ),
            seconds=f"{budget:.0f}",
        )
    )


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


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5 -> "1-3, 5"."""
    out, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            out.append(str(start) if start == n else f"{start}-{n}")
            start = None
    return ", ".join(out)
