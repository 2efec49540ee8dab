"""A link's change page: both texts and the history, confirm and reject, saving through curation,
replacing a counterpart."""

from __future__ import annotations

import pytest
from django.urls import reverse

from compare.alignment.reasons import reason
from compare.curating import confirm_link
from compare.models import LinkEvent, SectionLink
from tests.compare.admin.linking import CHANGELIST, Action, Status, link, make_plan, sec

pytestmark = pytest.mark.django_db


def test_the_change_page_shows_both_full_texts_side_by_side_and_the_history(
    client, curator, plans, links
):
    a, b = plans
    chapter_link = link(sec(a, "发展基础"), sec(b, "建设现状"))
    confirm_link(chapter_link, actor=curator, note="第一次")
    SectionLink.objects.filter(pk=chapter_link.pk).update(status=Status.AUTO)
    chapter_link.refresh_from_db()
    confirm_link(chapter_link, actor=curator, note="第二次")

    html = client.get(reverse("admin:compare_sectionlink_change", args=[chapter_link.pk]))
    html = html.content.decode()

    sides = html[html.index('class="link-sides"') :]
    # The chapter has no body of its own: its full text is the text under it.
    assert sides.index("发展基础") < sides.index("建成全省政务云平台。") < sides.index("建设现状")
    assert "政务云已覆盖各市。" in sides
    history = html[html.index('class="link-history"') :]
    newest, older = history[: history.index("</table>")].split("<tr>")[2:4]
    assert newest.endswith("<td>第二次</td></tr>")
    assert older.endswith("<td>第一次</td></tr></tbody>")
    assert "状态：自动 → 已确认" in older


def test_confirm_and_reject_actions_record_events_and_skip_what_changes_nothing(
    client, curator, links
):
    cloud, tasks = links["cloud"], links["tasks"]
    confirm_link(tasks, actor=curator)
    url = reverse(CHANGELIST)

    response = client.post(
        url, {"action": "confirm_selected", "_selected_action": [cloud.pk, tasks.pk]}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert "已确认 1 条对应。" in messages
    assert any(m.startswith("跳过 1 条") and "已经确认过" in m for m in messages)

    client.post(url, {"action": "reject_selected", "_selected_action": [links["wrong"].pk]})

    statuses = dict(SectionLink.objects.values_list("pk", "status"))
    assert statuses[cloud.pk] == Status.CONFIRMED
    assert statuses[links["wrong"].pk] == Status.REJECTED
    events = LinkEvent.objects.filter(actor=curator).values_list("link_id", "action")
    assert sorted(events) == sorted(
        [
            (tasks.pk, Action.CONFIRMED),
            (cloud.pk, Action.CONFIRMED),
            (links["wrong"].pk, "rejected"),
        ]
    )


@pytest.mark.parametrize(
    ("status", "note", "expected_actions"),
    [
        ("rejected", "不对应", [Action.REJECTED]),
        ("confirmed", "", [Action.CONFIRMED]),
        ("auto", "待核对", [Action.EDITED]),
        ("auto", "", []),
    ],
)
def test_saving_the_change_form_goes_through_curation(
    client, curator, links, status, note, expected_actions
):
    cloud = links["cloud"]

    response = client.post(
        reverse("admin:compare_sectionlink_change", args=[cloud.pk]),
        {"status": status, "note": note},
    )

    assert response.status_code == 302
    cloud.refresh_from_db()
    assert (cloud.status, cloud.note) == (status, note)
    assert list(LinkEvent.objects.values_list("action", flat=True)) == expected_actions
    if expected_actions:
        assert LinkEvent.objects.get().note == note


def test_replacing_a_counterpart_rejects_the_wrong_link_and_adds_the_right_one(
    client, curator, plans, links
):
    a, b = plans
    wrong = links["wrong"]  # 发展基础 ↔ 保障措施
    url = reverse("admin:compare_sectionlink_replace", args=[wrong.pk])

    page = client.get(url).content.decode()
    assert '<optgroup label="乙方案">' in page and "重点任务" in page

    response = client.post(url, {"new_section": sec(b, "建设现状").pk, "note": "应为建设现状"})

    wrong.refresh_from_db()
    assert wrong.status == Status.REJECTED
    new = SectionLink.objects.get(status=Status.MANUAL)
    assert {new.left, new.right} == {sec(a, "发展基础"), sec(b, "建设现状")}
    assert response.url == reverse("admin:compare_sectionlink_change", args=[new.pk])
    assert list(LinkEvent.objects.order_by("id").values_list("action", "note")) == [
        (Action.REJECTED, "应为建设现状"),
        (Action.ADDED, "应为建设现状"),
    ]


def test_replacing_with_a_section_of_another_plan_is_refused(client, curator, plans, links):
    c = make_plan("plan-c", "丙意见", [(0, "政务云建设", "")])
    url = reverse("admin:compare_sectionlink_replace", args=[links["wrong"].pk])

    response = client.post(url, {"new_section": sec(c, "政务云建设").pk})

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert SectionLink.objects.filter(status=Status.AUTO).count() == 3
    assert not LinkEvent.objects.exists()


def test_the_change_page_words_the_engines_reason_in_the_readers_language(client, curator, plans):
    a, b = plans
    found = link(sec(a, "发展基础"), sec(b, "建设现状"))
    SectionLink.objects.filter(pk=found.pk).update(
        reason="可能对应（0.58）；共同主题词：政务云",
        evidence={
            "shared": ["政务云"],
            "title": 0.4,
            "content": 0.5,
            "support": 0,
            "probability": 0.58,
        },
    )
    url = reverse("admin:compare_sectionlink_change", args=[found.pk])

    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Possibly counterparts (0.58); Shared topic words: 政务云" in html
    assert "共同主题词" not in html


def test_an_event_recorded_without_evidence_is_worded_from_the_links_own(client, curator, plans):
    a, b = plans
    found = link(sec(a, "发展基础"), sec(b, "建设现状"))
    evidence = {
        "shared": ["政务云"],
        "title": 0.4,
        "content": 0.5,
        "support": 0,
        "probability": 0.58,
    }
    SectionLink.objects.filter(pk=found.pk).update(reason=reason(evidence), evidence=evidence)
    LinkEvent.objects.create(
        link=found,
        left=found.left,
        right=found.right,
        action=LinkEvent.Action.PROPOSED,
        after={"status": "auto", "score": 0.58, "reason": reason(evidence)},
    )
    url = reverse("admin:compare_sectionlink_change", args=[found.pk])

    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    events = client.get(reverse("admin:compare_linkevent_changelist"), HTTP_ACCEPT_LANGUAGE="en")

    # once as the link's reason, once in its history
    assert html.count("Possibly counterparts (0.58); Shared topic words: 政务云") == 2
    assert "共同主题词" not in html
    assert "Reason: — → Possibly counterparts (0.58)" in html
    assert "Possibly counterparts (0.58)" in events.content.decode()
    assert "共同主题词" not in events.content.decode()


def test_the_change_page_names_a_links_note_as_its_history_does(client, curator, plans, links):
    a, b = plans
    noted = link(sec(a, "发展基础"), sec(b, "建设现状"))
    confirm_link(noted, actor=curator, note="已核对")
    html = client.get(reverse("admin:compare_sectionlink_change", args=[noted.pk])).content.decode()
    assert '<label for="id_note">说明:</label>' in html
    assert "备注" not in html
