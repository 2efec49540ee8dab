"""Pages with a catalogue of a thousand plans: the same queries as with ten."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Plan
from tests.moduledata import kept_for_the_module

Y22, HN = "yunnan-2022-egov-plan", "hunan-13th-egov-plan"


@pytest.fixture(scope="module")
def large_catalogue(_session_seeds, django_db_blocker):
    """The seeds and 40 synthetic plans more than the home page lists whole and a picker offers,
    made once for the module's tests that only read them."""
    from plans.choosing import OFFERED
    from plans.views import HOME_ALL_PLANS

    with kept_for_the_module(django_db_blocker):
        call_command("make_catalogue", max(HOME_ALL_PLANS, OFFERED) + 40, seed=1)
        yield


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def _pages(plan: Plan) -> dict[str, str]:
    section = plan.sections.filter(parent__isnull=False).first()
    return {
        "home": "/",
        "picker": "/compare/",
        "plan": plan.get_absolute_url(),
        "plan, a section open": f"{plan.get_absolute_url()}?open={section.pk}",
        "section": section.get_absolute_url(),
        "compare": f"/compare/?plans={Y22},{HN}",
        "search": "/search/?q=一网通办",
    }


@pytest.mark.django_db
def test_pages_run_the_same_queries_with_a_thousand_plans_as_with_ten(client, seeded):
    call_command("align", Y22, HN, verbosity=0)
    call_command("make_catalogue", 10, seed=1)
    plan = Plan.objects.get(slug=Y22)
    small = {name: _queries(client, url) for name, url in _pages(plan).items()}

    call_command("make_catalogue", 1000, seed=1)
    assert Plan.objects.count() > 1000
    large = {name: _queries(client, url) for name, url in _pages(plan).items()}

    assert large == small
    assert small == {
        "home": 3,
        "picker": 2,  # the picker, and the version its kept page is keyed on (web.pagecache)
        # + the sections citing documents in 《》 and the catalogue's titles, and the sections
        # that name who leads
        "plan": 7,
        "plan, a section open": 10,
        "section": 5,  # + the section's links to other plans, and the coverage decisions on it
        "compare": 6,  # + the catalogue's word statistics that weigh the bold marks
        # the version, the counts, and one query for the hits with the chapters above them
        # and the plans whose titles hold the words
        "search": 3,
    }


@pytest.mark.django_db
def test_the_picker_offers_every_plan_once(client, seeded):
    call_command("make_catalogue", 30, seed=3)
    html = client.get("/compare/").content.decode()

    first_column = re.search(r'<select name="plans".*?</select>', html, re.S).group(0)
    assert first_column.count("<option value=") - 1 == Plan.objects.count()  # and "请选择"


@pytest.mark.django_db
def test_a_large_catalogue_s_home_page_groups_places_by_province_with_counts(
    client, large_catalogue
):
    html = client.get("/").content.decode()

    groups = re.findall(r'<details class="region" id="r-([^"]+)"', html)
    assert len(groups) == len(set(groups)) > 5
    assert 'class="plan-list"' not in html  # no plan listed until a group is opened
    totals = re.findall(r"共 (\d+) 份规划", html)
    assert sum(map(int, totals)) == Plan.objects.count()


@pytest.mark.django_db
def test_an_opened_group_lists_its_plans_in_the_page_and_as_a_fragment(client, large_catalogue):
    yunnan = Plan.objects.get(slug=Y22).jurisdiction
    expected = Plan.objects.filter(jurisdiction__slug=yunnan.slug).count()

    page = client.get("/", {"region": yunnan.slug}).content.decode()
    fragment = client.get("/", {"region": yunnan.slug}, HTTP_HX_REQUEST="true")

    opened = page[page.index(f'id="r-{yunnan.slug}"') :]
    assert opened.startswith(f'id="r-{yunnan.slug}" open')
    assert "云南省“十四五”电子政务发展规划" in opened[: opened.index("</details>")]
    body = fragment.content.decode()
    assert "<html" not in body and "HX-Request" in fragment["Vary"]
    assert body.count('class="plan-row') >= expected or "云南省“十四五”电子政务发展规划" in body


@pytest.mark.django_db
def test_a_large_catalogue_s_picker_lists_a_few_plans_and_finds_the_others(client, large_catalogue):
    from plans.choosing import OFFERED

    html = client.get("/compare/").content.decode()
    first_column = re.search(r'<select name="plans".*?</select>', html, re.S).group(0)
    assert first_column.count("<option value=") - 1 == OFFERED
    assert 'name="find"' in html

    wanted = Plan.objects.filter(slug__startswith="syn-").order_by("-pk").first()
    place = wanted.jurisdiction.name
    found = client.get("/compare/", {"find": place, "look": "1"}).content.decode()
    column = re.search(r'<select name="plans".*?</select>', found, re.S).group(0)
    assert f'value="{wanted.slug}"' in column
    assert all(
        place in label for label in re.findall(r'<option value="[^"]+"[^>]*>([^<]+)', column)
    )


@pytest.mark.django_db
def test_looking_for_plans_keeps_what_each_column_holds(client, large_catalogue):
    query = {"plans": ["", HN], "find": "云南", "look": "1"}
    response = client.get("/compare/", query, HTTP_HX_REQUEST="true")
    html = response.content.decode()

    assert html.lstrip().startswith('<form class="picker" id="picker"')
    columns = re.findall(r'<select name="plans".*?</select>', html, re.S)
    assert f'<option value="{HN}" selected>' in columns[1]
    assert f'<option value="{Y22}">' in columns[0]
    assert "HX-Request" in response["Vary"]
