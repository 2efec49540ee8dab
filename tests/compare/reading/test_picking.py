"""The picker knows plans: levels in order, kinds named, interpretations beside their plan."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from compare.reading.picking import column_labels, picker_groups, plan_label, suggestions
from plans.models import Plan

Y22, Y23, WC = (
    "yunnan-2022-egov-plan",
    "yunnan-2023-digital-gov-programme",
    "wangcang-2023-digital-gov-plan",
)
NATIONAL = "national-2022-digital-gov-opinion"
INTERPRETATION = "yunnan-2023-programme-interpretation"


def _catalogue():
    return list(Plan.objects.select_related("jurisdiction__parent__parent__parent", "era"))


@pytest.mark.django_db
def test_options_come_by_level_from_the_top_with_interpretations_beside_their_plan(seeded):
    groups = picker_groups(_catalogue())
    assert [level for level, _ in groups] == ["国家", "省级", "地市级", "县级"]
    slugs = [o.plan.slug for _, options in groups for o in options]
    assert slugs[0] == NATIONAL and slugs[-1] == WC
    assert slugs.index(INTERPRETATION) == slugs.index(Y23) + 1
    labels = {o.plan.slug: o.label for _, options in groups for o in options}
    assert labels[Y22] == "云南省 十四五 规划 2022"
    assert "方案" in labels[Y23] and "解读" in labels[INTERPRETATION]
    assert "办法" in labels["baotou-2022-evaluation-measures"]


@pytest.mark.django_db
def test_a_first_choice_suggests_the_plans_above_it_then_its_own_jurisdictions(seeded):
    catalogue = _catalogue()
    y22 = next(p for p in catalogue if p.slug == Y22)
    found = [p.slug for p in suggestions(y22, catalogue)]
    assert found[:2] == [NATIONAL, Y23]
    assert INTERPRETATION not in found  # it interprets the programme, not this plan
    wc = next(p for p in catalogue if p.slug == WC)
    assert suggestions(wc, catalogue)[0].slug == NATIONAL


@pytest.mark.django_db
def test_column_headers_never_read_alike(seeded):
    plans = [p for p in _catalogue() if p.slug in (Y22, Y23)]
    labels = column_labels(plans)
    assert len(set(labels)) == 2
    twins = column_labels([plans[0], plans[0]])
    assert twins[0] == twins[1] == plan_label(plans[0]) + " · " + plans[0].title[:12]


@pytest.mark.django_db
def test_the_picker_page_and_its_fragment_suggest_counterparts(client, seeded):
    html = client.get(reverse("compare:compare"), {"first": Y22}).content.decode()
    assert re.search(rf'<option value="{Y22}" selected>', html)
    assert f"?plans={Y22},{NATIONAL}" in html
    fragment = client.get(reverse("compare:suggestions"), {"plans": Y22}, HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert text.startswith('<div id="suggestions"') and "<html" not in text
    assert f"?plans={Y22},{NATIONAL}" in text
    empty = client.get(reverse("compare:suggestions"), {"plans": "nothing"}).content.decode()
    assert "<li>" not in empty


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("compare:compare", {"look": "1", "find": "云南\x00"}),
        ("compare:compare", {"look": "1", "find": "云南", "plans": f"{Y22}\x00"}),
        ("compare:compare", {"first": f"{Y22}\x00"}),
        ("compare:suggestions", {"first": f"{Y22}\x00"}),
    ],
)
def test_the_picker_refuses_a_null_character_as_the_search_page_does(client, seeded, url, query):
    # PostgreSQL refuses a NUL in a query's text: unrefused it would be a server error there.
    response = client.get(reverse(url), query)
    assert response.status_code == 400
    assert response.content.decode() == "搜索词或规划短名中有空字符（NUL）：请删去后再搜索。"
