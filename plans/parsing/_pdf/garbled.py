"""Whether a page's text layer is garbled beyond repair: Private Use Area or replacement
characters, or ASCII and Latin-1 signs where the ideographs should be (glyph numbers)."""

from __future__ import annotations

import re

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


def unreadable(printed: str) -> bool:
    """Whether a page's text is Private Use or replacement characters standing for its words."""
    marks = len(_UNREADABLE.findall(printed))
    if len(_IDEOGRAPH.findall(printed)) / len(printed) >= _FEW_IDEOGRAPHS:
        marks -= len(_SYMBOL_MARK.findall(printed))
    return marks / len(printed) > _UNREADABLE_SHARE


def signs_for_ideographs(printed: str) -> bool:
    """Whether a page's text is glyph numbers read as ASCII and Latin-1 signs, not words."""
    if len(_IDEOGRAPH.findall(printed)) / len(printed) >= _FEW_IDEOGRAPHS:
        return False
    words = _FIGURE.sub(lambda m: re.sub(r"\D", "", m.group()), printed)
    return len(_STRAY_SIGN.findall(words)) / len(printed) > _SIGN_SHARE
