"""The page of one plan against the catalogue: who may start a run, waiting, and what it found."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compare.alignment.reasons import band_words
from compare.catalogue.results import LIKELY, POSSIBLE, SHOWN
from compare.models import CatalogueMatch, CatalogueRun
from plans.models import Plan
from tests.compare.catalogue import PAGE, START, Y22
from tests.moduledata import kept_for_the_module

COUNTERPART = r'<li class="band-\w+">.*?href="/plans/([^/]+)/"'


@pytest.fixture(scope="module")
def finished(_session_seeds, django_db_blocker):
    """A catalogue of twelve plans beside the seeds, and one run of Yunnan 2022 against it: made
    once for the module's tests (each test's own writes roll back to it)."""
    from compare.catalogue.running import run_chunks_here

    with kept_for_the_module(django_db_blocker):
        call_command("make_catalogue", 12, seed=2)
        yield run_chunks_here(Plan.objects.get(slug=Y22), chunk=6)


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.django_db
def test_a_plan_page_links_to_its_catalogue_page(client, seeded):
    assert f'href="{PAGE}"' in _html(client.get(f"/plans/{Y22}/"))


@pytest.mark.django_db
def test_an_anonymous_reader_may_not_start_a_run_and_is_told_who_may(client, seeded):
    html = _html(client.get(PAGE))
    assert "还没有与整个目录比对过" in html and START not in html

    assert client.post(START).status_code == 403
    assert not CatalogueRun.objects.exists()


@pytest.mark.django_db
def test_an_anonymous_reader_is_offered_a_sign_in_that_comes_back_here(client, seeded):
    html = _html(client.get(PAGE))
    assert f'href="/admin/login/?next={PAGE}"' in html


@pytest.mark.django_db
def test_the_start_click_builds_no_index_and_reads_no_section(client, staff, seeded, monkeypatch):
    from compare.catalogue import running as catalogue

    def build_index(*args, **kwargs):
        raise AssertionError("the start request built the catalogue index")

    monkeypatch.setattr(catalogue, "build_index", build_index)
    monkeypatch.setattr(catalogue, "current_index", build_index)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(START)
    assert response.status_code == 302 and response["Location"] == PAGE
    run = CatalogueRun.objects.get()
    assert (run.status, run.index) == ("queued", None)
    read = [q["sql"] for q in queries if "plans_section" in q["sql"]]
    assert not read, read


@pytest.mark.django_db
def test_each_section_shows_its_most_probable_counterparts_above_the_cut(client, finished):
    html = _html(client.get(PAGE))
    plan = Plan.objects.get(slug=Y22)
    for section in plan.sections.all():
        matches = CatalogueMatch.objects.filter(run=finished, section=section)
        strong = matches.filter(score__gte=POSSIBLE).order_by("-score", "other_id")
        block = html[html.index(f'id="s-{section.pk}"') :]
        block = block[: block.index("</li>\n    \n") if "</li>\n    \n" in block else None]
        shown = re.findall(r'<li class="band-(\w+)"><span class="band">([^<]*)</span>', block)
        expected = [  # worded as on the compare page: one home for the band words
            ("likely" if m.score >= LIKELY else "possible", band_words(m.score))
            for m in strong[:SHOWN]
        ]
        assert shown == expected, section
        plans = strong.values("other_plan").distinct().count()
        if plans:
            assert f"{plans} 份规划" in block
        else:
            assert "目录中没有找到对应" in block


@pytest.mark.django_db
def test_a_section_with_a_label_and_no_title_is_headed_by_its_label_alone(client, finished):
    # An implied chapter (第一章 with no title) read 第一章 章 when its kind filled the title.
    section = Plan.objects.get(slug=Y22).sections.filter(kind="chapter").exclude(label="").first()
    section.title = ""
    section.save(update_fields=["title"])
    html = _html(client.get(PAGE))
    block = html[html.index(f'id="s-{section.pk}"') :]
    heading = block[block.index("<h2") : block.index("</h2>")]
    link = heading[heading.index("<a ") : heading.index("</a>")]
    assert link.endswith(f'<span class="label">{section.label}</span>'), link


@pytest.mark.django_db
def test_filters_narrow_the_counterparts_to_a_level_or_a_province(client, finished):
    from plans.models import Jurisdiction

    counties = _html(client.get(PAGE, {"level": "county"}))
    levels = {
        Plan.objects.get(slug=slug).jurisdiction.level
        for slug in re.findall(COUNTERPART, counties, re.S)
    }
    assert levels == {"county"}

    matched = CatalogueMatch.objects.filter(run=finished, score__gte=POSSIBLE)
    province = Jurisdiction.objects.filter(
        level="province", plans__in=matched.values("other_plan")
    ).first()
    html = _html(client.get(PAGE, {"province": province.slug}))
    slugs = set(re.findall(COUNTERPART, html, re.S))
    assert slugs
    for slug in slugs:
        place = Plan.objects.get(slug=slug).jurisdiction
        assert province.name in [place.name, *(p.name for p in place.ancestors)]


@pytest.mark.django_db
def test_the_province_filter_offers_only_provinces_with_another_plan_to_compare_against(
    client, finished
):
    from plans.models import Jurisdiction

    fujian = Jurisdiction.objects.create(name="福建省", slug="fujian", level="province")
    Jurisdiction.objects.create(name="海南省", slug="hainan", level="province")  # no plan
    alone = Plan.objects.create(
        jurisdiction=fujian, slug="fujian-2022-plan", title="福建省数字政府方案", raw_text="…"
    )
    CatalogueRun.objects.create(plan=alone, status=CatalogueRun.Status.DONE)

    def offered(page: str) -> list[str]:
        html = _html(client.get(page))
        start = html.index('name="province"')
        select = html[start : html.index("</select>", start)]
        return re.findall(r'<option value="([\w-]+)"', select)

    assert "fujian" in offered(PAGE) and "hainan" not in offered(PAGE)
    assert "yunnan" in offered("/catalogue/fujian-2022-plan/")
    assert "fujian" not in offered("/catalogue/fujian-2022-plan/")


@pytest.mark.django_db
def test_filtering_by_htmx_returns_only_the_results(client, finished):
    response = client.get(
        PAGE, {"level": "province"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="catalogue-results"
    )
    html = _html(response)
    assert html.lstrip().startswith('<section id="catalogue-results"') and "<html" not in html


@pytest.mark.django_db
def test_the_results_page_costs_the_same_few_queries_however_many_matches(
    client, finished, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        _html(client.get(PAGE))


@pytest.mark.django_db
def test_the_catalogue_page_speaks_english(client, finished):
    html = _html(client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en"))
    assert "very likely" in html.lower() or "Very likely" in html
