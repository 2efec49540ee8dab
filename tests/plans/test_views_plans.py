from __future__ import annotations

from datetime import date

import pytest
from django.db import models
from django.urls import reverse
from django.utils.html import escape

from plans.importing import import_plan
from plans.models import Era, Jurisdiction, Plan, Section

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def _section(plan, parent=None, **fields) -> Section:
    order = plan.sections.count()
    defaults = {
        "plan": plan,
        "parent": parent,
        "order": order,
        "depth": parent.depth + 1 if parent else 0,
        "kind": Section.Kind.CHAPTER if parent is None else Section.Kind.ITEM,
        "start": order * 10,
        "end": order * 10 + 9,
    }
    defaults.update(fields)
    defaults.setdefault("title_simplified", defaults.get("title", ""))
    defaults.setdefault("body_simplified", defaults.get("body", ""))
    return Section.objects.create(**defaults)


def _plan(jurisdiction, era, slug, title, **fields) -> Plan:
    return Plan.objects.create(
        jurisdiction=jurisdiction,
        era=era,
        slug=slug,
        title=title,
        source=f"{slug}.txt",
        raw_text=title,
        content_hash=slug,
        **fields,
    )


@pytest.fixture
def library():
    """A small tree of places and plans, shaped like the seeds."""
    nation = Jurisdiction.objects.create(name="全国", slug="quanguo", level="national")
    sichuan = Jurisdiction.objects.create(
        name="四川省", slug="sichuan", level="province", parent=nation
    )
    guangyuan = Jurisdiction.objects.create(
        name="广元市", slug="guangyuan", level="prefecture", parent=sichuan
    )
    wangcang = Jurisdiction.objects.create(
        name="旺苍县", slug="wangcang", level="county", parent=guangyuan
    )
    hunan = Jurisdiction.objects.create(
        name="湖南省", slug="hunan", level="province", parent=nation
    )
    e13 = Era.objects.create(name="十三五", start_year=2016, end_year=2020)
    e14 = Era.objects.create(name="十四五", start_year=2021, end_year=2025)

    wc = _plan(
        wangcang,
        e14,
        "wangcang-2023-digital-gov-plan",
        "旺苍县“十四五”数字政府建设规划",
        doc_number="旺府发〔2023〕15号",
        issuer="旺苍县人民政府",
        issued=date(2023, 6, 15),
        warnings=["第一章缺失，已补充。"],
    )
    preface = _section(wc, kind="preface", label="", title="前言", body="第一段。\n\n第二段。")
    chapter = _section(wc, label="第一章", title="发展基础", implied=True, flags=["implied"])
    item = _section(wc, chapter, label="一、", title="建设成效", body="成效显著。")
    sub = _section(wc, item, label="1.", title="基础设施", body="网络覆盖。", flags=["mojibake"])
    _section(wc, chapter, label="二、", title="存在问题", body="问题不少。")
    interpretation = _plan(
        wangcang,
        e14,
        "wangcang-2023-interpretation",
        "《旺苍规划》解读",
        kind="interpretation",
        interprets=wc,
    )
    hn = _plan(
        hunan,
        e13,
        "hunan-13th-egov-plan",
        "湖南省電子政務“十三五”規劃",
        script="traditional",
        issued=date(2017, 3, 7),
    )
    hn_chapter = _section(
        hn,
        label="一、",
        title="發展現狀",
        title_simplified="发展现状",
        body="電子政務發展。",
        body_simplified="电子政务发展。",
    )
    hn_item = _section(
        hn,
        hn_chapter,
        label="（一）",
        title="主要成績",
        title_simplified="主要成绩",
        body="成績顯著。",
        body_simplified="成绩显著。",
    )
    national = _plan(
        nation, None, "national-opinion", "国务院关于加强数字政府建设的指导意见", kind="opinion"
    )
    return {
        "wc": wc,
        "preface": preface,
        "chapter": chapter,
        "item": item,
        "sub": sub,
        "interpretation": interpretation,
        "hn": hn,
        "hn_chapter": hn_chapter,
        "hn_item": hn_item,
        "national": national,
    }


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# Home


def test_home_groups_jurisdictions_by_level_with_their_parents(client, library):
    html = _html(client.get(reverse("plans:home")))
    levels = [html.index(f'id="level-{level}"') for level in Jurisdiction.Level.values]
    assert levels == sorted(levels)
    county = html[html.index('id="level-county"') :]
    assert county.index("四川省") < county.index("广元市") < county.index("旺苍县")


def test_home_leads_to_the_coverage_and_evolution_reports(client, library):
    """Beside the comparison, the two reports a planner asks for; reached once only from a
    plan's or a place's page."""
    html = _html(client.get(reverse("plans:home")))
    picker = html[html.index('id="picker-title"') : html.index("</section>")]
    assert f'href="{reverse("compare:coverage")}"' in picker
    assert f'href="{reverse("compare:evolution")}"' in picker


def test_home_lists_plans_by_era_with_kind_date_doc_number_and_section_count(client, library):
    html = _html(client.get(reverse("plans:home")))
    wangcang = html[html.index('id="j-wangcang"') :]
    assert "十四五（2021—2025）" in wangcang
    assert "旺苍县“十四五”数字政府建设规划" in wangcang
    assert "旺府发〔2023〕15号" in wangcang
    assert "2023-06-15" in wangcang
    assert "5 节" in wangcang
    assert "解读" in wangcang
    assert "十三五（2016—2020）" in html[html.index('id="j-hunan"') :]
    assert "未标明规划期" in html[html.index('id="j-quanguo"') :]


def test_home_links_an_interpretation_to_the_plan_it_interprets(client, library):
    html = _html(client.get(reverse("plans:home")))
    listing = html[html.index('class="level"') :]  # past the compare picker
    row = listing[listing.index("《旺苍规划》解读") :]
    assert library["wc"].get_absolute_url() in row[: row.index("</li>")]


def test_home_runs_two_queries_however_many_plans(client, library, django_assert_num_queries):
    # The catalogue's version, then the jurisdictions and the plans; seen again, the version.
    with django_assert_num_queries(3):
        first = client.get(reverse("plans:home")).content
    with django_assert_num_queries(1):
        assert (
            client.get(reverse("plans:home")).content.split(b"<main>")[1]
            == first.split(b"<main>")[1]
        )


def test_home_shows_a_new_plan_at_once(client, library):
    client.get(reverse("plans:home"))
    text = "包头市数字政府建设考评办法\n第一条 为了考评，制定本办法。\n第二条 本办法自施行。\n"
    import_plan(data=text.encode(), source="baotou.txt")
    assert "包头市数字政府建设考评办法" in _html(client.get(reverse("plans:home")))


def test_home_says_how_to_import_when_empty(client):
    assert "load_seeds" in _html(client.get(reverse("plans:home")))


# Jurisdiction


def test_jurisdiction_page_lists_its_plans_parents_and_children(
    client, library, django_assert_num_queries
):
    with django_assert_num_queries(3):
        html = _html(client.get(reverse("plans:jurisdiction", args=["guangyuan"])))
    assert "四川省" in html and "旺苍县" in html
    html = _html(client.get(reverse("plans:jurisdiction", args=["wangcang"])))
    assert "旺苍县“十四五”数字政府建设规划" in html


def test_unknown_jurisdiction_is_404(client, library):
    assert client.get(reverse("plans:jurisdiction", args=["nowhere"])).status_code == 404


# Plan page


def test_plan_page_shows_metadata_warnings_and_interpretations(client, library):
    html = _html(client.get(library["wc"].get_absolute_url()))
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
    html = _html(client.get(library["interpretation"].get_absolute_url()))
    assert "解读对象" in html and library["wc"].get_absolute_url() in html


def test_plan_outline_shows_root_headings_collapsed_with_child_counts(client, library):
    html = _html(client.get(library["wc"].get_absolute_url()))
    chapter = library["chapter"]
    assert f'id="{chapter.anchor}"' in html
    assert "第一章 发展基础" in html
    assert "2 项" in html
    assert f'hx-get="{chapter.get_absolute_url()}"' in html
    assert "建设成效" not in html  # children are not loaded until asked for


def test_plan_outline_links_to_its_children_for_readers_without_javascript(client, library):
    html = _html(client.get(library["wc"].get_absolute_url()))
    chapter = library["chapter"]
    assert f'href="{library["wc"].get_absolute_url()}?open={chapter.pk}#{chapter.anchor}"' in html


def test_plan_outline_splits_bodies_into_paragraphs_and_shows_flags_as_badges(client, library):
    html = _html(client.get(library["wc"].get_absolute_url() + f"?open={library['item'].pk}"))
    assert "<p>第一段。</p><p>第二段。</p>" in html
    assert 'badge-implied">补充<' in html
    assert 'badge-bad">乱码<' in html


def test_plan_page_with_open_expands_the_branch_down_to_that_section(client, library):
    url = library["wc"].get_absolute_url() + f"?open={library['item'].pk}"
    html = _html(client.get(url))
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
        html = _html(client.get(url, {"expand": "all"}))
    for section in library["wc"].sections.all():
        assert f'id="{section.anchor}"' in html
    assert "hx-trigger" not in html[html.index('id="outline"') :]  # nothing left to load
    # every section with text or children: 前言, 第一章, 一、, 1., 二、
    assert html.count("<details open>") == 5 and "<details>" not in html


def test_the_outline_offers_expand_all_collapse_all_and_print_as_plain_links(client, library):
    html = _html(client.get(library["hn"].get_absolute_url(), {"script": "simplified"}))
    tools = html[html.index('class="outline-tools"') :]
    tools = tools[: tools.index("</p>")]
    assert 'href="?script=simplified&amp;expand=all#outline"' in tools
    assert 'hx-get="?script=simplified&amp;expand=all"' in tools
    assert 'href="?script=simplified&amp;expand=all&amp;print=1"' in tools
    folded = _html(client.get(library["hn"].get_absolute_url(), {"expand": "all", "open": 1}))
    assert f'href="{library["hn"].get_absolute_url()}#outline"' in folded  # expand, open dropped


def test_expand_all_serves_the_whole_outline_to_htmx(client, library):
    response = client.get(library["wc"].get_absolute_url(), {"expand": "all"}, **HX)
    html = _html(response)
    assert 'id="outline"' in html and "<nav" not in html
    assert f'id="{library["sub"].anchor}"' in html


def test_a_plan_too_long_to_read_whole_is_read_chapter_by_chapter(client, library, settings):
    plan = library["wc"]
    settings.PLAN_WHOLE_MAX_CHARS = len(plan.raw_text) - 1
    for query in ({"expand": "all"}, {"expand": "all", "print": "1"}):
        html = _html(client.get(plan.get_absolute_url(), query))
        outline = html[html.index('id="outline"') :]
        assert f"这份规划有 {len(plan.raw_text)} 字，太长" in outline
        assert "<details open>" not in outline and "data-print-now" not in html
        assert "expand=all" not in outline  # no link to what is refused
    fragment = _html(client.get(plan.get_absolute_url(), {"expand": "all"}, **HX))
    assert "太长" in fragment and "<details open>" not in fragment
    settings.PLAN_WHOLE_MAX_CHARS = len(plan.raw_text)  # at the bound, read whole
    assert "<details open>" in _html(client.get(plan.get_absolute_url(), {"expand": "all"}))


def test_the_print_link_asks_for_the_print_dialog_from_a_static_script(client, library):
    url = library["wc"].get_absolute_url()
    html = _html(client.get(url, {"expand": "all", "print": "1"}))
    assert "data-print-now" in html and "/static/js/plan.js" in html
    assert "data-print-now" not in _html(client.get(url, {"print": "1"}))  # whole plans only


def test_plan_page_serves_the_outline_alone_to_htmx(client, library, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get(library["hn"].get_absolute_url(), {"script": "simplified"}, **HX)
    html = _html(response)
    assert 'id="outline"' in html
    assert "<nav" not in html and "<html" not in html
    assert "发展现状" in html
    assert "HX-Request" in response["Vary"]


def test_plan_page_only_accepts_safe_methods(client, library):
    assert client.post(library["wc"].get_absolute_url()).status_code == 405


# Original / simplified


def test_traditional_plan_shows_the_original_by_default(client, library):
    html = _html(client.get(library["hn"].get_absolute_url()))
    assert "一、發展現狀" in html and "電子政務發展。" in html
    assert 'lang="zh-Hant"' in html
    assert "发展现状" not in html
    assert 'href="/plans/hunan-13th-egov-plan/?script=simplified"' in html


def test_traditional_plan_shows_simplified_text_when_asked(client, library):
    html = _html(client.get(library["hn"].get_absolute_url(), {"script": "simplified"}))
    assert "一、发展现状" in html and "电子政务发展。" in html
    assert 'lang="zh-Hant"' not in html
    assert "發展現狀" not in html
    chapter = library["hn_chapter"]
    # children load, and their fallback link opens, in the same script
    assert f'hx-get="{chapter.get_absolute_url()}?script=simplified"' in html
    assert f"?open={chapter.pk}&amp;script=simplified#{chapter.anchor}" in html


def test_simplified_plan_has_no_script_toggle(client, library):
    html = _html(client.get(library["wc"].get_absolute_url(), {"script": "simplified"}))
    assert "script-toggle" not in html


def test_section_children_load_in_the_script_asked_for(client, library):
    url = library["hn_chapter"].get_absolute_url()
    assert "主要成績" in _html(client.get(url, **HX))
    html = _html(client.get(url, {"script": "simplified"}, **HX))
    assert "主要成绩" in html and "成绩显著。" in html


# Section page


def test_section_page_shows_its_place_body_and_children(client, library, django_assert_num_queries):
    item = library["item"]
    # section with plan, children, ancestors; its links and coverage decisions (counterparts)
    with django_assert_num_queries(5):
        html = _html(client.get(item.get_absolute_url()))
    assert "<h1>一、建设成效" in html
    assert f'href="{library["chapter"].get_absolute_url()}">第一章 发展基础</a>' in html
    assert "<p>成效显著。</p>" in html
    assert f'id="children-{item.pk}"' in html and "1.基础设施" in html
    assert f"?open={item.pk}#{item.anchor}" in html  # back to the outline, opened here


def test_section_url_serves_its_children_to_htmx(client, library, django_assert_num_queries):
    chapter = library["chapter"]
    with django_assert_num_queries(2):
        response = client.get(chapter.get_absolute_url(), **HX)
    html = _html(response)
    assert f'id="children-{chapter.pk}"' in html
    assert "一、建设成效" in html and "二、存在问题" in html
    assert "<nav" not in html and "<html" not in html and "<h1" not in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client, library):
    headers = {**HX, "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}
    assert "<nav" in _html(client.get(library["hn"].get_absolute_url(), **headers))
    assert "<nav" in _html(client.get(library["item"].get_absolute_url(), **headers))


def test_section_page_varies_on_htmx_header(client, library):
    assert "HX-Request" in client.get(library["chapter"].get_absolute_url())["Vary"]


def test_section_of_another_plan_is_404(client, library):
    url = reverse("plans:section", args=[library["wc"].slug, library["hn_item"].pk])
    assert client.get(url).status_code == 404


def test_unknown_section_is_404(client, library):
    assert (
        client.get(reverse("plans:section", args=[library["wc"].slug, 999999])).status_code == 404
    )
    url = reverse("plans:section", args=["no-such-plan", library["item"].pk])
    assert client.get(url).status_code == 404


def test_every_section_anchor_is_on_the_fully_opened_outline(client, library):
    html = _html(client.get(library["wc"].get_absolute_url(), {"open": library["sub"].pk}))
    for section in library["wc"].sections.all():
        assert f'id="{section.anchor}"' in html


# The real seed documents


def test_home_lists_every_imported_seed_plan_in_three_queries(
    client, seeded, django_assert_num_queries
):
    with django_assert_num_queries(3):  # and the catalogue's version
        html = _html(client.get(reverse("plans:home")))
    assert len(seeded) == 9
    for plan in seeded:
        assert escape(plan.title) in html
    listing = html[html.index('class="level"') :]  # past the compare picker
    assert listing.index("四川省") < listing.index("广元市") < listing.index("旺苍县")


def test_every_seed_plan_and_its_deepest_section_render_in_fixed_queries(
    client, seeded, django_assert_num_queries
):
    for plan in seeded:
        higher = 1 if plan.jurisdiction.parent_id else 0  # plans of the parent jurisdictions
        # the sections citing documents in 《》, and the catalogue's titles if there are some
        higher += 2 if plan.slug != "national-2022-digital-gov-opinion" else 1
        # plan, root sections, interpretations, the sections that name who leads
        with django_assert_num_queries(4 + higher):
            html = _html(client.get(plan.get_absolute_url()))
        assert escape(plan.title) in html
        deepest = Section.objects.for_plan(plan).order_by("-depth", "order").first()
        if deepest is None:
            continue
        with django_assert_num_queries((7 if deepest.parent_id else 6) + higher):
            html = _html(client.get(plan.get_absolute_url(), {"open": deepest.pk}))
        assert f'id="{deepest.anchor}"' in html
        url = deepest.get_absolute_url()
        with django_assert_num_queries(5 if deepest.parent_id else 4):  # + counterparts
            _html(client.get(url))


def test_the_traditional_seed_reads_in_the_original_unless_simplified_is_asked_for(client, seeded):
    plan = Plan.objects.get(script=Plan.Script.TRADITIONAL)
    root = (
        Section.objects.for_plan(plan)
        .roots()
        .exclude(title="")
        .exclude(title=models.F("title_simplified"))
        .first()
    )
    assert root is not None
    assert escape(root.title) in _html(client.get(plan.get_absolute_url()))
    html = _html(client.get(plan.get_absolute_url(), {"script": "simplified"}))
    assert escape(root.title_simplified) in html
    assert escape(root.title) not in html


def test_plan_page_marks_the_metadata_the_importer_guessed_and_shows_the_source_link(client):
    from plans.importing import import_plan
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
