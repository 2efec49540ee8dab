from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from compare.alignment.reasons import reason
from compare.curating import (
    CURATORS_GROUP,
    add_manual_link,
    confirm_link,
    reject_link,
    replace_counterpart,
)
from compare.models import LinkEvent, SectionLink
from compare.runs.aligning import run_alignment
from plans.models import Jurisdiction, Plan, Section

pytestmark = pytest.mark.django_db

URL = reverse("compare:history")


def make_plan(slug: str, title: str, titles: list[str]) -> Plan:
    place, _ = Jurisdiction.objects.get_or_create(
        name="云南省", defaults={"slug": "yunnan", "level": "province"}
    )
    plan = Plan.objects.create(
        jurisdiction=place, slug=slug, title=title, source=f"{slug}.txt", raw_text="…"
    )
    for order, section_title in enumerate(titles):
        Section.objects.create(
            plan=plan,
            order=order,
            depth=0,
            kind="chapter",
            label=f"第{order + 1}章",
            title=section_title,
            start=0,
            end=1,
        )
    return plan


@pytest.fixture
def curator():
    call_command("create_curators_group", stdout=StringIO())
    user = User.objects.create_user("wang", first_name="王", last_name="编", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS_GROUP))
    return user


@pytest.fixture
def plans():
    return (
        make_plan("plan-a", "甲规划", ["发展基础", "主要任务"]),
        make_plan("plan-b", "乙方案", ["建设现状", "重点任务"]),
        make_plan("plan-c", "丙意见", ["工作要求"]),
    )


def sec(plan: Plan, order: int) -> Section:
    return plan.sections.get(order=order)


@pytest.fixture
def decisions(plans, curator):
    a, b, c = plans
    wrong = SectionLink.objects.create(left=sec(a, 0), right=sec(b, 1), score=0.55)
    replace_counterpart(wrong, sec(b, 0), actor=curator, note="应为建设现状")
    add_manual_link(sec(a, 1), sec(b, 1), actor=curator)
    add_manual_link(sec(a, 1), sec(c, 0), actor=curator, note="与丙无关的一对")


def rows(response) -> list:
    return response.context["rows"]


def test_the_log_lists_each_change_between_the_plans_newest_first(client, plans, decisions):
    response = client.get(URL, {"plans": "plan-a,plan-b"})

    assert response.status_code == 200
    found = [
        (r["event"].action, [s.title for s in r["sections"]], r["event"].note)
        for r in rows(response)
    ]
    assert found == [
        (LinkEvent.Action.ADDED, ["主要任务", "重点任务"], ""),
        (LinkEvent.Action.ADDED, ["发展基础", "建设现状"], "应为建设现状"),
        (LinkEvent.Action.REJECTED, ["发展基础", "重点任务"], "应为建设现状"),
    ]
    html = response.content.decode()
    assert "与丙无关的一对" not in html
    assert "状态：自动 → 已否决" in html
    assert f'href="{sec(plans[0], 0).get_absolute_url()}"' in html
    assert "甲规划" in html and "乙方案" in html


def test_sections_follow_the_order_the_plans_are_asked_in(client, plans, decisions):
    response = client.get(URL, {"plans": "plan-b,plan-a"})

    firsts = {r["sections"][0].plan.slug for r in rows(response)}
    assert firsts == {"plan-b"}


def test_a_log_of_three_plans_includes_every_pair(client, plans, decisions):
    response = client.get(URL, {"plans": "plan-a,plan-b,plan-c"})

    assert len(rows(response)) == 4
    assert "与丙无关的一对" in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "who", "admin_link"),
    [("anonymous", "编辑", False), ("curator", "王 编", True)],
)
def test_readers_see_that_an_editor_decided_and_curators_see_who(
    client, plans, decisions, curator, kind, who, admin_link
):
    if kind == "curator":
        client.force_login(curator)

    response = client.get(URL, {"plans": "plan-a,plan-b"})

    assert {r["who"] for r in rows(response)} == {who}
    html = response.content.decode()
    assert ("wang" in html or "王 编" in html) is (kind == "curator")
    assert ("/admin/compare/sectionlink/" in html) is admin_link


def test_engine_changes_are_shown_as_the_engine(client, seeded):
    plans = {p.slug: p for p in seeded}
    y22, y23 = plans["yunnan-2022-egov-plan"], plans["yunnan-2023-digital-gov-programme"]
    run_alignment([y22, y23])

    response = client.get(URL, {"plans": f"{y22.slug},{y23.slug}"})

    assert response.context["page"].paginator.count == SectionLink.objects.count() > 0
    assert {r["who"] for r in rows(response)} == {"对齐引擎"}
    assert "运行生成" in response.content.decode()


EVIDENCE = {"shared": ["政务云"], "title": 0.4, "content": 0.5, "support": 0, "probability": 0.58}


def test_an_engine_reason_is_worded_in_the_readers_language_an_old_one_as_stored(client, plans):
    a, b, c = plans
    worded = SectionLink.objects.create(
        left=sec(a, 0), right=sec(b, 0), score=0.58, reason="可能对应（0.58）；共同主题词：政务云"
    )
    LinkEvent.objects.create(
        link=worded,
        left=worded.left,
        right=worded.right,
        action=LinkEvent.Action.PROPOSED,
        after={"status": "auto", "score": 0.58, "reason": worded.reason, "evidence": EVIDENCE},
    )
    # Recorded before events kept the evidence: only the engine's text is there to show.
    LinkEvent.objects.create(
        left=sec(a, 1),
        right=sec(b, 1),
        action=LinkEvent.Action.PROPOSED,
        after={"status": "auto", "score": 0.6, "reason": "共同主题词：数据"},
    )

    english = client.get(URL, {"plans": "plan-a,plan-b"}, HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.get(URL, {"plans": "plan-a,plan-b"})

    html = english.content.decode()
    assert "Possibly counterparts (0.58); Shared topic words: 政务云" in html
    assert "可能对应（0.58）" not in html
    assert "共同主题词：数据" in html
    assert "可能对应（0.58）；共同主题词：政务云" in chinese.content.decode()


def test_an_event_recorded_without_evidence_is_worded_from_the_link_that_gave_its_text(
    client, plans
):
    a, b, c = plans
    kept = SectionLink.objects.create(
        left=sec(a, 0), right=sec(b, 0), score=0.58, reason=reason(EVIDENCE), evidence=EVIDENCE
    )
    rerun = SectionLink.objects.create(
        left=sec(a, 1), right=sec(b, 1), score=0.58, reason=reason(EVIDENCE), evidence=EVIDENCE
    )
    for found, stored in ((kept, reason(EVIDENCE)), (rerun, "可能对应（0.40）；共同主题词：数据")):
        # Recorded before events kept the evidence, as the engine worded the link then.
        LinkEvent.objects.create(
            link=found,
            left=found.left,
            right=found.right,
            action=LinkEvent.Action.PROPOSED,
            after={"status": "auto", "score": 0.58, "reason": stored},
        )

    html = client.get(URL, {"plans": "plan-a,plan-b"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Possibly counterparts (0.58); Shared topic words: 政务云" in html
    assert "共同主题词：政务云" not in html
    # the link has been worded anew since: its evidence no longer says what was stored
    assert "可能对应（0.40）；共同主题词：数据" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "这个字段是必填项"),
        ({"plans": "plan-a"}, "至少两份规划"),
        ({"plans": "plan-a,plan-a"}, "至少两份规划"),
        ({"plans": "plan-a,nope,gone"}, "找不到这些规划：nope、gone"),
    ],
)
def test_a_bad_plan_list_is_explained(client, plans, query, message):
    response = client.get(URL, query)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_missing_plans_are_listed_in_the_readers_language(client, plans):
    response = client.get(URL, {"plans": "plan-a,nope,gone"}, HTTP_ACCEPT_LANGUAGE="en")

    assert "No plans with these slugs: nope, gone." in response.content.decode()


def test_the_log_is_read_only(client, plans):
    assert client.post(URL, {"plans": "plan-a,plan-b"}).status_code == 405


def test_the_log_is_paginated_with_links_that_keep_the_plans(client, plans, curator):
    a, b, _c = plans
    link = SectionLink.objects.create(left=sec(a, 0), right=sec(b, 0), score=0.5)
    for _ in range(30):
        confirm_link(link, actor=curator)
        reject_link(link, actor=curator)

    first = client.get(URL, {"plans": "plan-a,plan-b"})
    second = client.get(URL, {"plans": "plan-a,plan-b", "page": 2})

    assert len(rows(first)) == 50
    assert len(rows(second)) == 10
    assert 'href="?plans=plan-a%2Cplan-b&amp;page=2"' in first.content.decode()
    assert rows(first)[-1]["event"].at >= rows(second)[0]["event"].at


@pytest.mark.parametrize("events", [2, 40])
def test_the_log_takes_the_same_few_queries_however_long_it_is(
    client, plans, curator, django_assert_num_queries, events
):
    a, b, _c = plans
    link = SectionLink.objects.create(left=sec(a, 0), right=sec(b, 0), score=0.5)
    for _ in range(events // 2):
        confirm_link(link, actor=curator)
        reject_link(link, actor=curator)

    # The plans, the count, and one page of events with their sections, plans and people.
    with django_assert_num_queries(3):
        response = client.get(URL, {"plans": "plan-a,plan-b"})
    assert len(rows(response)) == events


def test_a_decisions_note_is_said_once_where_the_change_already_shows_it(client, plans, curator):
    a, b, _c = plans
    link = SectionLink.objects.create(left=sec(a, 0), right=sec(b, 0), score=0.55)
    confirm_link(link, actor=curator, note="标题一致")
    reject_link(link, actor=curator, note="标题一致")  # the note unchanged: said beside it
    html = client.get(URL, {"plans": "plan-a,plan-b"}).content.decode()
    assert html.count("说明：— → 标题一致") == 1
    assert html.count("标题一致") == 2  # the confirmation's change, the rejection's note


@pytest.mark.parametrize(("language", "zone"), [("zh-hans", "（UTC+8）"), ("en", " (UTC+8)")])
def test_each_change_names_the_zone_its_time_is_told_in(client, plans, decisions, language, zone):
    import datetime as dt
    import re

    event = LinkEvent.objects.order_by("pk").first()
    LinkEvent.objects.filter(pk=event.pk).update(at=dt.datetime(2026, 12, 6, 9, 29, tzinfo=dt.UTC))
    client.cookies["django_language"] = language
    html = client.get(URL, {"plans": "plan-a,plan-b"}).content.decode()

    cell = re.search(rf'<tr id="event-{event.pk}".*?<td class="when">(.*?)</td>', html, re.S)[1]
    # Shown in the server's zone (Asia/Shanghai), which says so; the offset for machines too.
    assert cell == (
        '<time datetime="2026-12-06T17:29:00+08:00">2026-12-06 17:29'
        f'<span class="zone">{zone}</span></time>'
    )


def test_a_zone_is_written_as_its_offset_from_utc():
    import datetime as dt

    from plans.templatetags.plans_tags import utc_offset

    def at(minutes: int) -> dt.datetime:
        return dt.datetime(2026, 1, 1, tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))

    assert [utc_offset(at(m)) for m in (480, 0, -210, 345)] == [
        "UTC+8",
        "UTC",
        "UTC-3:30",
        "UTC+5:45",
    ]
