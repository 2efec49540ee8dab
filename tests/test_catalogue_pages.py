"""Pages with a catalogue of a thousand plans: the same queries as with ten, and what a reader
needs to find their way (pages of places, a picker one can type into)."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Plan
from plans.views import HOME_PAGE_SIZE

Y22, HN = "yunnan-2022-egov-plan", "hunan-13th-egov-plan"


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def _pages(plan: Plan) -> dict[str, str]:
    section = plan.sections.filter(parent__isnull=False).first()
    return {
        "home": "/",
        "home, last page": "/?page=last",
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
        "home, last page": 3,
        "picker": 1,
        "plan": 3,
        "plan, a section open": 6,
        "section": 3,
        "compare": 4,
        "search": 2,
    }


@pytest.mark.django_db
def test_the_home_page_lists_places_a_page_at_a_time_with_a_way_to_each_level(client, seeded):
    call_command("make_catalogue", 200, seed=3)
    html = client.get("/").content.decode()

    assert html.count('<article class="jurisdiction"') == HOME_PAGE_SIZE
    assert 'rel="next"' in html
    index = re.search(r'<nav class="level-index".*?</nav>', html, re.S).group(0)
    county = re.search(r'href="\?page=(\d+)#level-county"', index)
    assert county
    later = client.get(f"/?page={county.group(1)}").content.decode()
    assert 'id="level-county"' in later


@pytest.mark.django_db
def test_the_picker_offers_every_plan_once_to_type_into(client, seeded):
    call_command("make_catalogue", 30, seed=3)
    html = client.get("/compare/").content.decode()

    choices = re.search(r'<datalist id="plan-choices">.*?</datalist>', html, re.S).group(0)
    assert choices.count("<option value=") == Plan.objects.count()
    assert html.count('list="plan-choices"') == 4
    first = client.get(f"/compare/?first={Y22}").content.decode()
    assert f'required placeholder="请选择" value="{Y22}">' in first
