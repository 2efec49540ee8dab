"""Pages with a catalogue of a thousand plans: the same queries as with ten."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Plan

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
        "picker": 3,  # and the version its kept page is keyed on (config.pagecache)
        "plan": 4,
        "plan, a section open": 7,
        "section": 3,
        "compare": 5,
        "search": 3,  # the same
    }


@pytest.mark.django_db
def test_the_picker_offers_every_plan_once(client, seeded):
    call_command("make_catalogue", 30, seed=3)
    html = client.get("/compare/").content.decode()

    first_column = re.search(r'<select name="plans".*?</select>', html, re.S).group(0)
    assert first_column.count("<option value=") - 1 == Plan.objects.count()  # and "请选择"
