"""Narrowing the compare page: filters, the chapter filter, htmx fragments, a focused row, the
goals tab, the page's title and its query count."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from compare.models import SavedComparison
from plans.models import Plan
from tests.compare.reading.compare_page import (
    HN,
    HX,
    THREE,
    WC,
    Y22,
    Y23,
    get_compare,
    html_of,
    row_ids,
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"unique": "1"}, "unique"),
        ({"differ": "1"}, "aligned"),
        ({"min": "0.5"}, "aligned"),
        ({"part": "goals"}, "goals"),
        ({"part": "tasks"}, "tasks"),
    ],
)
def test_filters_keep_only_matching_rows(client, aligned, params, check):
    everything = row_ids(html_of(get_compare(client)))
    html = html_of(get_compare(client, **params))
    shown = row_ids(html)
    assert 0 < len(shown) < len(everything)
    rows = re.findall(r'<tr id="r\d+" class="row( unique)?[^"]*" data-part="(\w+)"', html)
    if check == "unique":
        assert all(unique for unique, _ in rows)
    elif check == "aligned":
        assert not any(unique for unique, _ in rows)
    else:
        assert {part for _, part in rows} == {check}


@pytest.mark.django_db
def test_the_chapter_filter_keeps_one_chapter_of_the_first_plan(client, aligned):
    y22 = Plan.objects.get(slug=Y22)
    chapter = y22.sections.get(label="第二章")
    html = html_of(get_compare(client, chapter=chapter.pk))
    inside = {f"r{pk}" for pk in y22.sections.values_list("pk", flat=True)}
    shown = [a for a in row_ids(html) if a in inside]
    expected = [f"r{chapter.pk}"] + [
        f"r{s.pk}" for s in y22.sections.order_by("order") if _under(s, chapter)
    ]
    assert shown == expected


def _under(section, chapter) -> bool:
    parent = section.parent
    while parent is not None:
        if parent.pk == chapter.pk:
            return True
        parent = parent.parent
    return False


@pytest.mark.django_db
def test_htmx_gets_only_the_rows_and_the_response_varies_on_it(client, aligned):
    response = get_compare(client, differ="1", headers=HX)
    html = html_of(response)
    assert html.lstrip().startswith('<section id="rows"')
    assert "<html" not in html and "site-nav" not in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_a_focused_row_comes_alone_to_htmx_with_everything_open(client, aligned):
    anchor = row_ids(html_of(get_compare(client)))[5]
    html = html_of(get_compare(client, row=anchor, headers=HX))
    assert html.lstrip().startswith(f'<tr id="{anchor}"')
    assert "focused" in html and '<details class="fold">' not in html
    page = html_of(get_compare(client, row=anchor))  # and as a plain link, the whole page
    assert "<html" in page and f'<tr id="{anchor}" class="row' in page


@pytest.mark.django_db
def test_a_link_to_a_section_gathered_into_its_neighbours_row_leads_to_that_row(client, aligned):
    data = json.loads(get_compare(client, format="json").content)
    row = next(r for r in data["rows"] if len(r["cells"][Y22]["sections"]) > 1)
    gathered = f"r{row['cells'][Y22]['sections'][1]['id']}"
    html = html_of(get_compare(client, row=gathered, headers=HX))
    assert html.lstrip().startswith(f'<tr id="{row["anchor"]}" class="row focused')
    assert f'<article class="cmp-section" id="{gathered}">' in html_of(get_compare(client))


@pytest.mark.django_db
def test_the_page_query_count_does_not_grow_with_rows(client, aligned, django_assert_num_queries):
    # The catalogue's formula is read once, then kept until the catalogue changes.
    get_compare(client, f"{HN},{WC}")
    # The plans, the alignment state, the version of what comparisons are made of, the rows,
    # the latest catalogue index (how common each word is: compare.reading.comparing).
    with django_assert_num_queries(6):
        first = _rows_html(get_compare(client))
    with django_assert_num_queries(6):
        get_compare(client, f"{Y22},{HN}")
    # Seen again while nothing changed: the whole page is reused (web.pagecache), after one
    # query for the version it is kept under.
    with django_assert_num_queries(1):
        assert _rows_html(get_compare(client)) == first


def _rows_html(response) -> str:
    html = html_of(response)
    return html[html.index('<section id="rows"') : html.index("</table>")]


@pytest.mark.django_db
def test_page_title_and_open_graph_describe_the_comparison(client, aligned):
    html = html_of(get_compare(client))
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "云南省" in title and "湖南省" in title and "旺苍县" in title
    assert 'property="og:title"' in html and 'property="og:description"' in html
    assert "节有对应" in html


@pytest.mark.django_db
def test_the_goals_tab_shows_the_plans_targets_side_by_side(client, aligned):
    html = html_of(get_compare(client, tab="goals"))
    assert 'id="goals"' in html and "量化目标" in html
    assert "上云率" in html  # Yunnan's 上云率达到90%以上
    assert 'aria-current="page">目标与指标' in html
    fragment = html_of(get_compare(client, tab="goals", headers=HX))
    assert fragment.lstrip().startswith('<div id="panel">')


@pytest.mark.django_db
def test_the_goals_tab_pairs_goals_as_the_rows_do(client, aligned):
    from compare.reading.comparing import build_comparison

    plans = [Plan.objects.get(slug=s) for s in THREE.split(",")]

    def paired(groups) -> set[frozenset[int]]:
        """The goal items the groups put together (two or more in one group)."""
        found = {frozenset(s.pk for s in group if s.kind == "goal") for group in groups}
        return {g for g in found if len(g) > 1}

    rows = build_comparison(plans).rows
    in_rows = paired([v.section for c in r.cells for v in c.sections] for r in rows)
    table = get_compare(client, tab="goals").context["goals"]
    in_tab = paired([s for c in r.cells for s in c.items] for r in table.goals)
    assert in_rows and in_tab == in_rows


@pytest.mark.django_db
def test_filters_set_in_place_travel_with_the_link_downloads_and_saving(client, aligned):
    response = get_compare(client, differ="1", chapter="", min="", headers=HX)
    html = html_of(response)
    assert response["HX-Push-Url"] == f"/compare/?plans={THREE.replace(',', '%2C')}&differ=1"
    share = html[html.index('<div id="share"') :]
    assert 'hx-swap-oob="true"' in share
    assert re.search(r'href="\?[^"]*differ=1[^"]*&amp;format=csv"', share)
    assert "differ=1" in re.search(r'id="share-url"[^>]*>', share).group()
    query = re.search(r'name="query" value="([^"]*)"', share).group(1)
    assert query == "differ=1"
    client.post(reverse("compare:save"), {"plans": THREE, "query": query, "title": "差异"})
    saved = html_of(client.get(SavedComparison.objects.get().get_absolute_url()))
    assert row_ids(saved) == row_ids(html_of(get_compare(client, differ="1")))
    lines = list(
        csv.reader(
            io.StringIO(get_compare(client, differ="1", format="csv").content.decode("utf-8-sig"))
        )
    )
    everything = list(
        csv.reader(io.StringIO(get_compare(client, format="csv").content.decode("utf-8-sig")))
    )
    assert 1 < len(lines) < len(everything)


@pytest.mark.django_db
def test_the_chapter_filter_names_an_untitled_preface_instead_of_an_empty_choice(client, aligned):
    preface = Plan.objects.get(slug=Y23).sections.get(parent=None, kind="preface")
    html = html_of(get_compare(client, f"{Y23},{Y22}"))
    select = html[html.index('<select name="chapter">') :]
    select = select[: select.index("</select>")]
    assert not re.search(r'<option value="\d+"[^>]*></option>', select), select
    assert f'<option value="{preface.pk}">（未命名）</option>' in select


def _office_heading(response, kind: str) -> str:
    """The lines above the table of a Word or Excel download."""
    from docx import Document
    from openpyxl import load_workbook

    content = io.BytesIO(response.content)
    if kind == "docx":
        return "\n".join(p.text for p in Document(content).paragraphs)
    sheet = load_workbook(content).active
    lines = []
    for row in sheet.iter_rows(values_only=True):
        if row[0] is None:  # the blank line before the table's header
            break
        lines.append(str(row[0]))
    return "\n".join(lines)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_word_and_excel_of_filtered_rows_say_which_filters_chose_them(client, aligned, kind):
    chapter = Plan.objects.get(slug=Y22).sections.get(label="第二章")
    filtered = get_compare(
        client, chapter=chapter.pk, min="0.5", part="tasks", differ="1", format=kind
    )
    heading = _office_heading(filtered, kind)
    said = "章节：第二章 总体要求；对应可信度：≥0.5；内容：只看任务；只看有差异的行"
    assert [line for line in heading.splitlines() if "筛选：" in line] == ["筛选：" + said]
    assert "筛选：" not in _office_heading(get_compare(client, format=kind), kind)
    english = _office_heading(
        get_compare(client, min="0.5", format=kind, headers={"HTTP_ACCEPT_LANGUAGE": "en"}), kind
    )
    translation.deactivate()
    assert "Filtered: How sure: ≥0.5" in english, english


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_word_and_excel_name_the_topic_and_the_other_filters_on_one_line(client, aligned, kind):
    heading = _office_heading(get_compare(client, q="一网通办", part="tasks", format=kind), kind)
    lines = [line for line in heading.splitlines() if "筛选：" in line]
    assert lines == ["筛选：只含提到“一网通办”的行（繁简通用）；内容：只看任务"], heading


@pytest.mark.django_db
def test_the_json_of_filtered_rows_says_every_filter_that_chose_them(client, aligned):
    chapter = Plan.objects.get(slug=Y22).sections.get(label="第二章")
    params = {"chapter": chapter.pk, "min": "0.5", "part": "tasks", "differ": "1"}
    page = json.loads(get_compare(client, format="json", **params).content)
    api = client.get(reverse("compare:api_compare"), {"plans": THREE, **params}).json()
    expected = {"chapter": chapter.pk, "min": 0.5, "part": "tasks", "differ": True}
    assert page["filter"] == api["filter"] == expected
    unique = client.get(reverse("compare:api_compare"), {"plans": THREE, "unique": "1"}).json()
    assert unique["filter"] == {"unique": True}
    assert "filter" not in json.loads(get_compare(client, format="json").content)
