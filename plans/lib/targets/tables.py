"""Baselines stated in an indicator table (指标表): a column of indicators, a column of the
base year's figures (2025年完成值, 现状值, 基期) and one of targets (2030年目标值, 预期值).

The parser gives a table's rows as lines of cells (full-width spaces between). A row whose
leading cells span several rows (类别) is printed with fewer cells: its cells are counted from
the right. The 属性 column (预期性/约束性) is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plans.lib.targets.reading import _simplify
from plans.lib.targets.records import Baseline, SectionText

_CELLS = re.compile(r"\t|\u3000+| {2,}|\|")
_INDICATOR = re.compile(r"^(?:主要)?指标(?:名称)?$")
_UNIT = re.compile(r"^(?:计量)?单位$")
_YEAR = re.compile(r"((?:19|20)\d{2})年?")
_BASE = re.compile(r"(?:完成值|现状值|基期值?|基数|实际值|基准值|现状)$")
_GOAL = re.compile(r"(?:目标值?|预期值?|规划值)$")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.]|\s*年)")
_ROW_NUMBER = re.compile(r"^\d{1,3}[.．、]\s*")
_UNIT_IN_NAME = re.compile(r"[（(]([^（）()]{1,8})[）)]$")


@dataclass(frozen=True)
class TableRow:
    indicator: str  # simplified, without its row number or footnote mark
    unit: str
    base: float | None
    base_year: int | None
    goal: float | None
    text: str  # the row as printed


def indicator_rows(sections: list[SectionText]) -> list[TableRow]:
    """Every row of the plan's indicator tables that states a base figure."""
    rows: list[TableRow] = []
    for section in sections:
        columns: dict[str, int] | None = None
        width = 0
        for line in section.body.splitlines():
            cells = _cells(line)
            header = _header(cells)
            if header is not None:
                columns, width = header, len(cells)
                continue
            if columns is None or len(cells) < 3 or len(cells) > width:
                columns = None if len(cells) < 3 else columns
                continue
            cells = [""] * (width - len(cells)) + cells  # leading cells spanned from above
            row = _row(cells, columns, line)
            if row is not None:
                rows.append(row)
    return rows


def table_baseline(indicator: str, value: float | None, rows: list[TableRow]) -> Baseline | None:
    """The base figure of the row that names ``indicator`` exactly, when its target agrees."""
    name = _name(indicator)
    for row in rows:
        if row.indicator != name or row.base is None:
            continue
        if row.goal is not None and value is not None and row.goal != value:
            continue
        return Baseline(row.base, row.unit, row.base_year, "", _simplify(row.text))
    return None


def _cells(line: str) -> list[str]:
    return [c.strip() for c in _CELLS.split(line.strip()) if c.strip()]


def _header(cells: list[str]) -> dict[str, int] | None:
    """Column -> index of a header row naming an indicator, a base and a target column."""
    columns: dict[str, int] = {}
    for i, cell in enumerate(cells):
        cell = re.sub(r"\s+", "", _simplify(cell))
        if _INDICATOR.match(cell):
            columns.setdefault("indicator", i)
        elif _UNIT.match(cell):
            columns.setdefault("unit", i)
        elif _BASE.search(cell):
            columns.setdefault("base", i)
            year = _YEAR.match(cell)
            columns.setdefault("base_year", int(year.group(1)) if year else 0)
        elif _GOAL.search(cell):
            columns.setdefault("goal", i)
    if {"indicator", "base", "goal"} <= columns.keys():
        return columns
    return None


def _row(cells: list[str], columns: dict[str, int], line: str) -> TableRow | None:
    name = _ROW_NUMBER.sub("", cells[columns["indicator"]])
    unit = cells[columns["unit"]] if "unit" in columns else ""
    m = _UNIT_IN_NAME.search(name)
    if m and not unit:
        name, unit = name[: m.start()], m.group(1)
    base = _figure(cells[columns["base"]])
    if not name or base is None:
        return None
    return TableRow(
        indicator=_name(name),
        unit=unit.strip(),
        base=base,
        base_year=columns["base_year"] or None,
        goal=_figure(cells[columns["goal"]]),
        text=line.strip(),
    )


def _figure(cell: str) -> float | None:
    """The one figure a cell states ("“十四五”年均增长4.0" -> 4.0); None for none or for
    several ("8358/244", "2021-2024年累计降低8.2" names its own years)."""
    if "/" in cell or re.search(r"\d{4}\s*[-—－至]\s*\d{4}", cell):
        return None
    numbers = _NUMBER.findall(cell.replace("“", "").replace("”", ""))
    return float(numbers[-1]) if len(numbers) == 1 else None


def _name(indicator: str) -> str:
    return re.sub(r"[“”\"'‘’「」『』\s*＊]", "", _simplify(indicator))
