"""Chinese numerals in headings, counters and dates: one reader and one writer. Pure.

``read_numeral("二十一") == 21``; ``write_numeral(105) == "一百零五"``.
"""

from __future__ import annotations

import re
import unicodedata

# 〇 (U+3007), ○ (a circle) and Ｏ (a full-width letter) all stand for zero in typed dates.
_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "两": 2} | {
    c: n + 1 for n, c in enumerate("一二三四五六七八九")
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_WRITTEN = "〇一二三四五六七八九"


def read_numeral(text: str) -> int | None:
    """The value of a numeral written in Chinese or in (full-width) digits, or None.

    Counting numerals (二十一, 一百零五, 两) and digit strings as dates write years (二〇二一)
    both read: ``read_numeral("十九") == 19``, ``read_numeral("二〇二一") == 2021``.
    """
    text = text.strip()
    ascii_digits = unicodedata.normalize("NFKC", text)
    if re.fullmatch(r"[0-9]+", ascii_digits):
        return int(ascii_digits)
    if not text or any(c not in _DIGITS and c not in _UNITS for c in text):
        return None
    if not any(c in _UNITS for c in text):
        return int("".join(str(_DIGITS[c]) for c in text))
    return _counted(text)


def write_numeral(n: int) -> str:
    """一, 十, 十一, 二十, 一百零五, 一百一十: how a heading or Word's chineseCounting writes n."""
    if not 0 <= n < 1000:
        raise ValueError(f"write_numeral takes 0 to 999, not {n}")
    if n < 10:
        return _WRITTEN[n]
    if n < 20:
        return "十" + (_WRITTEN[n % 10] if n % 10 else "")
    if n < 100:
        return _WRITTEN[n // 10] + "十" + (_WRITTEN[n % 10] if n % 10 else "")
    rest = n % 100
    if not rest:
        tail = ""
    elif rest < 10:
        tail = "零" + _WRITTEN[rest]
    else:
        tail = ("一" if rest < 20 else "") + write_numeral(rest)
    return _WRITTEN[n // 100] + "百" + tail


def write_digits(n: int) -> str:
    """二〇二一: a number digit by digit, as dates and Word's ideographDigital write it."""
    return "".join(_WRITTEN[int(d)] for d in str(n))


def _counted(text: str) -> int | None:
    """二十一, 一百零五, 十: digits times the unit after them; 零 only holds a place."""
    total, pending, last_unit = 0, None, 10_000
    for c in text:
        if c in _UNITS:
            unit = _UNITS[c]
            if unit >= last_unit or pending == 0:
                return None  # 十百, 零十: not a number
            total += (1 if pending is None else pending) * unit
            pending, last_unit = None, unit
        elif pending:
            return None  # two digits in a row (二三十) outside a digit string
        else:
            pending = _DIGITS[c]
    return total + (pending or 0)
