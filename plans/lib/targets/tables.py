"""Baselines stated in an indicator table (指标表): a column of indicators, a column of the
base year's figures (2025年完成值, 现状值, 基期) and one of targets (2030年目标值, 预期值).

The parser gives a table's rows as lines of cells (full-width spaces between). A row whose
leading cells span several rows (类别) is printed with fewer cells: its cells are counted from
the right. The 属性 column (预期性/约束性) is not read. A row whose target the text does not
state in words is a target of its own, with its base figure as its baseline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from plans.lib.targets.reading import _simplify
from plans.lib.targets.records import Baseline, SectionText, Target
from plans.lib.targets.vocabulary import indicator_key

_CELLS = re.compile(r"\t|\u3000+| {2,}|\|")
_INDICATOR = re.compile(r"^(?:主要)?指标(?:名称)?$")
_UNIT = re.compile(r"^(?:计量)?单位$")
_YEAR = re.compile(r"((?:19|20)\d{2})年?")
_BASE = re.compile(r"(?:完成值|现状值|基期值?|基数|实际值|基准值|现状)$")
_GOAL = re.compile(r"(?:目标值?|预期值?|规划值)$")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.]|\s*年)")
_ROW_NUMBER = re.compile(r"^\d{1,3}[.．、]\s*")
_SAME_NAME = 0.8  # as the look back's figures are matched to targets (baselines.py)
_COMPARATORS = (
    ("左右", "左右"),
    ("≥", "不低于"),
    ("≤", "不超过"),
    ("以上", "以上"),
    ("以内", "以内"),
)
_UNIT_IN_NAME = re.compile(r"[（(]([^（）()]{1,8})[）)]$")


@dataclass(frozen=True)
class TableRow:
    indicator: str  # simplified, without its row number or footnote mark
    unit: str
    base: float | None
    base_year: int | None
    goal: float | None
    goal_year: int | None
    comparator: str  # of the target cell: 左右, 不低于 (≥), 不超过 (≤), 以上, or 达到
    text: str  # the row as printed
    start: int  # offsets of ``text`` in its section's body
    end: int
    section_id: int


def indicator_rows(sections: list[SectionText]) -> list[TableRow]:
    """Every row of the plan's indicator tables that states a base figure."""
    rows: list[TableRow] = []
    for section in sections:
        columns: dict[str, int] | None = None
        width = 0
        for m in re.finditer(r"[^\n]+", section.body):
            cells = _cells(m.group())
            header = _header(cells)
            if header is not None:
                columns, width = header, len(cells)
                continue
            if columns is None or len(cells) < 3 or len(cells) > width:
                columns = None if len(cells) < 3 else columns
                continue
            cells = [""] * (width - len(cells)) + cells  # leading cells spanned from above
            row = _row(cells, columns, m, section.id)
            if row is not None:
                rows.append(row)
    return rows


def table_targets(rows: list[TableRow], stated: list[Target]) -> list[Target]:
    """A target for each row that states one, unless the text ``stated`` it in words."""
    found = []
    for row in rows:
        if row.goal is None or any(_stated_as(row, t) for t in stated):
            continue
        found.append(
            Target(
                indicator=row.indicator,
                indicator_key=indicator_key(row.indicator),
                value=row.goal,
                unit=row.unit,
                comparator=row.comparator,
                deadline=f"{row.goal_year}年" if row.goal_year else "",
                deadline_year=row.goal_year,
                scope="",
                text=row.text,
                start=row.start,
                end=row.end,
                section_id=row.section_id,
            )
        )
    return found


def table_baseline(t: Target, rows: list[TableRow]) -> Baseline | None:
    """The base figure of the row that states ``t``, when the row's target agrees with it."""
    for row in rows:
        if row.base is None or not _stated_as(row, t):
            continue
        if row.goal is not None and t.value is not None and row.goal != t.value:
            continue
        return Baseline(row.base, row.unit, row.base_year, "", _simplify(row.text))
    return None


def _stated_as(row: TableRow, t: Target) -> bool:
    """The text states the row's target: the same indicator, or one worded a little
    differently (经费投入 for 经费支出) with the row's figure."""
    name = _name(t.indicator)
    if name == row.indicator:
        return True
    similar = SequenceMatcher(None, name, row.indicator).ratio() >= _SAME_NAME
    return similar and t.value == row.goal and t.unit == row.unit


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
            year = _YEAR.match(cell)
            columns.setdefault("goal_year", int(year.group(1)) if year else 0)
    if {"indicator", "base", "goal"} <= columns.keys():
        return columns
    return None


def _row(
    cells: list[str], columns: dict[str, int], m: re.Match, section_id: int
) -> TableRow | None:
    name = _ROW_NUMBER.sub("", cells[columns["indicator"]])
    unit = cells[columns["unit"]] if "unit" in columns else ""
    inside = _UNIT_IN_NAME.search(name)
    if inside and not unit:
        name, unit = name[: inside.start()], inside.group(1)
    base = _figure(cells[columns["base"]])
    if not name or base is None:
        return None
    goal = cells[columns["goal"]]
    text = m.group().strip()
    start = m.start() + m.group().index(text)
    return TableRow(
        indicator=_name(name),
        unit="" if unit.strip() in ("—", "-", "/") else unit.strip(),
        base=base,
        base_year=columns["base_year"] or None,
        goal=_figure(goal),
        goal_year=columns.get("goal_year") or None,
        comparator=next((w for k, w in _COMPARATORS if k in goal), "达到"),
        text=text,
        start=start,
        end=start + len(text),
        section_id=section_id,
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
