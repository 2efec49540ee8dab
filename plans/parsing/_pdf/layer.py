"""A page's text layer read with pypdfium2 in reading order, look-alike radicals repaired; None
for a page that must be read by OCR (a scan, or a garbled layer)."""

from __future__ import annotations

import re
import unicodedata

from plans.parsing._pdf.garbled import signs_for_ideographs, unreadable

_RADICALS = re.compile(r"[\u2e80-\u2fdf]")
_MIN_TEXT = 20  # characters: a page with fewer and an image on it is a scan


def page_text(document, index: int) -> tuple[str | None, bool, tuple[bool, ...] | None]:
    """(a page's text layer with radicals repaired, or None when it must be read by OCR;
    whether radicals were repaired; for each of its ``text_lines``, whether it reaches the
    page's right margin, or None when the layer's positions cannot tell)."""
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            text, reaching = _in_reading_order(textpage)
        finally:
            textpage.close()
    finally:
        page.close()
    printed = re.sub(r"\s", "", text)
    if len(printed) < _MIN_TEXT and _has_image(document, index):
        return None, False, None
    if printed and unreadable(printed):
        return None, False, None
    if len(printed) >= _MIN_TEXT and signs_for_ideographs(printed):
        return None, False, None
    repaired = repair_radicals(text)
    if reaching is not None and len(reaching) != len(text_lines(repaired)):
        reaching = None
    return repaired, repaired != text, reaching


def _in_reading_order(textpage) -> tuple[str, tuple[bool, ...] | None]:
    """The page's lines top to bottom, and whether each reaches the right margin: a block the
    content stream draws after the text below it (a browser-printed page draws the site's facts
    panel last, above the title) goes back above it. Blocks side by side (columns) keep the
    stream's order."""
    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():  # characters outside the BMP: offsets differ
        return text, None
    # Lines with their top, bottom and right edge.
    blocks: list[list[tuple[str, float, float, float]]] = []
    at = 0
    for line in re.split(r"(?<=\r\n)", text):
        printed = [i for i in range(at, at + len(line)) if not line[i - at].isspace()]
        at += len(line)
        if not printed:
            continue
        box = textpage.get_charbox(printed[0])
        top, bottom = box[3], box[1]
        right = textpage.get_charbox(printed[-1])[2]
        # A line that starts above the one before it starts a new block.
        if not blocks or top > blocks[-1][-1][1] + 1:
            blocks.append([])
        blocks[-1].append((line.rstrip("\r\n"), top, bottom, right))
    ordered: list[list[tuple[str, float, float, float]]] = []
    for block in blocks:
        bottom = min(line[2] for line in block)
        above = next(
            (k for k, other in enumerate(ordered) if bottom > max(line[1] for line in other)),
            None,
        )
        ordered.insert(len(ordered) if above is None else above, block)
    lines = [line for block in ordered for line in block]
    return "\n".join(line[0] for line in lines), _reaching_margin(lines)


_AT_MARGIN = 3  # lines that end at the right margin on a page of prose, at the least


def _reaching_margin(lines: list[tuple[str, float, float, float]]) -> tuple[bool, ...]:
    """Whether each line ends within half a character of the page's right margin: where the
    third line from the right ends (a line or two, a URL or a wide table row, may run past it).

    A line that fills the measure is set out to the margin, however many characters it holds:
    a paragraph's first line loses its indent, a justified line spreads 25 characters over 26
    squares, a half-width sign or a figure's gaps take less than a square.
    """
    rights = sorted((line[3] for line in lines), reverse=True)
    if len(rights) < _AT_MARGIN:
        return tuple(False for _ in lines)
    margin = rights[_AT_MARGIN - 1]
    heights = sorted(line[1] - line[2] for line in lines)
    half = heights[len(heights) // 2] / 2
    return tuple(line[3] >= margin - half for line in lines)


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


def text_lines(text: str) -> list[str]:
    return [line.rstrip() for line in re.split(r"\r\n|\r|\n", text) if line.strip()]
