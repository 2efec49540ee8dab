"""Cells safe to open in a spreadsheet: the one rule every CSV and Excel export goes through.

A cell that starts with = + - @ (or a tab or carriage return, which some programs skip before
reading the rest) is run as a formula by Excel, LibreOffice and WPS ("CSV injection"); openpyxl
also stores any text starting with "=" as a formula. Such text is written with a leading
apostrophe, as text. Exports write through ``write_csv`` and ``append_row`` rather than calling
``csv.writer`` or ``sheet.append`` themselves, so no export can forget the rule.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

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


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]


def write_csv(stream, rows: Iterable[Iterable]) -> None:
    """``rows`` as UTF-8 CSV with a BOM (spreadsheet programs read UTF-8 right only with one)."""
    stream.write("\ufeff")
    csv.writer(stream).writerows(map(safe_row, rows))


def append_row(sheet, row: Iterable) -> None:
    """``row`` appended to an openpyxl worksheet, no text of it a formula."""
    sheet.append(safe_row(row))
