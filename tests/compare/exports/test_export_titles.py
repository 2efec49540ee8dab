"""The compare exports' title lines in the reader's language: in English the colon and commas
written around plan names are Latin, the names as printed. (The coverage and evolution titles keep
plan titles in 《》 in English too, so that 旺苍县“十四五”… does not nest in curly quotes:
tests/compare/coverage/test_coverage_views.py.)"""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse

from tests.compare.reading.compare_page import HN, THREE, WC, Y22
from tests.moduledata import aligned_for_the_module

CHINESE_MARKS = set("：，（）；")
Y22_TITLE = "云南省“十四五”电子政务发展规划"  # its own Chinese quotation marks kept

_aligned_once = aligned_for_the_module((Y22, HN, WC))


@pytest.fixture
def aligned(_aligned_once, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    return seeded


def _opening(response, kind: str) -> list[str]:
    """The lines above an export's table: Word's paragraphs, Excel's first sheet's rows."""
    if kind == "docx":
        from docx import Document

        return [p.text for p in Document(io.BytesIO(response.content)).paragraphs if p.text]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = []
    for row in sheet.iter_rows(values_only=True):
        if row[0] is None:
            break
        lines.append(str(row[0]))
    return lines


def _marks_outside_names(line: str, names: list[str]) -> set[str]:
    for name in names:
        line = line.replace(name, "")
    return CHINESE_MARKS & set(line)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_english_comparison_exports_write_latin_punctuation_around_plan_names(
    client, aligned, kind
):
    from plans.models import Plan

    url = reverse("compare:compare") + f"?plans={THREE}&q=政务云&format={kind}"
    english = _opening(client.get(url, HTTP_ACCEPT_LANGUAGE="en"), kind)
    plans = Plan.objects.filter(slug__in=THREE.split(","))
    names = [p.title for p in plans] + [p.doc_number for p in plans if p.doc_number]
    plan_lines = [line for line in english if "Plan 20" in line]
    assert len(plan_lines) == 3
    assert f"云南省 十四五 Plan 2022: {Y22_TITLE}, " in plan_lines[0]
    assert all(_marks_outside_names(line, names) == set() for line in english), english
    chinese = _opening(client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans"), kind)
    assert f"云南省 十四五 规划 2022：{Y22_TITLE}，" in chinese[1]


@pytest.mark.django_db
def test_english_coverage_exports_set_each_sections_score_in_latin_parentheses(client, aligned):
    import csv

    url = reverse("compare:coverage") + f"?upper=national-2022-digital-gov-opinion&lower={WC}"
    cells = {}
    for language in ("en", "zh-hans"):
        answer = client.get(url + "&format=csv", HTTP_ACCEPT_LANGUAGE=language)
        rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
        cells[language] = [row[3] for row in rows[1:] if row[3]]
    # A score or a way of finding, after a heading that may hold its own （）: set as the
    # language does, the headings as printed.
    chinese_set = re.compile(r"（(\d\.\d\d|[A-Za-z][^（）]*)）|；")
    assert cells["en"] and not [c for c in cells["en"] if chinese_set.search(c)]
    assert any(re.search(r"[^ ] \(0\.\d\d\)$", c) for c in cells["en"]), cells["en"][:3]
    assert any(re.search(r"[^ ]（0\.\d\d）$", c) for c in cells["zh-hans"])
