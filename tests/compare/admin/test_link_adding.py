"""Adding a link in the admin: the form, a pair the engine proposed, what to fix, autocomplete, and
a curator doing it in a browser."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from compare.curating import CURATORS_GROUP
from compare.models import LinkEvent, SectionLink
from plans.models import Section
from tests.compare.admin.linking import Action, Status, sec
from tests.seeds import load_seeds

pytestmark = pytest.mark.django_db


def test_a_manual_link_is_added_through_the_admin_form(client, curator, plans):
    a, b = plans
    left, right = sec(b, "保障措施"), sec(a, "主要任务")  # higher id first on purpose

    response = client.post(
        reverse("admin:compare_sectionlink_add"),
        {"left": left.pk, "right": right.pk, "note": "人工补充"},
    )

    assert response.status_code == 302
    added = SectionLink.objects.get()
    assert (added.left, added.right, added.status) == (right, left, Status.MANUAL)
    event = LinkEvent.objects.get()
    assert (event.action, event.actor, event.note) == (Action.ADDED, curator, "人工补充")


def test_adding_a_pair_the_engine_proposed_confirms_it_instead_of_duplicating(
    client, curator, links
):
    cloud = links["cloud"]

    response = client.post(
        reverse("admin:compare_sectionlink_add"),
        {"left": cloud.right_id, "right": cloud.left_id, "note": ""},
    )

    assert response.status_code == 302
    cloud.refresh_from_db()
    assert cloud.status == Status.CONFIRMED
    assert SectionLink.objects.count() == 3


@pytest.mark.parametrize(
    ("pick", "message"),
    [
        (lambda a, b: (sec(a, "政务云"), sec(a, "主要任务")), "不同规划"),
        (lambda a, b: (sec(a, "政务云"), sec(a, "政务云")), "同一个章节"),
    ],
)
def test_the_add_form_explains_what_to_fix(client, curator, plans, pick, message):
    left, right = pick(*plans)

    response = client.post(
        reverse("admin:compare_sectionlink_add"), {"left": left.pk, "right": right.pk}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SectionLink.objects.exists()


def test_sections_are_found_by_autocomplete_for_the_add_form(client, curator, plans):
    params = {"app_label": "compare", "model_name": "sectionlink", "field_name": "left"}
    response = client.get(reverse("admin:autocomplete"), {**params, "term": "政务云"})
    assert response.status_code == 200
    # Titles and bodies both match: 建设现状 mentions 政务云 in its text.
    assert sorted(r["text"] for r in response.json()["results"]) == ["1.建设现状", "2.政务云"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_curator_adds_a_missing_link_by_searching_for_both_sections(
    page, live_server, console_errors
):
    load_seeds()
    call_command("create_curators_group", stdout=StringIO())
    user = User.objects.create_user("curator", password="pw-curator-1", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS_GROUP))
    y22 = Section.objects.get(plan__slug="yunnan-2022-egov-plan", title="发展现状")
    y23 = Section.objects.filter(plan__slug="yunnan-2023-digital-gov-programme")
    y23 = y23.get(title="总体要求")

    # The admin's pages name no icon, so the browser asks for /favicon.ico, which is not served.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.goto(live_server.url + reverse("admin:compare_sectionlink_add"))
    page.fill("#id_username", "curator")
    page.fill("#id_password", "pw-curator-1")
    page.click("input[type=submit]")
    for field, section in (("left", y22), ("right", y23)):
        page.click(f".field-{field} .select2-selection")
        # Fill the open dropdown's search box in one go: typed keys that arrive before it has
        # the focus are lost under load, and a shorter query can push the section off page 1.
        page.locator(".select2-container--open .select2-search__field").fill(section.title)
        page.locator(".select2-results__option", has_text=section.heading).first.click()
    page.fill("#id_note", "浏览器中添加")
    page.click("input[name=_save]")

    page.wait_for_url("**/admin/compare/sectionlink/")
    link = SectionLink.objects.get()
    assert {link.left, link.right} == {y22, y23}
    assert (link.status, link.decided_by, link.note) == (Status.MANUAL, user, "浏览器中添加")
    assert LinkEvent.objects.get().action == Action.ADDED
    assert not console_errors
