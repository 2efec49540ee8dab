"""The home page and a jurisdiction's page: places by level, plans by era, fixed queries."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from plans.importing import import_plan
from plans.models import Era, Jurisdiction, Plan
from tests.plans.views.pages import add_plan, page_html

pytestmark = pytest.mark.django_db


def test_home_groups_jurisdictions_by_level_with_their_parents(client, library):
    html = page_html(client.get(reverse("plans:home")))
    levels = [html.index(f'id="level-{level}"') for level in Jurisdiction.Level.values]
    assert levels == sorted(levels)
    county = html[html.index('id="level-county"') :]
    assert county.index("四川省") < county.index("广元市") < county.index("旺苍县")


def test_home_leads_to_the_coverage_and_evolution_reports(client, library):
    """Beside the comparison, the two reports a planner asks for; reached once only from a
    plan's or a place's page."""
    html = page_html(client.get(reverse("plans:home")))
    picker = html[html.index('id="picker-title"') : html.index("</section>")]
    assert f'href="{reverse("compare:coverage")}"' in picker
    assert f'href="{reverse("compare:evolution")}"' in picker


def test_home_lists_plans_by_era_with_kind_date_doc_number_and_section_count(client, library):
    html = page_html(client.get(reverse("plans:home")))
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
    html = page_html(client.get(reverse("plans:home")))
    listing = html[html.index('class="level"') :]  # past the compare picker
    row = listing[listing.index("《旺苍规划》解读") :]
    assert library["wc"].get_absolute_url() in row[: row.index("</li>")]


def test_an_undated_interpretation_is_listed_after_the_plan_it_interprets(client, library):
    place = library["wc"].jurisdiction
    for url in (reverse("plans:home"), place.get_absolute_url()):
        html = page_html(client.get(url))
        listing = html[html.index('class="plan-list"') :]
        assert listing.index("旺苍县“十四五”数字政府建设规划") < listing.index("《旺苍规划》解读")


def test_home_runs_two_queries_however_many_plans(client, library, django_assert_num_queries):
    # The catalogue's version, then the jurisdictions and the plans; seen again, the version.
    with django_assert_num_queries(3):
        first = client.get(reverse("plans:home")).content
    with django_assert_num_queries(1):
        assert (
            client.get(reverse("plans:home")).content.split(b"<main")[1] == first.split(b"<main")[1]
        )


def test_home_shows_a_new_plan_at_once(client, library):
    client.get(reverse("plans:home"))
    text = "包头市数字政府建设考评办法\n第一条 为了考评，制定本办法。\n第二条 本办法自施行。\n"
    import_plan(data=text.encode(), source="baotou.txt")
    assert "包头市数字政府建设考评办法" in page_html(client.get(reverse("plans:home")))


def test_home_says_how_to_import_when_empty(client):
    assert "load_seeds" in page_html(client.get(reverse("plans:home")))


def test_jurisdiction_page_lists_its_plans_parents_and_children(
    client, library, django_assert_num_queries
):
    with django_assert_num_queries(3):
        html = page_html(client.get(reverse("plans:jurisdiction", args=["guangyuan"])))
    assert "四川省" in html and "旺苍县" in html
    html = page_html(client.get(reverse("plans:jurisdiction", args=["wangcang"])))
    assert "旺苍县“十四五”数字政府建设规划" in html


def test_a_places_page_leads_each_plan_to_the_higher_plans_to_check_it_against(client, library):
    html = page_html(client.get(reverse("plans:jurisdiction", args=["wangcang"])))
    higher = html[html.index('id="higher"') :]
    plan = Plan.objects.get(slug="wangcang-2023-digital-gov-plan")
    assert f'href="{plan.get_absolute_url()}#higher-plans"' in higher
    national = page_html(client.get(reverse("plans:jurisdiction", args=["quanguo"])))
    assert 'id="higher"' not in national  # nothing above the nation


def test_unknown_jurisdiction_is_404(client, library):
    assert client.get(reverse("plans:jurisdiction", args=["nowhere"])).status_code == 404


def test_home_lists_every_imported_seed_plan_in_three_queries(
    client, seeded, django_assert_num_queries
):
    with django_assert_num_queries(3):  # and the catalogue's version
        html = page_html(client.get(reverse("plans:home")))
    assert len(seeded) == 9
    for plan in seeded:
        assert escape(plan.title) in html
    listing = html[html.index('class="level"') :]  # past the compare picker
    assert listing.index("四川省") < listing.index("广元市") < listing.index("旺苍县")


def test_every_page_opens_with_a_link_that_skips_the_site_links_to_main(client, library):
    # The first link in the body, before the site's own: one Tab, then Enter, reaches the page.
    for url in (reverse("plans:home"), reverse("plans:search"), library["wc"].get_absolute_url()):
        body = page_html(client.get(url)).split("<body", 1)[1]
        assert body.index('<a class="skip-link" href="#main">') < body.index("<nav"), url
        assert '<main id="main" tabindex="-1">' in body, url
    english = client.get(reverse("plans:home"), headers={"accept-language": "en"})
    assert ">Skip to content</a>" in page_html(english)


def test_home_lists_places_with_plans_first_in_the_order_of_their_division_codes(client, library):
    # 四川省 (51) is listed only as the parent of 旺苍县's plan, 内蒙古自治区 (15) of 包头市's.
    nation, era = Jurisdiction.objects.get(slug="quanguo"), Era.objects.get(name="十四五")
    for name, slug in (("云南省", "yunnan"), ("山西省", "shanxi"), ("江苏省", "jiangsu")):
        province = Jurisdiction.objects.create(
            name=name, slug=slug, level="province", parent=nation
        )
        add_plan(province, era, f"{slug}-plan", f"{name}数字政府建设规划")
    mongolia = Jurisdiction.objects.create(
        name="内蒙古自治区", slug="neimenggu", level="province", parent=nation
    )
    baotou = Jurisdiction.objects.create(
        name="包头市", slug="baotou", level="prefecture", parent=mongolia
    )
    add_plan(baotou, era, "baotou-measures", "包头市数字政府建设考评办法")
    html = page_html(client.get(reverse("plans:home")))
    provinces = html[html.index('id="level-province"') : html.index('id="level-prefecture"')]
    listed = re.findall(r'id="j-([a-z]+)"', provinces)
    assert listed == ["shanxi", "jiangsu", "hunan", "yunnan", "neimenggu", "sichuan"]
