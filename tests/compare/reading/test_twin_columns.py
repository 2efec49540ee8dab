"""Two plans of one place compared side by side are told apart wherever a column is named: the
page's tables and title, its rows' 仅见于…, and the CSV, Word, Excel and JSON downloads."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape

import pytest

from compare.reading.picking import short_labels
from plans.models import Plan
from tests.compare.reading.compare_page import Y22, Y23, get_compare, html_of
from tests.moduledata import aligned_for_the_module

_aligned_once = aligned_for_the_module((Y22, Y23))
TWINS = f"{Y22},{Y23}"


@pytest.fixture
def aligned(_aligned_once, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    return seeded


def _plans(*slugs):
    by_slug = {p.slug: p for p in Plan.objects.select_related("jurisdiction", "era")}
    return [by_slug[s] for s in slugs]


@pytest.mark.django_db
def test_a_short_name_adds_kind_then_year_only_where_two_would_read_alike(seeded):
    y22, y23, wc = _plans(Y22, Y23, "wangcang-2023-digital-gov-plan")
    assert short_labels([y22, wc]) == ["云南省 十四五", "旺苍县 十四五"]
    assert short_labels([y22, y23, wc]) == [
        "云南省 十四五 规划",
        "云南省 十四五 方案",
        "旺苍县 十四五",
    ]
    twin = Plan(jurisdiction=y22.jurisdiction, era=y22.era, kind=y22.kind, issued=y23.issued)
    assert short_labels([y22, twin]) == ["云南省 十四五 规划 2022", "云南省 十四五 规划 2023"]


def _headers(html: str, table_class: str) -> list[str]:
    table = re.search(rf'<table class="{table_class}.*?</table>', html, re.S).group(0)
    head = re.search(r"<thead>(.*?)</thead>", table, re.S).group(1)
    return [
        unescape(re.sub(r"<[^>]+>", "", h)).strip()
        for h in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)
    ]


def _row_names(html: str, table_class: str) -> list[str]:
    table = re.search(rf'<table class="{table_class}.*?</table>', html, re.S).group(0)
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    return [unescape(h).strip() for h in re.findall(r'<th scope="row">([^<]*)</th>', body)]


def _distinct(names):
    return len(names) == len(set(names)) and all(names)


@pytest.mark.django_db
def test_the_page_names_two_plans_of_one_place_apart_in_every_table(client, aligned):
    html = html_of(get_compare(client, TWINS))
    assert _distinct(_headers(html, "compare-table")[:2])
    assert _headers(html, "coverage")[1:] == ["云南省 十四五 规划", "云南省 十四五 方案"]
    assert _row_names(html, "summary") == ["云南省 十四五 规划", "云南省 十四五 方案"]
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "云南省 十四五 规划 · 云南省 十四五 方案" in unescape(title)
    only = set(re.findall(r'<p class="only-in muted">仅见于([^<]*)</p>', html))
    assert only and only <= {"云南省 十四五 规划", "云南省 十四五 方案"}


@pytest.mark.django_db
def test_every_download_names_two_plans_of_one_place_apart(client, aligned):
    from docx import Document
    from openpyxl import load_workbook

    data = json.loads(get_compare(client, TWINS, format="json").content)
    labels = [p["label"] for p in data["plans"]]
    assert _distinct(labels)
    lines = list(
        csv.reader(
            io.StringIO(get_compare(client, TWINS, format="csv").content.decode("utf-8-sig"))
        )
    )
    assert {line[1] for line in lines[1:]} == set(labels)
    word = Document(io.BytesIO(get_compare(client, TWINS, format="docx").content)).tables[0]
    assert [c.text for c in word.rows[0].cells][:2] == labels
    sheet = load_workbook(io.BytesIO(get_compare(client, TWINS, format="xlsx").content)).active
    assert any([str(c.value) for c in row][:2] == labels for row in sheet.iter_rows())
