"""Curating on the compare page: curators reject a link in place, everyone else reads."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape

from compare.models import LinkEvent, SectionLink
from tests.compare.reading.compare_page import (
    HN,
    HX,
    THREE,
    WC,
    Y22,
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
def test_a_curator_confirms_in_place_with_a_note_and_readers_see_it(client, aligned):
    link = SectionLink.objects.filter(status="auto").order_by("-score").first()
    client.force_login(a_curator())
    assert 'name="note"' in html_of(get_compare(client))
    note = "两节都讲<政务云>，已核对原文"

    client.post(
        reverse("compare:curate", args=[link.pk]),
        {"action": "confirm", "note": note, "next": f"/compare/?plans={THREE}"},
    )

    assert LinkEvent.objects.get(link=link, action="confirmed").note == note
    client.logout()
    assert f'<p class="link-note">说明：{escape(note)}</p>' in html_of(get_compare(client))


def _article_of(html: str, section) -> str:
    """The compare page's article showing ``section`` (its heading links to it)."""
    url = f'href="{section.get_absolute_url()}"'
    return next(a for a in html.split("<article")[1:] if url in a.split("</h3>")[0])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "said", "history"),
    [
        ("zh-hans", "已否决与{other}的对应：{note}", "对应变更记录"),
        ("en", "Rejected as a counterpart of {other}: {note}", "Link history"),
    ],
)
def test_a_rejected_links_note_is_shown_where_each_section_now_stands(
    client, aligned, language, said, history
):
    from plans.models import Plan

    link = _alone_once_rejected(list(Plan.objects.filter(slug__in=(Y22, HN, WC))))
    note = "一讲<政务云>，一讲数据共享，不是同一件事"
    client.force_login(a_curator())
    client.post(
        reverse("compare:curate", args=[link.pk]),
        {"action": "reject", "note": note, "next": f"/compare/?plans={THREE}"},
    )
    client.logout()  # every reader sees it, not only curators

    html = html_of(get_compare(client, headers={"HTTP_ACCEPT_LANGUAGE": language}))

    named = {"zh-hans": "{place}（{year}）「{title}」", "en": "{place} ({year}) “{title}”"}[
        language
    ]
    for here, there in ((link.left, link.right), (link.right, link.left)):
        other = named.format(
            place=there.plan.jurisdiction.name, year=there.plan.issued.year, title=there
        )
        article = _article_of(html, here)
        assert escape(said.format(other=other, note=note)) in article, article[:800]
        plans = ",".join(sorted((here.plan.slug, there.plan.slug)))
        assert (
            f'href="/compare/history/?plans={plans.replace(",", "%2C")}">{history}</a>' in article
        )


def _reject_in_place(client, link, back: str, language: str = "zh-hans", **headers) -> str:
    """A curator's Reject posted from the compare page at ``back``; the page's live region as
    it then reads."""
    client.force_login(a_curator())
    response = client.post(
        reverse("compare:curate", args=[link.pk]),
        {"action": "reject", "next": back},
        follow=True,
        HTTP_ACCEPT_LANGUAGE=language,
        **headers,
    )
    return html_of(response).split('id="page-messages"')[1].split("</div>")[0]


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "said"), [("zh-hans", "已否决："), ("en", "Rejected: ")])
def test_a_rejection_in_place_is_said_in_the_pages_live_region(client, aligned, language, said):
    link = SectionLink.objects.order_by("-score").first()

    region = _reject_in_place(client, link, f"/compare/?plans={THREE}&row=r1#r1", language, **HX)

    assert 'hx-swap-oob="innerHTML"' in region
    assert f"<p>{said}" in region
    assert link.left.title in region and link.right.title in region


WHERE = {  # after the link naming the section
    "zh-hans": ("」</a>单独成行", "」</a>仍在与其他章节对应的行中"),
    "en": (
        "”</a> in a row of its own",  # curly quotes, as the other English pages write
        "”</a> still in a row with its other counterparts",
    ),
}


def _alone_once_rejected(plans: list) -> SectionLink:
    """A link whose second section has no other counterpart among ``plans`` and whose first
    keeps some: rejecting it leaves one section alone and the other where it was."""
    shown = SectionLink.objects.between(plans).shown().select_related("left", "right")
    uses = {}
    for link in shown:
        for pk in (link.left_id, link.right_id):
            uses[pk] = uses.get(pk, 0) + 1
    return next(
        link
        for link in shown.order_by("-score")
        if uses[link.right_id] == 1 and uses[link.left_id] > 1 and link.right.title
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_rejection_says_where_each_section_now_stands_with_a_link_to_its_row(
    client, aligned, language
):
    from plans.models import Plan

    link = _alone_once_rejected(list(Plan.objects.filter(slug__in=(Y22, HN, WC))))

    region = _reject_in_place(client, link, f"/compare/?plans={THREE}&row=r1#r1", language, **HX)
    rows = json.loads(get_compare(client, format="json").content)["rows"]
    placed = {
        s["id"]: row["anchor"]
        for row in rows
        for cell in row["cells"].values()
        for s in cell["sections"]
    }
    alone, kept = WHERE[language]
    for section, said in ((link.right, alone), (link.left, kept)):
        anchor = placed[section.pk]
        opened = re.search(rf'<a href="/compare/\?plans=[^"#]+&amp;row={anchor}#{anchor}">', region)
        assert opened, (anchor, region)  # the page itself, opened on that row
        named = region[opened.start() :]
        assert escape(section.title) in named[: named.index("</a>")], region
        quote = said.split("</a>")[0]  # the name's closing quote, then what became of it
        assert named[named.index("</a>") - len(quote) :].startswith(said), region
    alone_row = next(r for r in rows if r["anchor"] == placed[link.right.pk])
    assert sum(1 for cell in alone_row["cells"].values() if cell["sections"]) == 1
    # Said once: the next page a curator opens is quiet.
    assert "<p>" not in html_of(get_compare(client)).split('id="page-messages"')[1][:200]


@pytest.mark.django_db
def test_a_rejection_says_when_the_readers_filters_hide_where_a_section_went(client, aligned):
    from plans.models import Plan

    link = _alone_once_rejected(list(Plan.objects.filter(slug__in=(Y22, HN, WC))))

    # Rows of one plan alone are not among those shown with differ=1.
    region = _reject_in_place(client, link, f"/compare/?plans={THREE}&differ=1")
    assert f"「{escape(link.right)}」不在当前筛选显示的行中" in region


@pytest.mark.django_db
def test_a_rejection_is_not_said_on_a_later_comparison_of_other_plans(client, aligned):
    link = SectionLink.objects.order_by("-score").first()
    client.force_login(a_curator())
    back = f"/compare/?plans={THREE}&row=r1#r1"
    client.post(reverse("compare:curate", args=[link.pk]), {"action": "reject", "next": back})

    # The Reject's own page is not opened (the curator went elsewhere): another comparison is.
    other = html_of(get_compare(client, f"{HN},{Y22}"))
    assert "<p>" not in other.split('id="page-messages"')[1][:200]
    assert "<p>" not in html_of(get_compare(client)).split('id="page-messages"')[1][:200]


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
