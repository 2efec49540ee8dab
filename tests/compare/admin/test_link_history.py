"""What the admin keeps: links are never deleted, events and runs are read-only, times are local."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from compare.admin.links import SectionLinkAdmin
from compare.curating import confirm_link
from compare.models import AlignmentRun, LinkEvent, SectionLink
from tests.compare.admin.linking import CHANGELIST, Action, Status, link, make_plan, sec

pytestmark = pytest.mark.django_db


def test_links_cannot_be_deleted_from_the_admin(client, curator, links):
    cloud = links["cloud"]

    page = client.get(reverse("admin:compare_sectionlink_change", args=[cloud.pk]))
    delete = client.post(
        reverse("admin:compare_sectionlink_delete", args=[cloud.pk]), {"post": "yes"}
    )
    changelist = client.get(reverse(CHANGELIST))

    assert "deletelink" not in page.content.decode()
    assert delete.status_code == 403
    assert "delete_selected" not in changelist.content.decode()
    assert SectionLink.objects.count() == 3


def test_deleting_through_the_admin_class_rejects_instead(curator, links):
    request = RequestFactory().post("/")
    request.user = curator
    model_admin = SectionLinkAdmin(SectionLink, site)

    model_admin.delete_queryset(request, SectionLink.objects.filter(pk=links["cloud"].pk))

    assert SectionLink.objects.get(pk=links["cloud"].pk).status == Status.REJECTED
    assert LinkEvent.objects.get().action == Action.REJECTED


@pytest.mark.parametrize("query", [{}, {"action__exact": "confirmed"}, {"plan": "1"}])
def test_the_event_list_is_read_only(client, curator, links, query):
    confirm_link(links["cloud"], actor=curator, note="看过")
    event = LinkEvent.objects.get()

    listing = client.get(reverse("admin:compare_linkevent_changelist"), query)
    detail = client.get(reverse("admin:compare_linkevent_change", args=[event.pk]))

    assert listing.status_code == 200
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client.get(reverse("admin:compare_linkevent_add")).status_code == 403


def test_the_event_list_filters_by_plan(client, curator, plans, links):
    a, b = plans
    c = make_plan("plan-c", "丙意见", [(0, "政务云建设", "")])
    other = link(sec(b, "建设现状"), sec(c, "政务云建设"))
    confirm_link(links["cloud"], actor=curator)
    confirm_link(other, actor=curator)
    url = reverse("admin:compare_linkevent_changelist")

    def link_ids(query):
        rows = client.get(url, query).context["cl"].result_list
        return {e.link_id for e in rows}

    assert link_ids({"plan": a.pk}) == {links["cloud"].pk}
    assert link_ids({"plan": c.pk}) == {other.pk}
    assert link_ids({"plan": b.pk}) == {links["cloud"].pk, other.pk}


def test_runs_are_listed_read_only_with_their_link_counts(client, curator, links):
    response = client.get(reverse("admin:compare_alignmentrun_changelist"))

    assert response.status_code == 200
    assert "run__id__exact" in response.content.decode()
    assert client.get(reverse("admin:compare_alignmentrun_add")).status_code == 403


def test_a_run_is_named_by_its_start_in_local_time_like_every_other_time_in_admin(settings):
    from datetime import UTC, datetime

    settings.TIME_ZONE = "Asia/Shanghai"
    run = AlignmentRun(plan_key="a,b", started_at=datetime(2026, 1, 1, 20, 0, tzinfo=UTC))
    assert str(run) == "a,b @ 2026-01-02 04:00"


def test_the_event_list_names_its_people_filter_plainly_in_english(client, curator, links):
    confirm_link(links["cloud"], actor=curator)

    html = client.get(
        reverse("admin:compare_linkevent_changelist"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    # Django heads a filter "By <field>": the actor field once said "By" itself
    assert "By Person" in html and "By By" not in html
