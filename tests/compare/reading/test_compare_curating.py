"""Curating on the compare page: curators reject a link in place, everyone else reads."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from compare.models import LinkEvent, SectionLink
from tests.compare.reading.compare_page import (
    HX,
    THREE,
    a_curator,
    get_compare,
    html_of,
)


@pytest.mark.django_db
def test_curators_see_controls_and_everyone_else_reads(client, aligned):
    link = SectionLink.objects.order_by("-score").first()
    assert f"/compare/links/{link.pk}/" not in html_of(get_compare(client))
    client.force_login(a_curator())
    assert f"/compare/links/{link.pk}/" in html_of(get_compare(client))


@pytest.mark.django_db
def test_a_curator_rejects_a_link_in_place_and_it_is_recorded(client, aligned):
    link = SectionLink.objects.order_by("-score").first()
    user = a_curator()
    client.force_login(user)
    back = f"/compare/?plans={THREE}#r1"
    response = client.post(
        reverse("compare:curate", args=[link.pk]), {"action": "reject", "next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    link.refresh_from_db()
    assert link.status == "rejected"
    event = LinkEvent.objects.get(link=link, action="rejected")
    assert event.actor == user


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "said"), [("zh-hans", "已拒绝："), ("en", "Rejected: ")])
def test_a_rejection_in_place_is_said_in_the_pages_live_region(client, aligned, language, said):
    link = SectionLink.objects.order_by("-score").first()
    client.force_login(a_curator())
    back = f"/compare/?plans={THREE}&row=r1#r1"

    response = client.post(
        reverse("compare:curate", args=[link.pk]),
        {"action": "reject", "next": back},
        follow=True,
        HTTP_ACCEPT_LANGUAGE=language,
        **HX,
    )

    html = html_of(response)
    region = html[html.index('id="page-messages"') :]
    region = region[: region.index("</div>")]
    assert 'hx-swap-oob="innerHTML"' in region
    assert f"<p>{said}" in region
    assert link.left.title in region and link.right.title in region


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_people_who_are_not_curators_cannot_change_links(client, aligned, who):
    if who == "reader":
        client.force_login(get_user_model().objects.create_user("reader"))
    link = SectionLink.objects.first()
    response = client.post(reverse("compare:curate", args=[link.pk]), {"action": "reject"})
    assert response.status_code == 403
    assert SectionLink.objects.get(pk=link.pk).status == "auto"


@pytest.mark.django_db
def test_the_curation_endpoint_only_takes_post(client, aligned):
    client.force_login(a_curator())
    link = SectionLink.objects.first()
    assert client.get(reverse("compare:curate", args=[link.pk])).status_code == 405
