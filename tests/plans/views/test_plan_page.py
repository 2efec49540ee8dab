"""A plan's page: metadata and warnings, the outline folded and opened, expand all, print, htmx."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plans.importing import import_plan
from tests.plans.views.pages import HX, page_html

pytestmark = pytest.mark.django_db


def test_plan_page_shows_metadata_warnings_and_interpretations(client, library):
    html = page_html(client.get(library["wc"].get_absolute_url()))
    for text in [
        "全国 › 四川省 › 广元市 › 旺苍县",
        "十四五（2021—2025）",
        "旺府发〔2023〕15号",
        "旺苍县人民政府",
        "2023年6月15日",
        "第一章缺失，已补充。",
        "《旺苍规划》解读",
    ]:
        assert text in html
    html = page_html(client.get(library["interpretation"].get_absolute_url()))
    assert "解读对象" in html and library["wc"].get_absolute_url() in html


def test_plan_outline_shows_root_headings_collapsed_with_child_counts(client, library):
    html = page_html(client.get(library["wc"].get_absolute_url()))
    chapter = library["chapter"]
    assert f'id="{chapter.anchor}"' in html
    assert "第一章 发展基础" in html
    assert "2 项" in html
    assert f'hx-get="{chapter.get_absolute_url()}"' in html
    assert "建设成效" not in html  # children are not loaded until asked for


def test_plan_outline_links_to_its_children_for_readers_without_javascript(client, library):
    html = page_html(client.get(library["wc"].get_absolute_url()))
    chapter = library["chapter"]
    assert f'href="{library["wc"].get_absolute_url()}?open={chapter.pk}#{chapter.anchor}"' in html


def test_plan_outline_splits_bodies_into_paragraphs_and_shows_flags_as_badges(client, library):
    html = page_html(client.get(library["wc"].get_absolute_url() + f"?open={library['item'].pk}"))
    assert "<p>第一段。</p><p>第二段。</p>" in html
    assert 'badge-implied">补充<' in html
    assert 'badge-bad">乱码<' in html


def test_plan_page_with_open_expands_the_branch_down_to_that_section(client, library):
    url = library["wc"].get_absolute_url() + f"?open={library['item'].pk}"
    html = page_html(client.get(url))
    assert html.count("<details open>") == 2  # 第一章 and 一、
    assert f'id="children-{library["chapter"].pk}"' in html
    assert "建设成效" in html and "存在问题" in html and "基础设施" in html


@pytest.mark.parametrize("value", ["abc", "-1", "999999"])
def test_plan_page_with_an_unknown_open_section_is_404(client, library, value):
    response = client.get(library["wc"].get_absolute_url(), {"open": value})
    assert response.status_code == 404


def test_plan_page_will_not_open_a_section_of_another_plan(client, library):
    response = client.get(library["wc"].get_absolute_url(), {"open": library["hn_item"].pk})
    assert response.status_code == 404


def test_unknown_plan_is_404(client, library):
    assert client.get(reverse("plans:plan", args=["no-such-plan"])).status_code == 404


def test_plan_page_query_count_does_not_grow_with_depth(client, library, django_assert_num_queries):
    # plan, root sections, interpretations, the plans of the parent jurisdictions, the sections
    # that may cite documents (none here: the catalogue's titles are not read), the sections
    # that name who leads
    with django_assert_num_queries(6):
        client.get(library["wc"].get_absolute_url())
    with django_assert_num_queries(9):  # + the open section, its ancestors, their children
        client.get(library["wc"].get_absolute_url(), {"open": library["sub"].pk})


def test_expand_all_opens_every_section_in_fixed_queries(
    client, library, django_assert_num_queries
):
    url = library["wc"].get_absolute_url()
    with django_assert_num_queries(6):  # as the folded page: all sections in the one query
        html = page_html(client.get(url, {"expand": "all"}))
    for section in library["wc"].sections.all():
        assert f'id="{section.anchor}"' in html
    assert "hx-trigger" not in html[html.index('id="outline"') :]  # nothing left to load
    # every section with text or children: 前言, 第一章, 一、, 1., 二、
    assert html.count("<details open>") == 5 and "<details>" not in html


def test_the_outline_offers_expand_all_collapse_all_and_print_as_plain_links(client, library):
    html = page_html(client.get(library["hn"].get_absolute_url(), {"script": "simplified"}))
    tools = html[html.index('class="outline-tools"') :]
    tools = tools[: tools.index("</p>")]
    assert 'href="?script=simplified&amp;expand=all#outline"' in tools
    assert 'hx-get="?script=simplified&amp;expand=all"' in tools
    assert 'href="?script=simplified&amp;expand=all&amp;print=1"' in tools
    folded = page_html(client.get(library["hn"].get_absolute_url(), {"expand": "all", "open": 1}))
    assert f'href="{library["hn"].get_absolute_url()}#outline"' in folded  # expand, open dropped


def test_expand_all_serves_the_whole_outline_to_htmx(client, library):
    response = client.get(library["wc"].get_absolute_url(), {"expand": "all"}, **HX)
    html = page_html(response)
    assert 'id="outline"' in html and "<nav" not in html
    assert f'id="{library["sub"].anchor}"' in html


def test_a_plan_too_long_to_read_whole_is_read_chapter_by_chapter(client, library, settings):
    plan = library["wc"]
    settings.PLAN_WHOLE_MAX_CHARS = len(plan.raw_text) - 1
    for query in ({"expand": "all"}, {"expand": "all", "print": "1"}):
        html = page_html(client.get(plan.get_absolute_url(), query))
        outline = html[html.index('id="outline"') :]
        assert f"这份规划有 {len(plan.raw_text)} 字，太长" in outline
        assert "<details open>" not in outline and "data-print-now" not in html
        assert "expand=all" not in outline  # no link to what is refused
    fragment = page_html(client.get(plan.get_absolute_url(), {"expand": "all"}, **HX))
    assert "太长" in fragment and "<details open>" not in fragment
    settings.PLAN_WHOLE_MAX_CHARS = len(plan.raw_text)  # at the bound, read whole
    assert "<details open>" in page_html(client.get(plan.get_absolute_url(), {"expand": "all"}))


def test_the_print_link_asks_for_the_print_dialog_from_a_static_script(client, library):
    url = library["wc"].get_absolute_url()
    html = page_html(client.get(url, {"expand": "all", "print": "1"}))
    assert "data-print-now" in html and "/static/js/plan.js" in html
    assert "data-print-now" not in page_html(client.get(url, {"print": "1"}))  # whole plans only


def test_plan_page_serves_the_outline_alone_to_htmx(client, library, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get(library["hn"].get_absolute_url(), {"script": "simplified"}, **HX)
    html = page_html(response)
    assert 'id="outline"' in html
    assert "<nav" not in html and "<html" not in html
    assert "发展现状" in html
    assert "HX-Request" in response["Vary"]


def test_plan_page_only_accepts_safe_methods(client, library):
    assert client.post(library["wc"].get_absolute_url()).status_code == 405


def test_plan_page_marks_the_metadata_the_importer_guessed_and_shows_the_source_link(client):
    from tests.shared import shared_document

    name = "shanghai-lingang-measures-2019.txt"
    plan = import_plan(data=shared_document(name).read_bytes(), source=name).plan
    plan.metadata_sources["kind"] = "guessed"  # as if the title had not said 办法
    plan.save()

    html = client.get(plan.get_absolute_url()).content.decode()

    assert html.count('class="guessed"') == 1  # the kind; the rest the text states
    assert "文件没有明文写出" in html
    assert 'href="https://www.pkulaw.com/lar/7d920e1816db6cdd81e6141142bae24abdfb.html"' in html


@pytest.mark.django_db
def test_the_plan_page_shows_no_internal_file_name_as_its_source(client, seeded):
    plan = next(p for p in seeded if not p.source_url)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert plan.source not in html
