"""The compare page's rows: one per first-plan section with every plan as a column, marks of shared
and distinct text, redline, folding, chapter names and the outline."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import call_command

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
    table_of,
)


@pytest.mark.django_db
def test_rows_follow_the_first_plans_reading_order_with_every_plan_as_a_column(client, aligned):
    html = html_of(get_compare(client))
    y22 = Plan.objects.get(slug=Y22)
    anchors = row_ids(html)
    first = list(y22.sections.order_by("order").values_list("pk", flat=True))
    # a row may gather a section with the one next to it: its anchor is the first of them
    shown = re.findall(rf'href="/plans/{Y22}/s/(\d+)/"', table_of(html))
    assert [int(pk) for pk in shown] == first
    opened = [a for a in anchors if int(a[1:]) in first]
    assert opened == sorted(opened, key=lambda a: first.index(int(a[1:])))
    assert html.count('data-plan="hunan-13th-egov-plan"') == len(anchors)


@pytest.mark.django_db
def test_the_government_cloud_row_has_sections_from_all_three_plans(client, aligned):
    html = html_of(get_compare(client))
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
    html = html_of(get_compare(client))
    row = html[html.index(f'id="r{implied.pk}"') :]
    heading = row[row.index("<h3>") : row.index("</h3>")]

    assert f'<span class="label">{implied.label}</span></a>' in heading
    assert 'class="badge badge-implied"' in heading and "补充" in heading


@pytest.mark.django_db
def test_in_english_a_heading_the_importer_supplied_is_badged_as_an_added_heading(client, aligned):
    implied = Plan.objects.get(slug=WC).sections.get(implied=True)
    html = html_of(get_compare(client, headers={"HTTP_ACCEPT_LANGUAGE": "en"}))
    row = html[html.index(f'id="r{implied.pk}"') :]
    heading = row[row.index("<h3>") : row.index("</h3>")]
    badge = re.search(r'<span class="badge badge-implied" title="([^"]+)">([^<]+)</span>', heading)

    assert badge.group(2) == "Added heading"
    assert "heading" in badge.group(1) and "import" in badge.group(1)  # the tooltip says why


@pytest.mark.django_db
def test_the_plans_titles_are_marked_chinese_so_an_english_page_sets_them_in_a_cjk_font(
    client, aligned
):
    html = html_of(get_compare(client, headers={"HTTP_ACCEPT_LANGUAGE": "en"}))
    titles = re.findall(r'<a href="/plans/([^/]+)/" lang="([^"]+)">', html.split("</ol>")[0])
    assert titles == [(Y22, "zh-Hans"), (HN, "zh-Hant"), (WC, "zh-Hans")]


@pytest.mark.django_db
def test_by_default_each_cell_shows_its_own_text_with_shared_and_distinct_marks(client, aligned):
    html = table_of(html_of(get_compare(client)))
    assert "<del>" not in html and "<ins>" not in html  # no text of another plan in a cell
    assert re.search(r'<mark class="m-s">[^<]+</mark>', html)
    assert re.search(r'<strong class="m-d">[^<]+</strong>', html)
    # What each mark means is said to screen readers (by the CSS, from these words).
    page = html_of(get_compare(client))
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
    html = table_of(html_of(get_compare(client)))
    marked = set(re.findall(r'<strong class="m-d">([^<]+)</strong>', html))
    assert not {"重点", "全面实现", "功能", "智慧"} & marked
    assert "政务云" in marked  # a rare term a plan alone names still is


@pytest.mark.django_db
def test_redline_is_a_mode_for_the_page_or_for_one_row(client, aligned):
    html = table_of(html_of(get_compare(client, mode="redline")))
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
        for r in re.findall(
            r'<tr id="r\d+" class="row".*?</tr>', table_of(html_of(get_compare(client))), re.S
        )
        if "逐字" in r
    )
    anchor = re.search(r'id="(r\d+)"', row).group(1)
    one = html_of(get_compare(client, row=anchor, rowmode="redline", headers=HX))
    assert one.lstrip().startswith(f'<tr id="{anchor}"') and "<del>" in one


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["", "redline"])
def test_the_legend_sets_its_colons_in_the_readers_language(client, aligned, mode):
    def legend(language: str) -> str:
        html = html_of(get_compare(client, mode=mode, headers={"HTTP_ACCEPT_LANGUAGE": language}))
        return re.search(r'<ul class="legend".*?</ul>', html, re.S).group(0)

    english, chinese = legend("en"), legend("zh-hans")
    assert "：" not in english
    assert re.search(r"</(mark|ins)>: \w", english)
    assert re.search(r"</(mark|ins)>：\w", chinese)


@pytest.mark.django_db
def test_scores_and_reasons_are_there_on_demand_and_long_texts_fold(client, aligned):
    html = html_of(get_compare(client))
    assert '<details class="why">' in html and "共同主题词" in html
    assert '<details class="fold">' in html and "展开全文" in html


@pytest.mark.django_db
def test_a_row_folds_its_texts_alike_in_every_column(client, aligned):
    table = table_of(html_of(get_compare(client)))
    folded_rows = 0
    for row in re.findall(r'<tr id="r\d+".*?</tr>', table, re.S):
        articles = [a for a in row.split("<article")[1:] if 'class="text"' in a]
        states = {'class="fold"' in a for a in articles}
        assert len(states) <= 1, row[:200]  # never a long text folded beside open ones
        folded_rows += states == {True} and len(articles) > 1
    assert folded_rows  # rows whose every text is long still fold


@pytest.mark.django_db
def test_a_cell_of_several_sections_names_their_chapter_once(client, aligned):
    cells = re.findall(r"<td data-plan=.*?</td>", table_of(html_of(get_compare(client))), re.S)
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
def test_the_outline_lists_the_first_plans_chapters_with_their_counts(client, aligned):
    html = html_of(get_compare(client))
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
    goals = html_of(get_compare(client, part="goals"))
    outline = goals[goals.index('<details class="cmp-outline"') :]
    assert re.search(r'href="\?[^"]*chapter=\d+', outline)


@pytest.mark.django_db
def test_each_cell_names_its_chapter_and_labels_stand_apart_from_titles(client, aligned):
    html = html_of(get_compare(client))
    wc = Plan.objects.get(slug=WC)
    section = wc.sections.filter(depth=2).exclude(body="").first()
    root = section.parent.parent
    assert re.search(rf'<p class="in-chapter">{root.label} ', html)
    assert re.search(r"<th scope=\"row\"><a [^>]*>第一章 \w", html)  # not 第一章现状与形势


@pytest.mark.django_db
def test_rows_that_differ_are_marked_for_jumping(client, aligned):
    html = html_of(get_compare(client))
    differ = set(row_ids(html_of(get_compare(client, differ="1"))))
    marked = set(re.findall(r'<tr id="(r\d+)"[^>]* data-differs>', html))
    assert marked == differ


@pytest.mark.django_db
def test_garbled_text_is_flagged_in_the_comparison_as_on_the_plan_page(client, aligned):
    garbled = next(
        s for s in Plan.objects.get(slug=HN).sections.all() if "mojibake" in (s.flags or [])
    )
    html = html_of(get_compare(client))
    article = html[html.index(garbled.get_absolute_url()) :][:1500]
    assert 'class="badge badge-bad"' in article and "乱码" in article


@pytest.mark.django_db
def test_redline_is_the_default_only_where_a_cell_is_near_identical_to_the_first_plans(
    client, seeded, settings
):
    settings.ALIGN_IN_BACKGROUND = False
    call_command("align", Y22, Y23, verbosity=0, stdout=io.StringIO())
    data = json.loads(get_compare(client, f"{Y22},{Y23}", format="json").content)
    near = {
        r["anchor"]
        for r in data["rows"]
        for s in r["cells"][Y23]["sections"]
        if 0.8 <= s.get("similarity", 0) < 1 and s["text"]
    }
    assert near  # the programme reuses some of the plan's paragraphs, a little changed
    html = table_of(html_of(get_compare(client, f"{Y22},{Y23}")))
    rows = {m.group(1): m.group(0) for m in re.finditer(r'<tr id="(r\d+)".*?</tr>', html, re.S)}
    assert all(re.search(r"<(ins|del)>", rows[a]) for a in near)
    far = [a for a, row in rows.items() if a not in near and 'class="m-s"' in row]
    assert far and not any("<del>" in rows[a] for a in far)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "untitled"), [("zh-hans", "前言（无标题）"), ("en", "Preamble (untitled)")]
)
def test_a_heading_comes_from_the_document_and_only_an_untitled_sections_kind_is_translated(
    client, aligned, language, untitled
):
    html = html_of(get_compare(client, headers={"HTTP_ACCEPT_LANGUAGE": language}))
    preface_row = next(r for r in re.findall(r"<tr id=.*?</tr>", html, re.S) if ">前言<" in r)
    headings = dict(
        re.findall(r'<td data-plan="([^"]+)".*?<h3><a [^>]*>(.*?)</a>', preface_row, re.S)
    )

    # 云南 and 旺苍 print 前 言 over their opening (letter-spaced, stored 前言 since pdf12): the
    # document's words, in every language.
    assert headings[Y22] == headings[WC] == "前言"
    # 湖南 opens with no heading: the row names it by its kind, in the reader's language.
    assert headings[HN] == f'<span class="untitled" lang="{language}">{untitled}</span>'
