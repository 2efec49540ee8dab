"""Scanned and unreadable pages read by OCR: each page rendered to a greyscale bitmap and read by
Debian's ``tesseract`` (its ``chi_sim`` model) in a separate process, within the page and time
caps. The text it reads is repaired later, by plans/parsing/_ocr.py."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time

from plans.parsing._pdf.model import PdfError
from plans.parsing.model import Message, gettext_noop

OCR_LANGUAGE = "chi_sim"
# Between two ideographs (or an ideograph and full-width punctuation) OCR puts spaces Chinese
# text does not have.
_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]"
_OCR_SPACE = re.compile(rf"(?<={_CJK})[ \t]+(?={_CJK})")
_DPI = 300
# A page rendered for OCR is at most this many pixels (a grey byte each): a page declared a
# few metres wide is rendered smaller, not allocated whole.
MAX_PIXELS = 40_000_000


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


def ocr_pages(document, unread, pages, limits, progress) -> dict[int, list[str]]:
    """The lines OCR reads on the pages ``unread``, within the page and time caps."""
    blank = all(not (pages[i][0] or "").strip() for i in unread)
    what = (
        Message(gettext_noop("扫描页（图片，没有文字）"))
        if blank
        else Message(gettext_noop("文字无法读取的页"))
    )
    numbers = page_ranges([i + 1 for i in unread])
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


def page_ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5 -> "1-3, 5"."""
    out, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            out.append(str(start) if start == n else f"{start}-{n}")
            start = None
    return ", ".join(out)
