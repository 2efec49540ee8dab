"""The admin's list of links: filters, search, both sides with their plans, untitled sections."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plans.models import Section
from tests.compare.admin.linking import CHANGELIST, link, make_plan, sec

pytestmark = pytest.mark.django_db


def listed(response) -> set[str]:
    names = {}
    for key, value in response.context["cl"].result_list.values_list("pk", "left__title"):
        names[key] = value
    return set(names.values())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"政务云", "主要任务", "发展基础"}),
        ({"status__exact": "auto"}, {"政务云", "主要任务", "发展基础"}),
        ({"status__exact": "confirmed"}, set()),
        ({"score": "high"}, {"政务云"}),
        ({"score": "mid"}, {"主要任务"}),
        ({"score": "weak"}, {"发展基础"}),
        ({"q": "一网通办"}, {"主要任务"}),
        ({"q": "重点任务"}, {"主要任务"}),
        ({"q": "乙方案"}, {"政务云", "主要任务", "发展基础"}),
        ({"q": "保障"}, {"发展基础"}),
    ],
)
def test_the_link_list_filters_and_searches(client, curator, links, query, expected):
    response = client.get(reverse(CHANGELIST), query)
    assert response.status_code == 200
    assert listed(response) == expected


def test_the_link_list_filters_by_run_and_by_plan_pair(client, curator, plans, links):
    a, b = plans
    c = make_plan("plan-c", "丙意见", [(0, "政务云建设", "")])
    link(sec(a, "政务云"), sec(c, "政务云建设"))
    run = links["cloud"].run

    by_run = client.get(reverse(CHANGELIST), {"run__id__exact": run.pk})
    pair_ab = client.get(reverse(CHANGELIST), {"pair": f"{a.pk},{b.pk}"})
    pair_ac = client.get(reverse(CHANGELIST), {"pair": f"{a.pk},{c.pk}"})

    assert listed(by_run) == {"政务云", "主要任务"}
    assert listed(pair_ab) == {"政务云", "主要任务", "发展基础"}
    assert listed(pair_ac) == {"政务云"}
    pair_choices = [choice["display"] for choice in _filter_choices(pair_ab, "规划组合")]
    assert pair_choices == ["全部", "甲规划 ↔ 丙意见", "甲规划 ↔ 乙方案"]


def _filter_choices(response, title: str):
    for spec in response.context["cl"].filter_specs:
        if str(spec.title) == title:
            return list(spec.choices(response.context["cl"]))
    raise AssertionError(f"no filter titled {title}")


def test_the_list_shows_both_sides_with_their_plans(client, curator, links):
    html = client.get(reverse(CHANGELIST)).content.decode()
    assert "甲规划" in html and "乙方案" in html
    assert "2.政务云" in html and "1.建设现状" in html
    assert "0.91" in html


def test_a_link_to_an_untitled_preface_is_named_by_its_kind_and_first_words(client, curator, plans):
    a, b = plans
    preface = Section.objects.create(
        plan=b,
        order=99,
        depth=0,
        kind=Section.Kind.PREFACE,
        body="为加快推进数字政府建设，结合本省实际，制定本方案。",
        start=99,
        end=100,
    )
    made = link(sec(a, "政务云"), preface, 0.6)
    pages = [
        client.get(reverse(CHANGELIST)),
        client.get(reverse("admin:compare_sectionlink_change", args=[made.pk])),
        client.get(reverse("admin:compare_sectionlink_history", args=[made.pk])),
    ]
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200 and "#99" not in html
    assert "前言：为加快推进数字政府建设" in pages[1].content.decode()
    assert str(preface).startswith("前言：为加快推进数字政府建设") and str(preface).endswith("…")
