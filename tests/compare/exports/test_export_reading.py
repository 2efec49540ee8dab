"""The exports read as the page does: in the Word and Excel 对照表 a plan with no section in a row
says so with a dash, never a blank, a heading without text is not followed by an empty line, and
a linked section says how sure its link is in the page's words; the CSV's columns are named for
what they hold, in the reader's language."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from tests.moduledata import aligned_for_the_module

Y22, HN, WC = "yunnan-2022-egov-plan", "hunan-13th-egov-plan", "wangcang-2023-digital-gov-plan"
THREE = (Y22, HN, WC)

_aligned_once = aligned_for_the_module(THREE)


@pytest.fixture
def url(_aligned_once, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    return reverse("compare:compare") + "?plans=" + ",".join(THREE)


def _expected(client, url) -> list[list[bool]]:
    """Per row and plan, whether the plan has a section in that row (the JSON export)."""
    rows = json.loads(client.get(url + "&format=json").content)["rows"]
    return [[bool(row["cells"][slug]["sections"]) for slug in THREE] for row in rows]


def _docx_cells(client, url) -> list[list[str]]:
    from docx import Document

    table = Document(io.BytesIO(client.get(url + "&format=docx").content)).tables[0]
    body = [r for r in list(table.rows)[1:] if len(r._tr.tc_lst) == len(THREE)]
    return [[cell.text for cell in row.cells] for row in body]


def _xlsx_cells(client, url) -> list[list[str]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(client.get(url + "&format=xlsx").content)).active
    merged = {m.min_row for m in sheet.merged_cells.ranges}
    labels_at = 3 + len(THREE)
    return [
        [str(sheet.cell(n, column).value or "") for column in range(1, len(THREE) + 1)]
        for n in range(labels_at + 1, sheet.max_row + 1)
        if n not in merged
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("read", [_docx_cells, _xlsx_cells], ids=["docx", "xlsx"])
def test_a_plan_without_a_section_in_a_row_reads_as_a_dash(client, url, read):
    expected = _expected(client, url)
    cells = read(client, url)
    assert len(cells) == len(expected)
    for row, (texts, placed) in enumerate(zip(cells, expected, strict=True)):
        for text, has_section in zip(texts, placed, strict=True):
            assert (text == "—") == (not has_section), (row, text[:40], has_section)
    # Rows two plans share and a third lacks are where blanks once were.
    assert any(placed.count(False) == 1 for placed in expected)


@pytest.mark.django_db
@pytest.mark.parametrize("read", [_docx_cells, _xlsx_cells], ids=["docx", "xlsx"])
def test_no_cell_ends_on_an_empty_line(client, url, read):
    ends = [text[-20:] for row in read(client, url) for text in row if text.endswith("\n")]
    assert ends == []


# The page's bands: 0.8 and over very likely, 0.5 and over possible, below to check.
BANDS = {
    "zh-hans": ((0.8, "很可能对应（{}）"), (0.5, "可能对应（{}）"), (0, "待核对（{}）")),
    "en": (
        (0.8, "Very likely counterparts ({})"),
        (0.5, "Possibly counterparts ({})"),
        (0, "To be checked ({})"),
    ),
}
DECIDED = {"zh-hans": "已确认", "en": "Confirmed"}


def _said(section: dict, language: str) -> str:
    if section["status"] == "confirmed":
        return DECIDED[language]
    return next(w for floor, w in BANDS[language] if section["score"] >= floor).format(
        f"{section['score']:.2f}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("read", [_docx_cells, _xlsx_cells], ids=["docx", "xlsx"])
def test_a_linked_section_says_how_sure_its_link_is_as_the_page_does(client, url, read, language):
    from compare.curating import confirm_link
    from compare.models import SectionLink
    from tests.compare.reading.compare_page import a_curator

    confirm_link(SectionLink.objects.order_by("-score").first(), actor=a_curator())
    client.cookies["django_language"] = language
    rows = json.loads(client.get(url + "&format=json").content)["rows"]
    cells = read(client, url)
    said = [
        [
            [_said(s, language) for s in row["cells"][slug]["sections"] if "link" in s]
            for slug in THREE
        ]
        for row in rows
    ]
    assert {"confirmed", "auto"} <= {
        s["status"] for r in rows for c in r["cells"].values() for s in c["sections"] if "link" in s
    }
    for texts, expected in zip(cells, said, strict=True):
        for text, words in zip(texts, expected, strict=True):
            assert [line for line in text.split("\n") if line in words] == words, text[:80]


@pytest.mark.django_db
def test_the_csv_column_saying_where_a_section_sits_is_named_for_it_in_english(client, url):
    response = client.get(url + "&format=csv", headers={"accept-language": "en"})
    header, *lines = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    column = header.index("Placement")  # not the page's "Breadcrumb" navigation
    assert {line[column] for line in lines} == {"in this row", "also in another row"}


UNTITLED = {"zh-hans": "{}（无标题）", "en": "{} (untitled)"}
KINDS = {"zh-hans": {"preface": "前言"}, "en": {"preface": "Preamble"}}


def _untitled_sections():
    from plans.models import Section

    return list(Section.objects.filter(plan__slug__in=THREE, title="", implied=False))


def _csv_headings(client, url) -> list[tuple[str, str]]:
    """The label and title columns of every line of the CSV."""
    response = client.get(url + "&format=csv")
    _header, *lines = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    return [(line[3], line[4]) for line in lines]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("read", [_docx_cells, _xlsx_cells], ids=["docx", "xlsx"])
def test_an_untitled_preface_is_named_by_its_kind_as_the_page_names_it(client, url, read, language):
    untitled = _untitled_sections()
    assert {s.kind for s in untitled} == {"preface"}  # the seeds' untitled sections
    client.cookies["django_language"] = language
    name = UNTITLED[language].format(KINDS[language]["preface"])
    page = client.get(url).content.decode()
    lines = [line for row in read(client, url) for text in row for line in text.split("\n")]

    assert page.count(f">{name}</span>") == len(untitled)
    assert lines.count(name) == len(untitled)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_csv_titles_an_untitled_preface_by_its_kind(client, url, language):
    untitled = _untitled_sections()
    client.cookies["django_language"] = language
    name = UNTITLED[language].format(KINDS[language]["preface"])
    headings = _csv_headings(client, url)

    assert ("", "") not in headings  # a line with neither label nor title says nothing of it
    assert [title for _label, title in headings].count(name) == len(untitled)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "said"), [("zh-hans", "已确认；说明："), ("en", "Confirmed; Note: ")]
)
@pytest.mark.parametrize("read", [_docx_cells, _xlsx_cells], ids=["docx", "xlsx"])
def test_a_curators_note_travels_with_the_decision(client, url, read, language, said):
    from compare.curating import confirm_link
    from compare.models import SectionLink
    from tests.compare.reading.compare_page import a_curator

    note = "两节都讲政务云，已核对原文"
    confirm_link(SectionLink.objects.order_by("-score").first(), actor=a_curator(), note=note)
    client.cookies["django_language"] = language

    lines = [line for row in read(client, url) for text in row for line in text.split("\n")]

    assert lines.count(said + note) == 2  # at both ends of the link


def _csv_notes(client, url) -> list[list[str]]:
    """The CSV's curator's-note column (说明 / Note, the eleventh), a line per section."""
    text = client.get(url + "&format=csv").content.decode("utf-8-sig")
    return [[line[10]] for line in list(csv.reader(io.StringIO(text)))[1:]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("zh-hans", "已否决与{other}的对应：{note}"),
        ("en", "Rejected as a counterpart of {other}: {note}"),
    ],
)
@pytest.mark.parametrize(
    "read", [_docx_cells, _xlsx_cells, _csv_notes], ids=["docx", "xlsx", "csv"]
)
def test_a_rejected_links_note_travels_with_each_of_its_sections(client, url, read, language, said):
    from compare.curating import reject_link
    from compare.models import SectionLink
    from tests.compare.reading.compare_page import a_curator

    link = SectionLink.objects.order_by("-score").first()
    note = "一讲政务云，一讲数据共享，不是同一件事"
    reject_link(link, actor=a_curator(), note=note)
    client.cookies["django_language"] = language

    lines = [line for row in read(client, url) for text in row for line in text.split("\n")]

    named = {"zh-hans": "{place}（{year}）「{title}」", "en": "{place} ({year}) “{title}”"}[
        language
    ]
    for there in (link.right, link.left):  # each end names the other, with its plan's year
        other = named.format(
            place=there.plan.jurisdiction.name, year=there.plan.issued.year, title=there
        )
        assert lines.count(said.format(other=other, note=note)) == 1, other
