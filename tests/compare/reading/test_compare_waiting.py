"""The compare page before its rows: the plan picker, a bad plan list, and a run aligning the plans
on demand, under way, failed or polled."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from compare.models import AlignmentRun, SectionLink, plan_set_key
from compare.runs.jobs import align_plan_set
from plans.models import Plan
from tests.compare.reading.compare_page import (
    HN,
    HX,
    THREE,
    WC,
    Y22,
    get_compare,
    html_of,
)


@pytest.mark.django_db
def test_without_plans_it_offers_a_picker_of_every_plan(client, seeded):
    html = html_of(client.get(reverse("compare:compare"), {"first": Y22}))
    assert html.count('name="plans"') == 4
    assert f'<option value="{Y22}" selected>' in html
    for plan in Plan.objects.all():
        assert f'value="{plan.slug}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        (Y22, "两到四份"),
        (f"{Y22},nowhere", "找不到这些规划：nowhere"),
        # A shared link cut short or mistyped to one slug: the slug is the thing to fix.
        ("nowhere", "找不到这些规划：nowhere"),
        (f"{Y22},{Y22}", "两到四份"),
    ],
)
def test_a_bad_plan_list_says_what_to_fix(client, seeded, query, message):
    response = get_compare(client, query)
    assert response.status_code == 400
    assert message in html_of(response)


@pytest.mark.django_db
def test_in_english_the_unknown_plans_are_listed_with_commas(client, seeded):
    response = get_compare(client, f"{Y22},nope,gone", {"HTTP_ACCEPT_LANGUAGE": "en"})
    assert "No plans with these slugs: nope, gone." in html_of(response)


@pytest.mark.django_db
def test_a_bad_plan_list_keeps_the_known_plans_in_their_columns(client, seeded):
    html = html_of(get_compare(client, f"{Y22},nowhere,{WC}"))
    columns = html.split('name="plans"')[1:]
    assert f'<option value="{Y22}" selected>' in columns[0]
    assert " selected>" not in columns[1]  # the column to fix
    assert f'<option value="{WC}" selected>' in columns[2]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [({"chapter": "zzz"}, "章节：输入整数。"), ({"min": "abc"}, "对应可信度：输入一个数字。")],
)
def test_a_bad_filter_in_the_address_names_the_filter(client, seeded, params, message):
    response = get_compare(client, THREE, **params)
    assert response.status_code == 400
    assert message in html_of(response)


@pytest.mark.django_db
def test_a_bad_filter_is_named_as_the_english_page_names_it(client, seeded):
    response = get_compare(client, THREE, headers={"HTTP_ACCEPT_LANGUAGE": "en"}, chapter="zzz")
    assert "Chapter: Enter a whole number." in html_of(response)


@pytest.mark.django_db
def test_picker_columns_redirect_to_one_shareable_url(client, seeded):
    response = client.get(reverse("compare:compare"), {"plans": [Y22, "", HN, WC]})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('compare:compare')}?plans={THREE.replace(',', '%2C')}"


@pytest.mark.django_db
def test_a_new_plan_set_is_aligned_on_demand(client, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    assert not SectionLink.objects.exists()
    response = get_compare(client)
    assert response.status_code == 200
    assert SectionLink.objects.exists()
    assert AlignmentRun.objects.get().status == "done"


@pytest.mark.django_db
def test_while_a_run_is_under_way_the_page_says_so_and_polls(client, seeded):
    plans = [Plan.objects.get(slug=s) for s in THREE.split(",")]
    run = AlignmentRun.objects.create(plan_key=plan_set_key(plans), status="running")
    run.plans.set(plans)
    response = get_compare(client)
    assert response.status_code == 202
    html = html_of(response)
    assert "正在逐节比对" in html and 'hx-trigger="every 2s"' in html
    assert 'http-equiv="refresh"' in html  # and without JavaScript


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("note", "done", "total", "said", "bar"),
    [
        ("reading", 40, 300, "读取章节：40 / 300 个章节", 40),
        ("candidates", 2, 3, "寻找候选对应：第 2 对规划，共 3 对", 1),  # the first pair done
        ("selecting", 3, 3, "打分并选取对应：第 3 对规划，共 3 对", 2),
        ("storing", 300, 300, "保存对应关系", 300),
    ],
)
def test_the_waiting_page_polls_the_stage_and_progress_of_the_run(
    client, seeded, note, done, total, said, bar
):
    plans = [Plan.objects.get(slug=s) for s in THREE.split(",")]
    run = AlignmentRun.objects.create(
        plan_key=plan_set_key(plans),
        status="running",
        progress_note=note,
        progress_done=done,
        progress_total=total,
    )
    run.plans.set(plans)
    html = html_of(get_compare(client, headers={**HX, "HTTP_HX_TRIGGER": "waiting"}))
    assert html.lstrip().startswith('<div id="waiting"')
    assert said in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert f'<progress value="{bar}" max="{total}"' in html


@pytest.mark.django_db
def test_a_failed_run_is_reported_and_can_be_retried(client, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    plans = [Plan.objects.get(slug=s) for s in THREE.split(",")]
    run = AlignmentRun.objects.create(plan_key=plan_set_key(plans), status="failed", error="boom")
    run.plans.set(plans)
    response = get_compare(client)
    assert (
        response.status_code == 202
        and "boom" in html_of(response)
        and "retry=1" in html_of(response)
    )
    assert get_compare(client, retry="1").status_code == 200
    assert AlignmentRun.objects.filter(status="done").exists()


@pytest.mark.django_db
def test_polling_gets_the_status_alone_then_a_refresh_when_ready(client, seeded, settings):
    plans = [Plan.objects.get(slug=s) for s in THREE.split(",")]
    run = AlignmentRun.objects.create(plan_key=plan_set_key(plans), status="queued")
    run.plans.set(plans)
    poll = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TRIGGER": "waiting"}
    html = html_of(get_compare(client, headers=poll))
    assert html.lstrip().startswith('<div id="waiting"')
    align_plan_set.call(run.pk)  # what a worker does with the queued job
    response = get_compare(client, headers=poll)
    assert response.headers["HX-Refresh"] == "true"


@pytest.mark.django_db
def test_the_waiting_page_names_the_zone_of_the_time_the_run_started(client, seeded):
    plans = [Plan.objects.get(slug=s) for s in THREE.split(",")]
    run = AlignmentRun.objects.create(plan_key=plan_set_key(plans), status="running")
    run.plans.set(plans)
    html = html_of(get_compare(client))
    started = re.search(r"开始于 (.*?)</p>", html).group(1)
    assert "（UTC+8）" in started and '<time datetime="' in started, started
