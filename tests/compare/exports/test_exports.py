"""Every export of every seed plan set opens as a valid file with its rows, and no cell of a
CSV or Excel export is a formula (a property over the plan sets, not one example)."""

from __future__ import annotations

import ast
import csv
import io
import json
from itertools import combinations, permutations
from pathlib import Path

import pytest
from django.urls import reverse

from compare.exports.spreadsheets import append_row, write_csv
from compare.models import SavedComparison
from compare.runs.aligning import run_alignment
from plans.importing import PlanOverrides, import_plan
from plans.models import Plan
from tests.moduledata import kept_for_the_module

SEEDS = (
    "baotou-2022-evaluation-measures",
    "hunan-13th-egov-plan",
    "jiangsu-2021-digital-gov-plan",
    "national-2022-digital-gov-opinion",
    "shanxi-2023-digital-gov-plan",
    "wangcang-2023-digital-gov-plan",
    "yunnan-2022-egov-plan",
    "yunnan-2023-digital-gov-programme",
    "yunnan-2023-programme-interpretation",
)
THREE = ("yunnan-2022-egov-plan", "hunan-13th-egov-plan", "wangcang-2023-digital-gov-plan")
# The first plan names the chapters of a comparison, so each pair is exported both ways round
# at its address; a saved link differs only in how the set is found, so once per pair.
PLAN_SETS = [*permutations(SEEDS, 2), THREE]
SAVED_SETS = [*combinations(SEEDS, 2), THREE]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HYPERLINK = '=HYPERLINK("http://x","y")'
# Two plans of one made-up place whose headings a spreadsheet would run as formulas.
SYNTHETIC = """# 测试省{era}数字政府建设规划

## 第一章 主要任务

### {hyperlink}

推进政务云平台建设，提升数据共享水平，建设一体化政务服务平台。

### @SUM(A1)

加强网络安全保障体系建设，完善数据资源目录和共享交换机制。

### {own}

{text}
"""


@pytest.fixture(scope="module")
def plan_sets(_session_seeds, django_db_blocker):
    """The seeds (committed for the session) aligned and two synthetic plans imported once for
    the module, every set saved under a short address; rolled back when the module is done."""
    with kept_for_the_module(django_db_blocker):
        plans = Plan.objects.in_bulk(field_name="slug")
        for pair in combinations(SEEDS, 2):
            run_alignment([plans[slug] for slug in pair])
        run_alignment([plans[slug] for slug in THREE])
        synthetic = [
            _import_synthetic("syn-13th", "十三五", "-1+2", "推进智慧城市建设和发展。"),
            _import_synthetic("syn-14th", "十四五", "+cmd|' /C calc'!A0", "发展数字经济新业态。"),
        ]
        run_alignment(synthetic)
        saved = {
            plan_set: SavedComparison.objects.create(plans=",".join(plan_set)).code
            for plan_set in SAVED_SETS
        }
        yield saved


def _import_synthetic(slug: str, era: str, own: str, text: str) -> Plan:
    body = SYNTHETIC.format(era=era, hyperlink=HYPERLINK, own=own, text=text)
    overrides = PlanOverrides(slug=slug, jurisdiction="测试省", level="province", era=era)
    return import_plan(data=body.encode(), source=f"{slug}.md", overrides=overrides).plan


def _coverage_pairs() -> list[tuple[str, str]]:
    """(upper, lower) of the seeds where the upper plan's place is above the lower's."""
    return [
        ("national-2022-digital-gov-opinion", lower)
        for lower in SEEDS
        if lower != "national-2022-digital-gov-opinion"
    ] + [
        ("yunnan-2022-egov-plan", "yunnan-2023-digital-gov-programme"),
        ("yunnan-2023-digital-gov-programme", "yunnan-2023-programme-interpretation"),
    ]


def _evolution_pairs() -> list[tuple[str, str]]:
    """(earlier, later) of the seeds: one place's plans in date order, and peers across eras."""
    return [
        ("yunnan-2022-egov-plan", "yunnan-2023-digital-gov-programme"),
        ("hunan-13th-egov-plan", "yunnan-2022-egov-plan"),
        ("hunan-13th-egov-plan", "jiangsu-2021-digital-gov-plan"),
        ("hunan-13th-egov-plan", "shanxi-2023-digital-gov-plan"),
        ("hunan-13th-egov-plan", "yunnan-2023-digital-gov-programme"),
    ]


# Reading each format ---------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheet programs need the BOM to read UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def _xlsx(response):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(response.content), rich_text=True).active


def _docx_table(response):
    from docx import Document

    return Document(io.BytesIO(response.content)).tables[0]


def _assert_no_formula_in_csv(lines: list[list[str]]) -> None:
    unsafe = [c for line in lines for c in line if c.startswith(FORMULA_START) and not _number(c)]
    assert not unsafe, f"CSV cells a spreadsheet would run: {unsafe[:5]}"


def _assert_no_formula_in_xlsx(sheet) -> None:
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
            if isinstance(cell.value, str) or type(cell.value).__name__ == "CellRichText":
                text = str(cell.value)
                assert not text.startswith(FORMULA_START), f"{cell.coordinate}: {text!r}"


def _number(text: str) -> bool:
    """A negative score is a number to a spreadsheet, never a formula."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def _get(client, url: str, fmt: str):
    response = client.get(url + ("&" if "?" in url else "?") + f"format={fmt}")
    assert response.status_code == 200, f"{url}?format={fmt}: {response.status_code}"
    if fmt != "json":
        assert response["Content-Disposition"].endswith(f'.{fmt}"')
    return response


# The comparison's exports ----------------------------------------------------------------------


def _compare_url(plan_set, saved, how: str) -> str:
    if how == "saved link":
        return reverse("compare:saved", args=[saved[plan_set]])
    return reverse("compare:compare") + "?plans=" + ",".join(plan_set)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "plan_set,how",
    [(s, "address") for s in PLAN_SETS] + [(s, "saved link") for s in SAVED_SETS],
    ids=lambda value: "+".join(value) if isinstance(value, tuple) else value,
)
def test_every_comparison_exports_to_json_csv_word_and_excel_with_its_rows(
    client, plan_sets, plan_set, how
):
    url = _compare_url(plan_set, plan_sets, how)
    data = json.loads(_get(client, url, "json").content)
    assert [p["slug"] for p in data["plans"]] == list(plan_set)
    rows = data["rows"]
    assert rows, "a comparison of two seed plans has rows"
    placed = sum(
        len(cell["sections"]) + len(cell["also"]) for row in rows for cell in row["cells"].values()
    )

    lines = _csv(_get(client, url, "csv"))
    assert lines[0] == [
        *("行", "规划", "短名", "编号", "标题", "正文", "得分", "状态", "位置", "责任与时限"),
        *("说明", "行标识"),
    ]
    assert len(lines) - 1 == placed  # a line per row and plan section
    assert {line[2] for line in lines[1:]} <= set(plan_set)
    _assert_no_formula_in_csv(lines)

    width = len(plan_set)
    table = _docx_table(_get(client, url, "docx"))
    assert len(table.columns) == width
    body = [r for r in list(table.rows)[1:] if len(r._tr.tc_lst) == width]  # chapters merge
    assert len(body) == len(rows)
    chapters = [r for r in list(table.rows)[1:] if len(r._tr.tc_lst) == 1]
    assert all(r.cells[0].text for r in chapters)  # an untitled preface is named as untitled

    sheet = _xlsx(_get(client, url, "xlsx"))
    _assert_no_formula_in_xlsx(sheet)
    merged = {m.min_row for m in sheet.merged_cells.ranges}
    labels_at = 3 + width  # the title, a line per plan, a blank line, then the plans' labels
    assert sheet.cell(labels_at, 1).value and not sheet.cell(labels_at - 1, 1).value
    body_rows = [n for n in range(labels_at + 1, sheet.max_row + 1) if n not in merged]
    assert len(body_rows) == len(rows)
    assert all(sheet.cell(n, 1).value for n in merged)


# The coverage and evolution reports' exports ---------------------------------------------------


def _report_rows(data: dict, kind: str) -> int:
    """Rows of the exported table (its header included) as the JSON of the report counts them."""
    if kind == "coverage":
        parts = ("items", "targets", "additions", "additions_within_tasks")
        not_counted = len(data["counted"]["not_counted"])  # the background, last
        return 1 + sum(len(data[part]) for part in parts) + not_counted
    topics = data["topics"]
    return (
        1
        + sum(len(found) for found in topics.values())
        + sum(len(found) for found in data["targets"].values())
    )


def _assert_report_exports(client, kind: str, url: str) -> list[list[str]]:
    data = json.loads(_get(client, url, "json").content)
    expected = _report_rows(data, kind)
    lines = _csv(_get(client, url, "csv"))
    assert len(lines) == expected
    _assert_no_formula_in_csv(lines)
    sheet = _xlsx(_get(client, url, "xlsx"))
    assert sheet.max_row == 1 + expected  # the title, then the table
    _assert_no_formula_in_xlsx(sheet)
    table = _docx_table(_get(client, url, "docx"))
    assert len(table.rows) == expected
    return lines


@pytest.mark.django_db
@pytest.mark.parametrize("upper,lower", _coverage_pairs())
def test_every_coverage_report_exports_to_every_format_with_its_rows(
    client, plan_sets, upper, lower
):
    url = reverse("compare:coverage") + f"?upper={upper}&lower={lower}"
    _assert_report_exports(client, "coverage", url)


@pytest.mark.django_db
@pytest.mark.parametrize("earlier,later", _evolution_pairs())
def test_every_evolution_report_exports_to_every_format_with_its_rows(
    client, plan_sets, earlier, later
):
    url = reverse("compare:evolution") + f"?from={earlier}&to={later}"
    _assert_report_exports(client, "evolution", url)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind,query",
    [("coverage", "?upper=syn-13th&lower=syn-14th"), ("evolution", "?from=syn-13th&to=syn-14th")],
)
def test_headings_a_spreadsheet_would_run_stay_text_in_report_exports(
    client, plan_sets, kind, query
):
    lines = _assert_report_exports(client, kind, reverse(f"compare:{kind}") + query)
    cells = [cell for line in lines for cell in line]
    assert any(cell.endswith("'" + HYPERLINK) or cell == "'" + HYPERLINK for cell in cells)
    sheet = _xlsx(_get(client, reverse(f"compare:{kind}") + query, "xlsx"))
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert "'" + HYPERLINK in values


# The one rule ----------------------------------------------------------------------------------


def test_text_written_to_excel_through_the_rule_is_never_a_formula_cell():
    from openpyxl import Workbook

    sheet = Workbook().active
    append_row(sheet, [HYPERLINK, "@SUM(A1)", "-1+2", "一、总体要求", 0.5])
    assert [c.data_type for c in sheet[1]] == ["s", "s", "s", "s", "n"]
    assert [c.value for c in sheet[1]][:2] == ["'" + HYPERLINK, "'@SUM(A1)"]


def test_csv_written_through_the_rule_has_a_bom_and_no_formula_cell():
    out = io.StringIO()
    write_csv(out, [["标题", "得分"], [HYPERLINK, -0.5], ["\t=1", "+1"]])
    lines = list(csv.reader(io.StringIO(out.getvalue()[1:])))
    assert out.getvalue().startswith("\ufeff")
    assert lines == [["标题", "得分"], ["'" + HYPERLINK, "-0.5"], ["'\t=1", "'+1"]]


def test_no_module_writes_csv_or_excel_rows_past_the_rule():
    """Every CSV writer and worksheet append lives in compare/exports/spreadsheets.py."""
    root = Path(__file__).resolve().parents[3]
    found = []
    for path in sorted([*root.glob("compare/**/*.py"), *root.glob("plans/**/*.py")]):
        if path.name == "spreadsheets.py" or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else ""
            if (name == "csv" and node.func.attr in ("writer", "DictWriter")) or (
                name in ("sheet", "worksheet", "ws") and node.func.attr == "append"
            ):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    assert not found, f"write through compare.exports.spreadsheets instead: {found}"
