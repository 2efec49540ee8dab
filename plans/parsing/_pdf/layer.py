"""A page's text layer read with pypdfium2 in reading order, look-alike radicals repaired; None
for a page that must be read by OCR (a scan, or a garbled layer)."""

from __future__ import annotations

import re
import unicodedata

from plans.parsing._pdf.garbled import signs_for_ideographs, unreadable

_RADICALS = re.compile(r"[\u2e80-\u2fdf]")
_MIN_TEXT = 20  # characters: a page with fewer and an image on it is a scan


def page_text(document, index: int) -> tuple[str | None, bool]:
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
    if printed and unreadable(printed):
        return None, False
    if len(printed) >= _MIN_TEXT and signs_for_ideographs(printed):
        return None, False
    repaired = repair_radicals(text)
    return repaired, repaired != text


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


def text_lines(text: str) -> list[str]:
    return [line.rstrip() for line in re.split(r"\r\n|\r|\n", text) if line.strip()]
