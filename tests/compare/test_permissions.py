from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command
from django.urls import reverse

from compare.curating import CURATORS_GROUP
from compare.models import LinkEvent, SectionLink
from plans.models import Jurisdiction, Plan, Section

pytestmark = pytest.mark.django_db

Status = SectionLink.Status


def make_plan(slug: str, titles: list[str]) -> Plan:
    place, _ = Jurisdiction.objects.get_or_create(
        name="云南省", defaults={"slug": "yunnan", "level": "province"}
    )
    plan = Plan.objects.create(
        jurisdiction=place, slug=slug, title=slug, source=f"{slug}.txt", raw_text="…"
    )
    for order, title in enumerate(titles):
        Section.objects.create(
            plan=plan, order=order, depth=0, kind="chapter", title=title, start=0, end=1
        )
    return plan


def create_group() -> str:
    out = StringIO()
    call_command("create_curators_group", stdout=out)
    return out.getvalue()


@pytest.fixture
def setting():
    """Two plans, one automatic link and one spare section to link by hand."""
    create_group()
    a = make_plan("plan-a", ["发展基础", "主要任务"])
    b = make_plan("plan-b", ["建设现状", "重点任务"])
    left, right = a.sections.get(order=0), b.sections.get(order=0)
    link = SectionLink.objects.create(left=left, right=right, score=0.8)
    return {
        "link": link,
        "spare": (a.sections.get(order=1), b.sections.get(order=1)),
        "replacement": b.sections.get(order=1),
    }


def make_user(kind: str) -> User | None:
    if kind == "anonymous":
        return None
    if kind == "superuser":
        return User.objects.create_superuser("root")
    user = User.objects.create_user(kind, is_staff=kind != "reader")
    if kind == "curator":
        user.groups.add(Group.objects.get(name=CURATORS_GROUP))
    if kind == "staff_with_link_rights":
        # The curator's rights given to the user directly, outside the group: a curator too.
        codenames = ["add_sectionlink", "change_sectionlink", "view_sectionlink"]
        user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    if kind == "staff_with_add_only":
        # Adding a link is curating: add_sectionlink without change_sectionlink is not enough.
        codenames = ["add_sectionlink", "view_sectionlink"]
        user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


# Every way of changing a link, as (name, method, url, data).
def edits(setting) -> list[tuple[str, str, str, dict]]:
    link = setting["link"]
    left, right = setting["spare"]
    return [
        ("add", reverse("admin:compare_sectionlink_add"), {"left": left.pk, "right": right.pk}),
        (
            "change",
            reverse("admin:compare_sectionlink_change", args=[link.pk]),
            {"status": "rejected", "note": ""},
        ),
        (
            "replace",
            reverse("admin:compare_sectionlink_replace", args=[link.pk]),
            {"new_section": setting["replacement"].pk},
        ),
        (
            "action",
            reverse("admin:compare_sectionlink_changelist"),
            {"action": "confirm_selected", "_selected_action": [link.pk]},
        ),
        ("delete", reverse("admin:compare_sectionlink_delete", args=[link.pk]), {"post": "yes"}),
    ]


EDITS = ["add", "change", "replace", "action", "delete"]


@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize("kind", ["anonymous", "reader", "staff", "staff_with_add_only"])
def test_people_who_are_not_curators_cannot_change_links(client, setting, kind, edit):
    user = make_user(kind)
    if user is not None:
        client.force_login(user)
    _name, url, data = next(e for e in edits(setting) if e[0] == edit)

    response = client.post(url, data)

    if kind in ("anonymous", "reader"):
        # Not staff: the admin sends them to its login page.
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    elif kind == "staff_with_add_only" and edit == "action":
        # The list is readable, but the action is not offered: posting it only shows the list.
        assert response.status_code == 200
        assert "confirm_selected" not in response.content.decode()
    else:
        assert response.status_code == 403
    assert list(SectionLink.objects.values_list("status", flat=True)) == [Status.AUTO]
    assert not LinkEvent.objects.exists()


@pytest.mark.parametrize(
    ("edit", "statuses", "actions"),
    [
        ("add", ["auto", "manual"], ["added"]),
        ("change", ["rejected"], ["rejected"]),
        ("replace", ["rejected", "manual"], ["rejected", "added"]),
        ("action", ["confirmed"], ["confirmed"]),
    ],
)
@pytest.mark.parametrize("kind", ["curator", "superuser", "staff_with_link_rights"])
def test_curators_change_links_and_every_change_is_recorded(
    client, setting, kind, edit, statuses, actions
):
    user = make_user(kind)
    client.force_login(user)
    _name, url, data = next(e for e in edits(setting) if e[0] == edit)

    response = client.post(url, data)

    assert response.status_code == 302
    assert list(SectionLink.objects.order_by("id").values_list("status", flat=True)) == statuses
    events = LinkEvent.objects.order_by("id")
    assert list(events.values_list("action", flat=True)) == actions
    assert {e.actor for e in events} == {user}


@pytest.mark.parametrize("kind", ["curator", "superuser", "staff_with_link_rights"])
def test_not_even_a_curator_can_delete_a_link(client, setting, kind):
    client.force_login(make_user(kind))
    _name, url, data = next(e for e in edits(setting) if e[0] == "delete")

    assert client.post(url, data).status_code == 403
    assert SectionLink.objects.count() == 1


def test_a_curator_reads_plans_but_cannot_edit_them(client, setting):
    client.force_login(make_user("curator"))
    plan = Plan.objects.get(slug="plan-a")
    section = plan.sections.first()

    plan_page = client.get(reverse("admin:plans_plan_change", args=[plan.pk]))
    assert plan_page.status_code == 200
    assert 'name="_save"' not in plan_page.content.decode()
    for url in [
        reverse("admin:plans_plan_change", args=[plan.pk]),
        reverse("admin:plans_section_change", args=[section.pk]),
        reverse("admin:plans_plan_delete", args=[plan.pk]),
    ]:
        assert client.post(url, {"title": "改过"}).status_code == 403
    assert client.get(reverse("admin:plans_plan_add")).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    plan.refresh_from_db()
    assert plan.title == "plan-a"


@pytest.mark.parametrize(
    "name",
    ["compare_linkevent_changelist", "compare_alignmentrun_changelist", "plans_section_changelist"],
)
def test_a_curator_sees_the_history_runs_and_sections(client, setting, name):
    client.force_login(make_user("curator"))
    assert client.get(reverse(f"admin:{name}")).status_code == 200


def test_changes_need_post(client, setting):
    client.force_login(make_user("curator"))
    link = setting["link"]

    client.get(reverse("admin:compare_sectionlink_replace", args=[link.pk]))
    client.get(
        reverse("admin:compare_sectionlink_changelist"),
        {"action": "reject_selected", "_selected_action": [link.pk]},
    )

    assert SectionLink.objects.get().status == Status.AUTO
    assert not LinkEvent.objects.exists()


def test_the_group_command_is_idempotent():
    first = create_group()
    rights = set(Group.objects.get(name=CURATORS_GROUP).permissions.all())
    second = create_group()

    assert first.startswith("created group 'curators'")
    assert "  + compare.change_sectionlink" in first
    assert second == "group 'curators' already exists\n  permissions unchanged (7)\n"
    assert set(Group.objects.get(name=CURATORS_GROUP).permissions.all()) == rights
    assert Group.objects.filter(name=CURATORS_GROUP).count() == 1
    codes = {f"{p.content_type.app_label}.{p.codename}" for p in rights}
    assert codes == {
        "plans.view_plan",
        "plans.view_section",
        "compare.add_sectionlink",
        "compare.change_sectionlink",
        "compare.view_sectionlink",
        "compare.view_linkevent",
        "compare.view_alignmentrun",
    }


def test_the_group_command_takes_back_rights_given_by_hand():
    create_group()
    group = Group.objects.get(name=CURATORS_GROUP)
    group.permissions.add(Permission.objects.get(codename="delete_sectionlink"))

    output = create_group()

    assert "  - compare.delete_sectionlink" in output
    assert not group.permissions.filter(codename="delete_sectionlink").exists()


def test_the_group_command_makes_a_user_a_curator(client, setting):
    user = User.objects.create_user("editor", password="x")
    out = StringIO()

    call_command("create_curators_group", add=["editor"], stdout=out)
    call_command("create_curators_group", add=["editor"], stdout=out)

    assert "user 'editor': added to the group" in out.getvalue()
    assert "user 'editor': already a curator" in out.getvalue()
    user.refresh_from_db()
    assert user.is_staff and user.groups.filter(name=CURATORS_GROUP).exists()
    with pytest.raises(CommandError, match="no user named 'nobody'"):
        call_command("create_curators_group", add=["nobody"], stdout=StringIO())
