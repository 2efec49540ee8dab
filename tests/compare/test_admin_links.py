from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from compare.admin.links import SectionLinkAdmin
from compare.curating import CURATORS_GROUP, confirm_link, reject_link
from compare.models import AlignmentRun, LinkEvent, SectionLink
from compare.runs.aligning import run_alignment
from plans.models import Jurisdiction, Plan, Section
from tests.seeds import load_seeds

pytestmark = pytest.mark.django_db

Status = SectionLink.Status
Action = LinkEvent.Action
CHANGELIST = "admin:compare_sectionlink_changelist"


def make_plan(slug: str, title: str, sections: list[tuple[int, str, str]]) -> Plan:
    place, _ = Jurisdiction.objects.get_or_create(
        name="云南省", defaults={"slug": "yunnan", "level": "province"}
    )
    plan = Plan.objects.create(
        jurisdiction=place, slug=slug, title=title, source=f"{slug}.txt", raw_text="…"
    )
    parents: dict[int, Section] = {}
    for order, (depth, title_, body) in enumerate(sections):
        parents[depth] = Section.objects.create(
            plan=plan,
            parent=parents.get(depth - 1) if depth else None,
            order=order,
            depth=depth,
            kind="chapter" if depth == 0 else "item",
            label=f"{order + 1}.",
            title=title_,
            body=body,
            start=order,
            end=order + 1,
        )
    return plan


@pytest.fixture
def plans():
    a = make_plan(
        "plan-a",
        "甲规划",
        [
            (0, "发展基础", ""),
            (1, "政务云", "建成全省政务云平台。"),
            (0, "主要任务", "推进一网通办。"),
        ],
    )
    b = make_plan(
        "plan-b",
        "乙方案",
        [
            (0, "建设现状", "政务云已覆盖各市。"),
            (0, "重点任务", "深化一网通办。"),
            (0, "保障措施", ""),
        ],
    )
    return a, b


def sec(plan: Plan, title: str) -> Section:
    return plan.sections.get(title=title)


def link(left: Section, right: Section, score: float = 0.7, **fields) -> SectionLink:
    left, right = sorted([left, right], key=lambda s: s.pk)
    return SectionLink.objects.create(left=left, right=right, score=score, **fields)


@pytest.fixture
def curator(client):
    call_command("create_curators_group", stdout=StringIO())
    user = User.objects.create_user("curator", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS_GROUP))
    client.force_login(user)
    return user


@pytest.fixture
def links(plans):
    a, b = plans
    run = AlignmentRun.objects.create(plan_key="plan-a,plan-b", status="done")
    return {
        "cloud": link(sec(a, "政务云"), sec(b, "建设现状"), 0.91, run=run),
        "tasks": link(sec(a, "主要任务"), sec(b, "重点任务"), 0.65, run=run),
        "wrong": link(sec(a, "发展基础"), sec(b, "保障措施"), 0.32),
    }


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


def test_realigning_the_selected_pairs_keeps_every_human_decision(client, curator, seeded):
    plans = {p.slug: p for p in seeded}
    y22, y23 = plans["yunnan-2022-egov-plan"], plans["yunnan-2023-digital-gov-programme"]
    wc = plans["wangcang-2023-digital-gov-plan"]
    run_alignment([y22, y23])
    run_alignment([y23, wc])
    first, second = SectionLink.objects.for_pair(y22, y23).order_by("-score")[:2]
    other_pair = SectionLink.objects.for_pair(y23, wc).first()
    confirm_link(first, actor=curator, note="核对过")
    reject_link(second, actor=curator, note="不对应")

    response = client.post(
        reverse(CHANGELIST),
        {"action": "realign_selected", "_selected_action": [first.pk, second.pk, other_pair.pk]},
        follow=True,
    )

    runs = AlignmentRun.objects.filter(started_by=curator)
    assert sorted(runs.values_list("plan_key", "status")) == sorted(
        [
            (",".join(sorted([y22.slug, y23.slug])), "done"),
            (",".join(sorted([wc.slug, y23.slug])), "done"),
        ]
    )
    messages = [str(m) for m in response.context["messages"]]
    assert sum(m.startswith("已重新对齐") for m in messages) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.note) == (Status.CONFIRMED, "核对过")
    assert second.status == Status.REJECTED
    pair = (second.left_id, second.right_id)
    assert SectionLink.objects.filter(left_id=pair[0], right_id=pair[1]).count() == 1
    assert SectionLink.objects.for_pair(y22, y23).filter(status=Status.AUTO).exists()


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


def test_a_run_is_named_by_its_start_in_local_time_like_every_other_time_in_admin(settings):
    from datetime import UTC, datetime

    from compare.models import AlignmentRun

    settings.TIME_ZONE = "Asia/Shanghai"
    run = AlignmentRun(plan_key="a,b", started_at=datetime(2026, 1, 1, 20, 0, tzinfo=UTC))
    assert str(run) == "a,b @ 2026-01-02 04:00"
