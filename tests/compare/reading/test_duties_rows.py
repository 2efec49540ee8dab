"""Who leads and by when in a comparison: the line under a section, ?lead=, the exports."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from tests.moduledata import aligned_for_the_module

SX, JS = "shanxi-2023-digital-gov-plan", "jiangsu-2021-digital-gov-plan"
PAIR = f"{SX},{JS}"


_aligned_once = aligned_for_the_module((SX, JS))


@pytest.fixture
def aligned(_aligned_once, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    return seeded


def _get(client, **params):
    return client.get(reverse("compare:compare"), {"plans": PAIR, **params})


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr id="(r\d+)"', html)


def test_a_section_that_names_its_lead_shows_it_under_its_text(client, aligned):
    html = _get(client).content.decode()
    assert (
        '<p class="duties">牵头：省发展改革委 · 责任：省工信厅、省商务厅、省科技厅、省统计局'
        in html
    )


def test_lead_keeps_only_rows_where_a_plan_names_that_body(client, aligned):
    every = _rows(_get(client).content.decode())
    html = _get(client, lead="发展改革委").content.decode()
    kept = _rows(html)
    assert 0 < len(kept) < len(every)
    for anchor in kept:
        row = html.split(f'<tr id="{anchor}"', 1)[1].split("</tr>", 1)[0]
        assert re.search(r'<p class="duties">[^<]*发展改革委', row), anchor
    assert 'name="lead" value="发展改革委"' in html


def test_lead_travels_with_the_exports_and_they_carry_duties(client, aligned):
    html = _get(client, lead="发展改革委").content.decode()
    assert "lead=%E5%8F%91%E5%B1%95%E6%94%B9%E9%9D%A9%E5%A7%94&amp;format=csv" in html
    data = json.loads(_get(client, lead="发展改革委", format="json").content)
    named = [
        s["duties"]
        for row in data["rows"]
        for cell in row["cells"].values()
        for s in cell["sections"]
        if s["duties"]
    ]
    assert named and all(
        "duties" in s for r in data["rows"] for c in r["cells"].values() for s in c["sections"]
    )
    text = _get(client, lead="发展改革委", format="csv").content.decode("utf-8")[1:]
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][9] == "责任与时限"
    assert any("牵头：省发展改革委" in line[9] for line in lines[1:])
    assert {line[0] for line in lines[1:]} == {str(r["number"]) for r in data["rows"]}


def test_word_and_excel_cells_carry_the_duty_line(client, aligned):
    from docx import Document
    from openpyxl import load_workbook

    word = Document(io.BytesIO(_get(client, lead="发展改革委", format="docx").content))
    cells = [c.text for row in word.tables[0].rows for c in row.cells]
    assert any("牵头：省发展改革委" in c for c in cells)
    sheet = load_workbook(io.BytesIO(_get(client, lead="发展改革委", format="xlsx").content)).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("牵头：省发展改革委" in v for v in values)


def test_a_lead_no_plan_names_leaves_no_rows(client, aligned):
    assert _rows(_get(client, lead="没有这个单位").content.decode()) == []


def test_the_api_narrows_to_a_lead_as_the_page_does_and_both_say_so(client, aligned):
    page = json.loads(_get(client, lead="发展改革委", format="json").content)
    api = client.get(reverse("compare:api_compare"), {"plans": PAIR, "lead": "发展改革委"}).json()
    assert [r["anchor"] for r in api["rows"]] == [r["anchor"] for r in page["rows"]]
    assert api["filter"] == page["filter"] == {"lead": "发展改革委"}
    unfiltered = client.get(reverse("compare:api_compare"), {"plans": PAIR}).json()
    assert len(unfiltered["rows"]) > len(api["rows"]) and "filter" not in unfiltered
    too_long = client.get(reverse("compare:api_compare"), {"plans": PAIR, "lead": "局" * 61})
    assert too_long.status_code == 400 and "lead" in too_long.json()["errors"]
