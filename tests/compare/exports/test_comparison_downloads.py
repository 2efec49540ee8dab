"""The compare page's downloads: CSV, Word, Excel and JSON of the rows, with the filters kept."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests.compare.reading.compare_page import (
    HN,
    THREE,
    WC,
    Y22,
    get_compare,
    html_of,
    row_ids,
)
from tests.moduledata import aligned_for_the_module

_aligned_once = aligned_for_the_module((Y22, HN, WC))


@pytest.fixture
def aligned(_aligned_once, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    return seeded


@pytest.mark.django_db
def test_csv_export_has_a_line_per_section_of_each_row_headed_in_chinese(client, aligned):
    response = get_compare(client, format="csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == [
        *("行", "规划", "短名", "编号", "标题", "正文", "得分", "状态", "位置", "责任与时限"),
        *("说明", "行标识"),
    ]
    assert {line[2] for line in lines[1:]} == set(THREE.split(","))
    assert "云南省 十四五 规划 2022" in {line[1] for line in lines[1:]}


@pytest.mark.django_db
def test_each_csv_line_names_its_row_as_the_page_and_the_json_do(client, aligned):
    lines = list(csv.reader(io.StringIO(get_compare(client, format="csv").content.decode()[1:])))
    assert lines[0][-1] == "行标识"
    named = {(line[0], line[-1]) for line in lines[1:]}
    rows = json.loads(get_compare(client, format="json").content)["rows"]
    assert named == {(str(row["number"]), row["anchor"]) for row in rows}
    assert {anchor for _, anchor in named} == set(row_ids(html_of(get_compare(client))))


@pytest.mark.django_db
def test_a_filtered_csv_download_is_named_as_filtered_and_keeps_its_header_row(client, aligned):
    whole = get_compare(client, format="csv")
    assert whole["Content-Disposition"].endswith(f'duizhao-{THREE.replace(",", "-")}.csv"')
    for narrowed in ({"min": "0.8"}, {"q": "政务云"}, {"part": "tasks"}):
        response = get_compare(client, format="csv", **narrowed)
        name = f'duizhao-{THREE.replace(",", "-")}-filtered.csv"'
        assert response["Content-Disposition"].endswith(name), narrowed
        lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert lines[0][:2] == ["行", "规划"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "unset", [{"differ": "0"}, {"unique": "no"}, {"differ": "off"}, {"chapter": "0"}]
)
def test_a_filter_written_off_downloads_the_whole_comparison_named_as_whole(client, aligned, unset):
    # differ=0 read as a box ticked (Django reads any word but "false" so) narrowed the rows,
    # and chapter=0, which narrows nothing, named the whole file as filtered.
    whole = get_compare(client, format="csv")
    response = get_compare(client, format="csv", **unset)
    assert response["Content-Disposition"] == whole["Content-Disposition"]
    assert response.content == whole.content


def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised():
    from compare.exports.spreadsheets import safe_cell

    assert [safe_cell(v) for v in ["=1+1", "+1", "-2", "@SUM(A1)", "规划", 3]] == [
        "'=1+1",
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "规划",
        3,
    ]


def _office_rows(client, kind, **params):
    from docx import Document
    from openpyxl import load_workbook

    response = get_compare(client, format=kind, **params)
    assert response["Content-Disposition"].endswith(f'.{kind}"')
    if kind == "docx":
        table = Document(io.BytesIO(response.content)).tables[0]
        return [[c.text for c in row.cells] for row in table.rows]
    sheet = load_workbook(io.BytesIO(response.content), rich_text=True).active
    rows = [[str(c.value or "") for c in row] for row in sheet.iter_rows()]
    for merged in sheet.merged_cells.ranges:  # read a merged row as Word does: alike throughout
        row = rows[merged.min_row - 1]
        row[merged.min_col - 1 : merged.max_col] = [row[merged.min_col - 1]] * merged.size[
            "columns"
        ]
    return rows


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_word_and_excel_tables_have_a_column_per_plan_and_keep_the_filters(client, aligned, kind):
    everything = _office_rows(client, kind)
    header = next(r for r in everything if r[0] == "云南省 十四五 规划 2022")
    assert header[:3] == [
        "云南省 十四五 规划 2022",
        "湖南省 十三五 规划 2017",
        "旺苍县 十四五 规划 2023",
    ]
    assert any(r[0].startswith("第二章") and len(set(r)) == 1 for r in everything)  # merged
    cloud = next(r for r in everything if "建设集约高效的全省政务云" in r[0])
    assert cloud[1] and cloud[2]
    unique = _office_rows(client, kind, unique="1")
    shown = row_ids(html_of(get_compare(client, unique="1")))
    start = next(i for i, r in enumerate(unique) if r[0] == "云南省 十四五 规划 2022") + 1
    body = [r for r in unique[start:] if len(set(r)) > 1]  # merged chapter rows read alike
    assert len(body) == len(shown)


@pytest.mark.django_db
def test_exports_carry_section_text_only_and_repeat_or_freeze_their_header(client, aligned):
    from docx import Document
    from docx.oxml.ns import qn
    from openpyxl import load_workbook

    data = json.loads(get_compare(client, format="json").content)
    assert any(c["also"] for r in data["rows"] for c in r["cells"].values())  # pointers exist
    pointer = "也见于其他行"
    table = Document(io.BytesIO(get_compare(client, format="docx").content)).tables[0]
    assert not [c.text for r in table.rows for c in r.cells if pointer in c.text]
    first = table.rows[0]._tr
    assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
    assert not any(
        r._tr.trPr is not None and r._tr.trPr.find(qn("w:tblHeader")) is not None
        for r in table.rows[1:]
    )
    sheet = load_workbook(io.BytesIO(get_compare(client, format="xlsx").content)).active
    assert not [c.value for r in sheet.iter_rows() for c in r if pointer in str(c.value or "")]
    header = next(r[0].row for r in sheet.iter_rows() if r[0].value == "云南省 十四五 规划 2022")
    assert sheet.freeze_panes == f"A{header + 1}"
    lines = list(
        csv.reader(io.StringIO(get_compare(client, format="csv").content.decode("utf-8-sig")))
    )
    assert not [line for line in lines[1:] if pointer in line[5]]  # 正文 is section text only


@pytest.mark.django_db
def test_word_keeps_the_marks_and_names_the_plans(client, aligned):
    from docx import Document

    document = Document(io.BytesIO(get_compare(client, format="docx").content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "云南省“十四五”电子政务发展规划" in text and "规划对照表" in text
    runs = [
        r
        for row in document.tables[0].rows[1:]
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
    ]
    assert any(r.underline for r in runs) and any(r.bold and "%" in r.text for r in runs)


@pytest.mark.django_db
def test_json_export_has_plans_summary_and_rows(client, aligned):
    data = json.loads(get_compare(client, format="json").content)
    assert [p["slug"] for p in data["plans"]] == THREE.split(",")
    row = next(r for r in data["rows"] if not r["unique"])
    assert set(row["cells"]) == set(THREE.split(","))
    section = next(s for cell in row["cells"].values() for s in cell["sections"] if "score" in s)
    assert {"id", "label", "title", "text", "url", "score", "status", "reason"} <= set(section)


@pytest.mark.django_db
def test_the_four_downloads_offered_on_the_page_all_download_as_files(client, aligned):
    html = html_of(get_compare(client))
    offered = html[html.index('class="exports"') :]
    offered = offered[: offered.index("</span>")]
    links = re.findall(r"<a [^>]*>", offered)
    assert len(links) == 4 and all(" download" in link for link in links), links
    for kind in ("csv", "docx", "xlsx", "json"):
        disposition = get_compare(client, format=kind)["Content-Disposition"]
        assert disposition.startswith("attachment;") and disposition.endswith(f'.{kind}"')


@pytest.mark.django_db
def test_json_says_which_first_plan_sections_a_similarity_is_measured_against(client, aligned):
    data = json.loads(get_compare(client, format="json").content)
    gathered = [r for r in data["rows"] if len(r["cells"][Y22]["sections"]) > 1]
    measured = [
        (section, {s["id"] for s in row["cells"][Y22]["sections"]})
        for row in gathered
        for slug in (HN, WC)
        for section in row["cells"][slug]["sections"]
        if "similarity" in section
    ]
    assert measured
    for section, own in measured:
        assert section["compared_with"] and set(section["compared_with"]) <= own
    single = next(r for r in data["rows"] if len(r["cells"][Y22]["sections"]) == 1)
    sections = [s for slug in (HN, WC) for s in single["cells"][slug]["sections"]]
    assert not any("compared_with" in s for s in sections)


@pytest.mark.django_db
def test_csv_export_carries_the_curators_note_on_each_link(client, aligned):
    from compare.curating import confirm_link
    from compare.models import SectionLink
    from tests.compare.reading.compare_page import a_curator

    link = SectionLink.objects.filter(left__plan__slug__in=THREE.split(",")).order_by("-score")[0]
    confirm_link(link, actor=a_curator(), note="两节说的是同一件事，已核对原文")
    lines = list(csv.reader(io.StringIO(get_compare(client, format="csv").content.decode()[1:])))
    note_at = lines[0].index("说明")
    noted = [line for line in lines[1:] if line[note_at]]
    assert {line[note_at] for line in noted} == {"两节说的是同一件事，已核对原文"}
    assert {line[7] for line in noted} == {"已确认"}
