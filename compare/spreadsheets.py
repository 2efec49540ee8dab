"""Cells safe to open in a spreadsheet."""

from __future__ import annotations

# A cell starting with one of these is a formula in Excel, LibreOffice or WPS ("CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` as written, except text a spreadsheet would run as a formula, which gets a
    leading apostrophe (shown as text, not evaluated). Numbers stay numbers.

    >>> safe_cell("=HYPERLINK(...)"), safe_cell(-0.5), safe_cell("一、总体要求")
    ("'=HYPERLINK(...)", -0.5, '一、总体要求')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
