from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from django.core.management import call_command

from compare.curating import (
    CURATORS_GROUP,
    CurationError,
    add_manual_link,
    confirm_link,
    describe_change,
    edit_link_note,
    may_curate,
    reject_link,
    reopen_link,
    replace_counterpart,
)
from compare.models import LinkEvent, SectionLink
from plans.models import Jurisdiction, Plan, Section

pytestmark = pytest.mark.django_db

Status = SectionLink.Status
Action = LinkEvent.Action


def make_plan(slug: str, titles: list[str]) -> Plan:
    place, _ = Jurisdiction.objects.get_or_create(
        name="云南省", defaults={"slug": "yunnan", "level": "province"}
    )
    plan = Plan.objects.create(
        jurisdiction=place, slug=slug, title=slug, source=f"{slug}.txt", raw_text="…"
    )
    for order, title in enumerate(titles):
        Section.objects.create(
            plan=plan,
            order=order,
            depth=0,
            kind="chapter",
            label=f"第{order + 1}章",
            title=title,
            body=f"{title}的正文。",
            start=order,
            end=order + 1,
        )
    return plan


@pytest.fixture
def plans():
    a = make_plan("plan-a", ["发展基础", "总体要求", "主要任务"])
    b = make_plan("plan-b", ["现状", "目标", "任务"])
    return a, b


@pytest.fixture
def curator():
    call_command("create_curators_group", stdout=StringIO())
    user = User.objects.create_user("curator", password="x")
    user.groups.add(Group.objects.get(name=CURATORS_GROUP))
    return user


def section(plan: Plan, order: int) -> Section:
    return plan.sections.get(order=order)


def auto_link(left: Section, right: Section, score: float = 0.7) -> SectionLink:
    left, right = sorted([left, right], key=lambda s: s.pk)
    return SectionLink.objects.create(left=left, right=right, score=score, reason="标题相同")


def only_event(link: SectionLink) -> LinkEvent:
    (event,) = LinkEvent.objects.filter(link=link)
    return event


def test_confirming_records_who_and_the_state_before_and_after(plans, curator):
    a, b = plans
    link = auto_link(section(a, 0), section(b, 0))

    confirm_link(link, actor=curator, note="内容一致")

    link.refresh_from_db()
    assert (link.status, link.decided_by, link.note) == (Status.CONFIRMED, curator, "内容一致")
    assert link.decided_at is not None
    event = only_event(link)
    assert (event.action, event.actor, event.note) == (Action.CONFIRMED, curator, "内容一致")
    assert (event.left_id, event.right_id) == (link.left_id, link.right_id)
    assert event.before == {
        "status": "auto",
        "score": 0.7,
        "reason": "标题相同",
        "note": "",
        "evidence": {},
    }
    assert event.after == {
        "status": "confirmed",
        "score": 0.7,
        "reason": "标题相同",
        "note": "内容一致",
        "evidence": {},
    }


def test_rejecting_keeps_the_row_so_the_pair_stays_known(plans, curator):
    a, b = plans
    link = auto_link(section(a, 0), section(b, 1))

    reject_link(link, actor=curator, note="不是同一件事")

    link.refresh_from_db()
    assert link.status == Status.REJECTED
    event = only_event(link)
    assert event.action == Action.REJECTED
    assert (event.before["status"], event.after["status"]) == ("auto", "rejected")


@pytest.mark.parametrize("status", [Status.CONFIRMED, Status.REJECTED, Status.MANUAL])
def test_reopening_puts_a_decision_back_to_auto(plans, curator, status):
    a, b = plans
    link = auto_link(section(a, 0), section(b, 0))
    SectionLink.objects.filter(pk=link.pk).update(status=status, decided_by=curator)

    reopen_link(link, actor=curator)

    link.refresh_from_db()
    assert (link.status, link.decided_by, link.decided_at) == (Status.AUTO, None, None)
    event = only_event(link)
    assert event.action == Action.REOPENED
    assert (event.before["status"], event.after["status"]) == (status, "auto")


def test_editing_the_note_changes_only_the_note(plans, curator):
    a, b = plans
    link = auto_link(section(a, 0), section(b, 0))

    edit_link_note(link, actor=curator, note="待核对")

    link.refresh_from_db()
    assert (link.status, link.note) == (Status.AUTO, "待核对")
    event = only_event(link)
    assert event.action == Action.EDITED
    assert (event.before["note"], event.after["note"]) == ("", "待核对")


@pytest.mark.parametrize(
    ("call", "status", "message"),
    [
        (confirm_link, Status.CONFIRMED, "已经确认"),
        (confirm_link, Status.MANUAL, "人工添加"),
        (reject_link, Status.REJECTED, "已经否决"),
        (reopen_link, Status.AUTO, "自动状态"),
    ],
)
def test_a_change_that_changes_nothing_is_refused_and_not_recorded(
    plans, curator, call, status, message
):
    a, b = plans
    link = auto_link(section(a, 0), section(b, 0))
    SectionLink.objects.filter(pk=link.pk).update(status=status)

    with pytest.raises(CurationError, match=message):
        call(link, actor=curator)

    assert not LinkEvent.objects.exists()


@pytest.mark.parametrize("actor", [None, AnonymousUser()])
def test_changes_need_a_signed_in_person(plans, actor):
    a, b = plans
    link = auto_link(section(a, 0), section(b, 0))

    with pytest.raises(CurationError, match="登录"):
        confirm_link(link, actor=actor)
    with pytest.raises(CurationError, match="登录"):
        add_manual_link(section(a, 1), section(b, 1), actor=actor)

    assert SectionLink.objects.get().status == Status.AUTO
    assert not LinkEvent.objects.exists()


def test_a_manual_link_is_stored_in_id_order_whatever_order_it_is_given(plans, curator):
    a, b = plans
    first, second = section(a, 2), section(b, 2)
    assert first.pk < second.pk

    link = add_manual_link(second, first, actor=curator, note="人工补充")

    assert (link.left, link.right) == (first, second)
    assert (link.status, link.score, link.decided_by) == (Status.MANUAL, 1.0, curator)
    event = only_event(link)
    assert (event.action, event.before, event.note) == (Action.ADDED, None, "人工补充")
    assert event.after["status"] == "manual"


@pytest.mark.parametrize(
    ("existing", "status", "action"),
    [
        (Status.AUTO, Status.CONFIRMED, Action.CONFIRMED),
        (Status.REJECTED, Status.MANUAL, Action.ADDED),
    ],
)
def test_adding_a_pair_that_has_a_row_updates_it_instead_of_duplicating(
    plans, curator, existing, status, action
):
    a, b = plans
    link = auto_link(section(a, 1), section(b, 1), score=0.42)
    SectionLink.objects.filter(pk=link.pk).update(status=existing)

    added = add_manual_link(section(b, 1), section(a, 1), actor=curator)

    assert added.pk == link.pk
    assert SectionLink.objects.count() == 1
    added.refresh_from_db()
    assert (added.status, added.score) == (status, 0.42)
    event = only_event(link)
    assert (event.action, event.before["status"], event.after["status"]) == (
        action,
        existing,
        status,
    )


@pytest.mark.parametrize("status", [Status.CONFIRMED, Status.MANUAL])
def test_adding_a_pair_already_decided_as_linked_is_refused(plans, curator, status):
    a, b = plans
    link = auto_link(section(a, 1), section(b, 1))
    SectionLink.objects.filter(pk=link.pk).update(status=status)

    with pytest.raises(CurationError, match="已有对应"):
        add_manual_link(section(a, 1), section(b, 1), actor=curator)


def test_a_link_needs_sections_of_two_different_plans(plans, curator):
    a, _ = plans

    with pytest.raises(CurationError, match="不同规划"):
        add_manual_link(section(a, 0), section(a, 1), actor=curator)
    with pytest.raises(CurationError, match="它自己"):
        add_manual_link(section(a, 0), section(a, 0), actor=curator)
    assert not SectionLink.objects.exists()


@pytest.mark.parametrize("replaced_plan", ["a", "b"])
def test_replacing_a_counterpart_rejects_the_link_and_adds_the_right_one(
    plans, curator, replaced_plan
):
    a, b = plans
    wrong = auto_link(section(a, 0), section(b, 1))
    new_plan, kept = (a, section(b, 1)) if replaced_plan == "a" else (b, section(a, 0))
    new_section = section(new_plan, 2)

    new_link = replace_counterpart(wrong, new_section, actor=curator, note="应对应主要任务")

    wrong.refresh_from_db()
    assert wrong.status == Status.REJECTED
    assert {new_link.left, new_link.right} == {kept, new_section}
    assert new_link.status == Status.MANUAL
    actions = [(e.link_id, e.action) for e in LinkEvent.objects.order_by("id")]
    assert actions == [(wrong.pk, Action.REJECTED), (new_link.pk, Action.ADDED)]
    assert set(LinkEvent.objects.values_list("note", flat=True)) == {"应对应主要任务"}


def test_replacing_with_a_section_of_a_third_plan_changes_nothing(plans, curator):
    a, b = plans
    c = make_plan("plan-c", ["其他"])
    wrong = auto_link(section(a, 0), section(b, 1))

    with pytest.raises(CurationError, match="两份规划之一"):
        replace_counterpart(wrong, section(c, 0), actor=curator)
    with pytest.raises(CurationError, match="原来的章节"):
        replace_counterpart(wrong, section(b, 1), actor=curator)

    wrong.refresh_from_db()
    assert wrong.status == Status.AUTO
    assert not LinkEvent.objects.exists()


def test_replacing_with_a_pair_already_confirmed_keeps_that_link(plans, curator):
    a, b = plans
    wrong = auto_link(section(a, 0), section(b, 1))
    right = auto_link(section(a, 0), section(b, 0))
    confirm_link(right, actor=curator)

    result = replace_counterpart(wrong, section(b, 0), actor=curator)

    assert result.pk == right.pk
    wrong.refresh_from_db()
    assert wrong.status == Status.REJECTED
    assert SectionLink.objects.count() == 2


def _given(codename: str) -> User:
    user = User.objects.create_user(f"given-{codename}", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("anonymous", False),
        ("plain", False),
        ("curator", True),
        ("superuser", True),
        ("given_change_right", True),
        ("given_view_right", False),
    ],
)
def test_who_may_curate(kind, expected, curator):
    """The right to change links decides, however it was given (the group or by hand)."""
    users = {
        "anonymous": AnonymousUser(),
        "plain": User.objects.create_user("reader", is_staff=True),
        "curator": curator,
        "superuser": User.objects.create_superuser("root"),
        "given_change_right": _given("change_sectionlink"),
        "given_view_right": _given("view_sectionlink"),
    }
    assert may_curate(users[kind]) is expected


def test_the_curators_group_makes_curators_by_its_rights_not_its_name(curator):
    Group.objects.get(name=CURATORS_GROUP).permissions.clear()
    assert may_curate(User.objects.get(pk=curator.pk)) is False


def test_an_inactive_curator_is_not_a_curator(curator):
    curator.is_active = False
    assert may_curate(curator) is False


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            None,
            {"status": "manual", "score": 1.0, "reason": "", "note": "补"},
            [("状态", "—", "人工添加"), ("得分", "—", "1.00"), ("说明", "—", "补")],
        ),
        (
            {"status": "auto", "score": 0.5, "reason": "r", "note": ""},
            {"status": "rejected", "score": 0.5, "reason": "r", "note": ""},
            [("状态", "自动", "已否决")],
        ),
        ({"status": "auto", "note": None}, {"status": "auto", "note": ""}, []),
    ],
)
def test_describe_change_lists_what_differs(before, after, expected):
    assert describe_change(before, after) == expected
