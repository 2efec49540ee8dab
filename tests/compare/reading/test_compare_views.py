"""The compare page: rows across plans, diffs, filters, fragments, sharing, exports."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from compare import curating
from compare.models import AlignmentRun, LinkEvent, SavedComparison, SectionLink, plan_set_key
from compare.runs.jobs import align_plan_set
from plans.models import Plan
from tests.moduledata import aligned_for_the_module

Y22, HN, WC, Y23 = (
    "yunnan-2022-egov-plan",
    "hunan-13th-egov-plan",
    "wangcang-2023-digital-gov-plan",
    "yunnan-2023-digital-gov-programme",
)
THREE = f"{Y22},{HN},{WC}"
HX = {"HTTP_HX_REQUEST": "true"}


_aligned_once = aligned_for_the_module((Y22, HN, WC))


@pytest.fixture
def aligned(_aligned_once, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    return seeded


def _get(client, query: str = THREE, headers=None, **params):
    return client.get(reverse("compare:compare"), {"plans": query, **params}, **(headers or {}))


def _html(response) -> str:
    return response.content.decode()


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr id="(r\d+)"', html)


@pytest.mark.django_db
def test_without_plans_it_offers_a_picker_of_every_plan(client, seeded):
    html = _html(client.get(reverse("compare:compare"), {"first": Y22}))
    assert html.count('name="plans"') == 4
    assert f'<option value="{Y22}" selected>' in html
    for plan in Plan.objects.all():
        assert f'value="{plan.slug}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        (Y22, "两到四份"),
        (f"{Y22},nowhere", "找不到这些规划：nowhere"),
        (f"{Y22},{Y22}", "两到四份"),
    ],
)
def test_a_bad_plan_list_says_what_to_fix(client, seeded, query, message):
    response = _get(client, query)
    assert response.status_code == 400
    assert message in _html(response)


@pytest.mark.django_db
def test_picker_columns_redirect_to_one_shareable_url(client, seeded):
    response = client.get(reverse("compare:compare"), {"plans": [Y22, "", HN, WC]})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('compare:compare')}?plans={THREE.replace(',', '%2C')}"


@pytest.mark.django_db
def test_a_new_plan_set_is_aligned_on_demand(client, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    assert not SectionLink.objects.exists()
    response = _get(client)
    assert response.status_code == 200
    assert SectionLink.objects.exists()
    assert AlignmentRun.objects.get().status == "done"


@pytest.mark.django_db
def test_while_a_run_is_under_way_the_page_says_so_and_polls(client, seeded):
    plans = [Plan.objects.get(slug=s) for s in THREE.split(",")]
    run = AlignmentRun.objects.create(plan_key=plan_set_key(plans), status="running")
    run.plans.set(plans)
    response = _get(client)
    assert response.status_code == 202
    html = _html(response)
    assert "正在逐节比对" in html and 'hx-trigger="every 2s"' in html
    assert 'http-equiv="refresh"' in html  # and without JavaScript


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("note", "done", "total", "said", "bar"),
    [
        ("reading", 40, 300, "读取章节：40 / 300 个章节", 40),
        ("candidates", 2, 3, "寻找候选对应：第 2 对规划，共 3 对", 1),  # the first pair done
        ("selecting", 3, 3, "打分并选取对应：第 3 对规划，共 3 对", 2),
        ("storing", 300, 300, "保存对应关系", 300),
    ],
)
def test_the_waiting_page_polls_the_stage_and_progress_of_the_run(
    client, seeded, note, done, total, said, bar
):
    plans = [Plan.objects.get(slug=s) for s in THREE.split(",")]
    run = AlignmentRun.objects.create(
        plan_key=plan_set_key(plans),
        status="running",
        progress_note=note,
        progress_done=done,
        progress_total=total,
    )
    run.plans.set(plans)
    html = _html(_get(client, headers={**HX, "HTTP_HX_TRIGGER": "waiting"}))
    assert html.lstrip().startswith('<div id="waiting"')
    assert said in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert f'<progress value="{bar}" max="{total}"' in html


@pytest.mark.django_db
def test_rows_follow_the_first_plans_reading_order_with_every_plan_as_a_column(client, aligned):
    html = _html(_get(client))
    y22 = Plan.objects.get(slug=Y22)
    anchors = _rows(html)
    first = list(y22.sections.order_by("order").values_list("pk", flat=True))
    # a row may gather a section with the one next to it: its anchor is the first of them
    shown = re.findall(rf'href="/plans/{Y22}/s/(\d+)/"', _table(html))
    assert [int(pk) for pk in shown] == first
    opened = [a for a in anchors if int(a[1:]) in first]
    assert opened == sorted(opened, key=lambda a: first.index(int(a[1:])))
    assert html.count('data-plan="hunan-13th-egov-plan"') == len(anchors)


@pytest.mark.django_db
def test_the_government_cloud_row_has_sections_from_all_three_plans(client, aligned):
    html = _html(_get(client))
    cloud = Plan.objects.get(slug=Y22).sections.get(title="建设集约高效的全省政务云")
    row = html[html.index(f'<tr id="r{cloud.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "建设集约高效的全省政务云" in row
    assert "電子政務外網云平臺" in row  # Hunan, in its own script
    assert "云计算" in row  # Wangcang


@pytest.mark.django_db
def test_a_heading_the_importer_supplied_is_marked_as_such_not_given_a_made_up_title(
    client, aligned
):
    implied = Plan.objects.get(slug=WC).sections.get(implied=True)
    html = _html(_get(client))
    row = html[html.index(f'id="r{implied.pk}"') :]
    heading = row[row.index("<h3>") : row.index("</h3>")]

    assert f'<span class="label">{implied.label}</span></a>' in heading
    assert 'class="badge badge-implied"' in heading and "补充" in heading


def _table(html: str) -> str:
    return html[html.index('<table class="compare-table"') :]


@pytest.mark.django_db
def test_by_default_each_cell_shows_its_own_text_with_shared_and_distinct_marks(client, aligned):
    html = _table(_html(_get(client)))
    assert "<del>" not in html and "<ins>" not in html  # no text of another plan in a cell
    assert re.search(r'<mark class="m-s">[^<]+</mark>', html)
    assert re.search(r'<strong class="m-d">[^<]+</strong>', html)
    # What each mark means is said to screen readers (by the CSS, from these words).
    page = _html(_get(client))
    assert "--said-shared: &quot;共有" in page and "--said-distinct: &quot;独有" in page
    assert re.search(r'<b class="m-n">\d+(\.\d+)?%</b>', html)
    hunan = Plan.objects.get(slug=HN).sections.exclude(body="").first()
    cells = re.findall(rf'<td data-plan="{HN}" lang="zh-Hant">(.*?)</td>', html, re.S)
    text = re.sub(r"<[^>]+>", "", "".join(cells))
    assert hunan.body.replace("\n", "") in text.replace("\n", "")  # in its own script


@pytest.mark.django_db
@pytest.mark.parametrize("catalogue_index", [True, False], ids=["catalogue", "these-plans"])
def test_only_here_marks_skip_words_common_across_the_catalogue(client, aligned, catalogue_index):
    from compare.catalogue.running import current_index

    if catalogue_index:  # else rarity is counted over the compared plans' own sections
        current_index()
    html = _table(_html(_get(client)))
    marked = set(re.findall(r'<strong class="m-d">([^<]+)</strong>', html))
    assert not {"重点", "全面实现", "功能", "智慧"} & marked
    assert "政务云" in marked  # a rare term a plan alone names still is


@pytest.mark.django_db
def test_redline_is_a_mode_for_the_page_or_for_one_row(client, aligned):
    html = _table(_html(_get(client, mode="redline")))
    assert re.search(r'<ins><span class="sr-only">新增：</span>[^<]+</ins>', html)
    assert re.search(r'<del><span class="sr-only">删去：</span>[^<]+</del>', html)
    # A section is redlined or marked, never both (a section with nothing to redline against
    # keeps its marks; one cell may hold a section of each kind).
    cells = re.split(r"<td[ >]", html)
    sections = re.split(r"<article", html)
    assert not any("<del>" in one and 'class="m-s"' in one for one in sections)
    assert sum("<del>" in cell for cell in cells) > sum('class="m-s"' in cell for cell in cells)
    row = next(
        r
        for r in re.findall(r'<tr id="r\d+" class="row".*?</tr>', _table(_html(_get(client))), re.S)
        if "逐字" in r
    )
    anchor = re.search(r'id="(r\d+)"', row).group(1)
    one = _html(_get(client, row=anchor, rowmode="redline", headers=HX))
    assert one.lstrip().startswith(f'<tr id="{anchor}"') and "<del>" in one


@pytest.mark.django_db
def test_scores_and_reasons_are_there_on_demand_and_long_texts_fold(client, aligned):
    html = _html(_get(client))
    assert '<details class="why">' in html and "共同主题词" in html
    assert '<details class="fold">' in html and "展开全文" in html


@pytest.mark.django_db
def test_a_row_folds_its_texts_alike_in_every_column(client, aligned):
    table = _table(_html(_get(client)))
    folded_rows = 0
    for row in re.findall(r'<tr id="r\d+".*?</tr>', table, re.S):
        articles = [a for a in row.split("<article")[1:] if 'class="text"' in a]
        states = {'class="fold"' in a for a in articles}
        assert len(states) <= 1, row[:200]  # never a long text folded beside open ones
        folded_rows += states == {True} and len(articles) > 1
    assert folded_rows  # rows whose every text is long still fold


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
    everything = _rows(_html(_get(client)))
    html = _html(_get(client, **params))
    shown = _rows(html)
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
    html = _html(_get(client, chapter=chapter.pk))
    inside = {f"r{pk}" for pk in y22.sections.values_list("pk", flat=True)}
    shown = [a for a in _rows(html) if a in inside]
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
    response = _get(client, differ="1", headers=HX)
    html = _html(response)
    assert html.lstrip().startswith('<section id="rows"')
    assert "<html" not in html and "site-nav" not in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_a_focused_row_comes_alone_to_htmx_with_everything_open(client, aligned):
    anchor = _rows(_html(_get(client)))[5]
    html = _html(_get(client, row=anchor, headers=HX))
    assert html.lstrip().startswith(f'<tr id="{anchor}"')
    assert "focused" in html and '<details class="fold">' not in html
    page = _html(_get(client, row=anchor))  # and as a plain link, the whole page
    assert "<html" in page and f'<tr id="{anchor}" class="row' in page


@pytest.mark.django_db
def test_a_link_to_a_section_gathered_into_its_neighbours_row_leads_to_that_row(client, aligned):
    data = json.loads(_get(client, format="json").content)
    row = next(r for r in data["rows"] if len(r["cells"][Y22]["sections"]) > 1)
    gathered = f"r{row['cells'][Y22]['sections'][1]['id']}"
    html = _html(_get(client, row=gathered, headers=HX))
    assert html.lstrip().startswith(f'<tr id="{row["anchor"]}" class="row focused')
    assert f'<article class="cmp-section" id="{gathered}">' in _html(_get(client))


@pytest.mark.django_db
def test_the_page_query_count_does_not_grow_with_rows(client, aligned, django_assert_num_queries):
    # The catalogue's formula is read once, then kept until the catalogue changes.
    _get(client, f"{HN},{WC}")
    # The plans, the alignment state, the version of what comparisons are made of, the rows,
    # the latest catalogue index (how common each word is: compare.reading.comparing).
    with django_assert_num_queries(6):
        first = _rows_html(_get(client))
    with django_assert_num_queries(6):
        _get(client, f"{Y22},{HN}")
    # Seen again while nothing changed: the whole page is reused (web.pagecache), after one
    # query for the version it is kept under.
    with django_assert_num_queries(1):
        assert _rows_html(_get(client)) == first


def _rows_html(response) -> str:
    html = _html(response)
    return html[html.index('<section id="rows"') : html.index("</table>")]


@pytest.mark.django_db
def test_page_title_and_open_graph_describe_the_comparison(client, aligned):
    html = _html(_get(client))
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "云南省" in title and "湖南省" in title and "旺苍县" in title
    assert 'property="og:title"' in html and 'property="og:description"' in html
    assert "节有对应" in html


@pytest.mark.django_db
def test_csv_export_has_a_line_per_section_of_each_row_headed_in_chinese(client, aligned):
    response = _get(client, format="csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == [
        *("行", "规划", "短名", "编号", "标题", "正文", "得分", "状态", "位置", "责任与时限")
    ]
    assert {line[2] for line in lines[1:]} == set(THREE.split(","))
    assert "云南省 十四五 规划 2022" in {line[1] for line in lines[1:]}


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

    response = _get(client, format=kind, **params)
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
    shown = _rows(_html(_get(client, unique="1")))
    start = next(i for i, r in enumerate(unique) if r[0] == "云南省 十四五 规划 2022") + 1
    body = [r for r in unique[start:] if len(set(r)) > 1]  # merged chapter rows read alike
    assert len(body) == len(shown)


@pytest.mark.django_db
def test_exports_carry_section_text_only_and_repeat_or_freeze_their_header(client, aligned):
    from docx import Document
    from docx.oxml.ns import qn
    from openpyxl import load_workbook

    data = json.loads(_get(client, format="json").content)
    assert any(c["also"] for r in data["rows"] for c in r["cells"].values())  # pointers exist
    pointer = "也见于其他行"
    table = Document(io.BytesIO(_get(client, format="docx").content)).tables[0]
    assert not [c.text for r in table.rows for c in r.cells if pointer in c.text]
    first = table.rows[0]._tr
    assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
    assert not any(
        r._tr.trPr is not None and r._tr.trPr.find(qn("w:tblHeader")) is not None
        for r in table.rows[1:]
    )
    sheet = load_workbook(io.BytesIO(_get(client, format="xlsx").content)).active
    assert not [c.value for r in sheet.iter_rows() for c in r if pointer in str(c.value or "")]
    header = next(r[0].row for r in sheet.iter_rows() if r[0].value == "云南省 十四五 规划 2022")
    assert sheet.freeze_panes == f"A{header + 1}"
    lines = list(csv.reader(io.StringIO(_get(client, format="csv").content.decode("utf-8-sig"))))
    assert not [line for line in lines[1:] if pointer in line[5]]  # 正文 is section text only


@pytest.mark.django_db
def test_word_keeps_the_marks_and_names_the_plans(client, aligned):
    from docx import Document

    document = Document(io.BytesIO(_get(client, format="docx").content))
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
    data = json.loads(_get(client, format="json").content)
    assert [p["slug"] for p in data["plans"]] == THREE.split(",")
    row = next(r for r in data["rows"] if not r["unique"])
    assert set(row["cells"]) == set(THREE.split(","))
    section = next(s for cell in row["cells"].values() for s in cell["sections"] if "score" in s)
    assert {"id", "label", "title", "text", "url", "score", "status", "reason"} <= set(section)


@pytest.mark.django_db
def test_json_says_which_first_plan_sections_a_similarity_is_measured_against(client, aligned):
    data = json.loads(_get(client, format="json").content)
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
def test_saving_gives_a_short_read_only_address_that_shows_current_links(client, aligned):
    response = client.post(
        reverse("compare:save"),
        {"plans": THREE, "query": "differ=1", "title": "云南与湖南、旺苍", "note": "看差异"},
    )
    share = SavedComparison.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/c/{share.code}/"
    html = _html(client.get(share.get_absolute_url()))
    assert "云南与湖南、旺苍" in html and "看差异" in html and "只读" in html
    assert "只看有差异的行" in html[html.index('class="saved-filters"') :]
    link = SectionLink.objects.order_by("-score").first()
    assert f"compare/links/{link.pk}/" not in html  # no curation on a saved view

    def shown_links():
        data = json.loads(client.get(share.get_absolute_url(), {"format": "json"}).content)
        cells = [c for row in data["rows"] for c in row["cells"].values()]
        return {s.get("link") for c in cells for s in c["sections"] + c["also"]}

    shown = shown_links() - {None}
    assert shown
    rejected = min(shown)
    curating.reject_link(SectionLink.objects.get(pk=rejected), actor=_curator())
    assert rejected not in shown_links()


def _curator():
    user = get_user_model().objects.create_user("curator", password="pw")
    call_command("create_curators_group", stdout=io.StringIO())
    user.groups.add(Group.objects.get(name="curators"))
    return user


@pytest.mark.django_db
def test_curators_see_controls_and_everyone_else_reads(client, aligned):
    link = SectionLink.objects.order_by("-score").first()
    assert f"/compare/links/{link.pk}/" not in _html(_get(client))
    client.force_login(_curator())
    assert f"/compare/links/{link.pk}/" in _html(_get(client))


@pytest.mark.django_db
def test_a_curator_rejects_a_link_in_place_and_it_is_recorded(client, aligned):
    link = SectionLink.objects.order_by("-score").first()
    user = _curator()
    client.force_login(user)
    back = f"/compare/?plans={THREE}#r1"
    response = client.post(
        reverse("compare:curate", args=[link.pk]), {"action": "reject", "next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    link.refresh_from_db()
    assert link.status == "rejected"
    event = LinkEvent.objects.get(link=link, action="rejected")
    assert event.actor == user


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_people_who_are_not_curators_cannot_change_links(client, aligned, who):
    if who == "reader":
        client.force_login(get_user_model().objects.create_user("reader"))
    link = SectionLink.objects.first()
    response = client.post(reverse("compare:curate", args=[link.pk]), {"action": "reject"})
    assert response.status_code == 403
    assert SectionLink.objects.get(pk=link.pk).status == "auto"


@pytest.mark.django_db
def test_the_curation_endpoint_only_takes_post(client, aligned):
    client.force_login(_curator())
    link = SectionLink.objects.first()
    assert client.get(reverse("compare:curate", args=[link.pk])).status_code == 405


@pytest.mark.django_db
def test_the_goals_tab_shows_the_plans_targets_side_by_side(client, aligned):
    html = _html(_get(client, tab="goals"))
    assert 'id="goals"' in html and "量化目标" in html
    assert "上云率" in html  # Yunnan's 上云率达到90%以上
    assert 'aria-current="page">目标与指标' in html
    fragment = _html(_get(client, tab="goals", headers=HX))
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
    table = _get(client, tab="goals").context["goals"]
    in_tab = paired([s for c in r.cells for s in c.items] for r in table.goals)
    assert in_rows and in_tab == in_rows


@pytest.mark.django_db
def test_a_cell_of_several_sections_names_their_chapter_once(client, aligned):
    cells = re.findall(r"<td data-plan=.*?</td>", _table(_html(_get(client))), re.S)
    several = [c for c in cells if c.count('<article class="cmp-section"') > 1]
    assert several
    for cell in several:
        named = re.findall(r'<p class="in-chapter">(.*?)</p>', cell)
        assert len(named) == len(set(named)), cell


@pytest.mark.django_db
def test_in_a_row_gathering_two_first_plan_sections_a_cell_is_compared_with_its_own(aligned):
    from rapidfuzz.distance import Indel

    from compare.reading.comparing import build_comparison

    plans = [Plan.objects.get(slug=s) for s in THREE.split(",")]
    views = [
        v
        for r in build_comparison(plans).rows
        if len(r.base) > 1
        for c in r.cells[1:]
        for v in c.sections
        if v.diff_on and len(v.compared) < len(r.base)
    ]
    assert views  # the three plans have such a row (the first plan's 五、 and its first item)
    for view in views:
        field = f"{view.diff_on}_simplified"
        own = "\n".join(getattr(s, field) for s in view.compared)
        assert view.similarity == Indel.normalized_similarity(own, getattr(view.section, field))


@pytest.mark.django_db
def test_a_failed_run_is_reported_and_can_be_retried(client, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    plans = [Plan.objects.get(slug=s) for s in THREE.split(",")]
    run = AlignmentRun.objects.create(plan_key=plan_set_key(plans), status="failed", error="boom")
    run.plans.set(plans)
    response = _get(client)
    assert (
        response.status_code == 202 and "boom" in _html(response) and "retry=1" in _html(response)
    )
    assert _get(client, retry="1").status_code == 200
    assert AlignmentRun.objects.filter(status="done").exists()


@pytest.mark.django_db
def test_polling_gets_the_status_alone_then_a_refresh_when_ready(client, seeded, settings):
    plans = [Plan.objects.get(slug=s) for s in THREE.split(",")]
    run = AlignmentRun.objects.create(plan_key=plan_set_key(plans), status="queued")
    run.plans.set(plans)
    poll = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TRIGGER": "waiting"}
    html = _html(_get(client, headers=poll))
    assert html.lstrip().startswith('<div id="waiting"')
    align_plan_set.call(run.pk)  # what a worker does with the queued job
    response = _get(client, headers=poll)
    assert response.headers["HX-Refresh"] == "true"


@pytest.mark.django_db
def test_filters_set_in_place_travel_with_the_link_downloads_and_saving(client, aligned):
    response = _get(client, differ="1", chapter="", min="", headers=HX)
    html = _html(response)
    assert response["HX-Push-Url"] == f"/compare/?plans={THREE.replace(',', '%2C')}&differ=1"
    share = html[html.index('<div id="share"') :]
    assert 'hx-swap-oob="true"' in share
    assert re.search(r'href="\?[^"]*differ=1[^"]*&amp;format=csv"', share)
    assert "differ=1" in re.search(r'id="share-url"[^>]*>', share).group()
    query = re.search(r'name="query" value="([^"]*)"', share).group(1)
    assert query == "differ=1"
    client.post(reverse("compare:save"), {"plans": THREE, "query": query, "title": "差异"})
    saved = _html(client.get(SavedComparison.objects.get().get_absolute_url()))
    assert _rows(saved) == _rows(_html(_get(client, differ="1")))
    lines = list(
        csv.reader(io.StringIO(_get(client, differ="1", format="csv").content.decode("utf-8-sig")))
    )
    everything = list(
        csv.reader(io.StringIO(_get(client, format="csv").content.decode("utf-8-sig")))
    )
    assert 1 < len(lines) < len(everything)


@pytest.mark.django_db
def test_a_saved_comparison_shows_its_filters_as_text_and_links_to_the_live_comparison(
    client, aligned
):
    query = "differ=1&part=tasks&min=0.5"
    client.post(reverse("compare:save"), {"plans": THREE, "query": query})
    html = _html(client.get(SavedComparison.objects.get().get_absolute_url()))
    assert 'class="filters"' not in html and 'name="differ"' not in html
    said = html[html.index('class="saved-filters"') :]
    said = said[: said.index("</p>")]
    assert "只看有差异的行" in said and "只看任务" in said and "≥0.5" in said
    live = re.search(r'href="(/compare/\?[^"]*)">打开可筛选的对照</a>', html).group(1)
    assert parse_qs(urlsplit(live.replace("&amp;", "&")).query) == {
        "plans": [THREE],
        "differ": ["1"],
        "part": ["tasks"],
        "min": ["0.5"],
    }
    # A link that sets a filter leads to the live comparison, never back to the saved one
    # (whose address ignores it).
    assert re.findall(r'href="[^"]*[?&](?:amp;)?chapter=\d+', html)
    assert not re.search(r'href="\?[^"]*chapter=\d+', html)


@pytest.mark.django_db
def test_a_saved_link_reproduces_mode_and_focus_as_saved(client, aligned):
    client.post(reverse("compare:save"), {"plans": THREE, "query": "mode=redline&part=goals"})
    share = SavedComparison.objects.get()
    html = _html(client.get(share.get_absolute_url()))
    assert _rows(html) == _rows(_html(_get(client, mode="redline", part="goals")))
    assert "<del>" in _table(html)


@pytest.mark.django_db
def test_the_outline_lists_the_first_plans_chapters_with_their_counts(client, aligned):
    html = _html(_get(client))
    outline = html[
        html.index('<details class="cmp-outline"') : html.index('<table class="compare-table"')
    ]
    y22 = Plan.objects.get(slug=Y22)
    chapter = y22.sections.get(label="第二章")
    assert f'href="#r{chapter.pk}">第二章 {chapter.title}' in outline
    assert re.search(r"对应 \d+ · 独有 \d+", outline)
    # An empty attachment heading is neither a chapter of the outline nor of the overview.
    empty = y22.sections.get(label="附件", parent=None)
    assert empty.title not in outline and f'value="{empty.pk}"' not in html
    # A chapter the filters hide is reached through the chapter filter instead.
    goals = _html(_get(client, part="goals"))
    outline = goals[goals.index('<details class="cmp-outline"') :]
    assert re.search(r'href="\?[^"]*chapter=\d+', outline)


@pytest.mark.django_db
def test_each_cell_names_its_chapter_and_labels_stand_apart_from_titles(client, aligned):
    html = _html(_get(client))
    wc = Plan.objects.get(slug=WC)
    section = wc.sections.filter(depth=2).exclude(body="").first()
    root = section.parent.parent
    assert re.search(rf'<p class="in-chapter">{root.label} ', html)
    assert re.search(r"<th scope=\"row\"><a [^>]*>第一章 \w", html)  # not 第一章现状与形势


@pytest.mark.django_db
def test_rows_that_differ_are_marked_for_jumping(client, aligned):
    html = _html(_get(client))
    differ = set(_rows(_html(_get(client, differ="1"))))
    marked = set(re.findall(r'<tr id="(r\d+)"[^>]* data-differs>', html))
    assert marked == differ


@pytest.mark.django_db
def test_garbled_text_is_flagged_in_the_comparison_as_on_the_plan_page(client, aligned):
    garbled = next(
        s for s in Plan.objects.get(slug=HN).sections.all() if "mojibake" in (s.flags or [])
    )
    html = _html(_get(client))
    article = html[html.index(garbled.get_absolute_url()) :][:1500]
    assert 'class="badge badge-bad"' in article and "乱码" in article


@pytest.mark.django_db
def test_redline_is_the_default_only_where_a_cell_is_near_identical_to_the_first_plans(
    client, seeded, settings
):
    settings.ALIGN_IN_BACKGROUND = False
    call_command("align", Y22, Y23, verbosity=0, stdout=io.StringIO())
    data = json.loads(_get(client, f"{Y22},{Y23}", format="json").content)
    near = {
        r["anchor"]
        for r in data["rows"]
        for s in r["cells"][Y23]["sections"]
        if 0.8 <= s.get("similarity", 0) < 1 and s["text"]
    }
    assert near  # the programme reuses some of the plan's paragraphs, a little changed
    html = _table(_html(_get(client, f"{Y22},{Y23}")))
    rows = {m.group(1): m.group(0) for m in re.finditer(r'<tr id="(r\d+)".*?</tr>', html, re.S)}
    assert all(re.search(r"<(ins|del)>", rows[a]) for a in near)
    far = [a for a, row in rows.items() if a not in near and 'class="m-s"' in row]
    assert far and not any("<del>" in rows[a] for a in far)


@pytest.mark.django_db
def test_a_row_focused_in_place_on_a_saved_comparison_keeps_its_short_address(client, aligned):
    client.post(reverse("compare:save"), {"plans": THREE, "query": "part=tasks"})
    share = SavedComparison.objects.get()
    anchor = _rows(_html(client.get(share.get_absolute_url())))[2]
    response = client.get(share.get_absolute_url(), {"row": anchor}, **HX)
    assert response["HX-Push-Url"] == f"{share.get_absolute_url()}?row={anchor}"
    assert _html(response).lstrip().startswith(f'<tr id="{anchor}"')
