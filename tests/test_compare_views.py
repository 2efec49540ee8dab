"""The compare page: rows across plans, diffs, filters, fragments, sharing, exports."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from compare.jobs import align_plan_set
from compare.models import AlignmentRun, LinkEvent, SavedComparison, SectionLink, plan_set_key
from plans.models import Plan

Y22, HN, WC, Y23 = (
    "yunnan-2022-egov-plan",
    "hunan-13th-egov-plan",
    "wangcang-2023-digital-gov-plan",
    "yunnan-2023-digital-gov-programme",
)
THREE = f"{Y22},{HN},{WC}"
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def aligned(seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    call_command("align", Y22, HN, WC, verbosity=0, stdout=io.StringIO())
    return seeded


def _get(client, query: str = THREE, headers=None, **params):
    return client.get(reverse("compare:compare"), {"plans": query, **params}, **(headers or {}))


def _html(response) -> str:
    return response.content.decode()


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr id="(r\d+)"', html)


@pytest.mark.django_db
def test_without_plans_it_offers_a_picker_of_every_plan(client, seeded):
    html = _html(client.get(reverse("compare:compare"), {"first": Y22}))
    assert html.count('name="plans"') == 4
    assert f'placeholder="请选择" value="{Y22}">' in html  # the first column, filled in
    for plan in Plan.objects.all():
        assert f'value="{plan.slug}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        (Y22, "两到四份"),
        (f"{Y22},nowhere", "找不到这些规划：nowhere"),
        (f"{Y22},{Y22}", "两到四份"),
    ],
)
def test_a_bad_plan_list_says_what_to_fix(client, seeded, query, message):
    response = _get(client, query)
    assert response.status_code == 400
    assert message in _html(response)


@pytest.mark.django_db
def test_picker_columns_redirect_to_one_shareable_url(client, seeded):
    response = client.get(reverse("compare:compare"), {"plans": [Y22, "", HN, WC]})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('compare:compare')}?plans={THREE.replace(',', '%2C')}"


@pytest.mark.django_db
def test_a_new_plan_set_is_aligned_on_demand(client, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    assert not SectionLink.objects.exists()
    response = _get(client)
    assert response.status_code == 200
    assert SectionLink.objects.exists()
    assert AlignmentRun.objects.get().status == "done"


@pytest.mark.django_db
def test_while_a_run_is_under_way_the_page_says_so_and_polls(client, seeded):
    plans = [Plan.objects.get(slug=s) for s in THREE.split(",")]
    run = AlignmentRun.objects.create(plan_key=plan_set_key(plans), status="running")
    run.plans.set(plans)
    response = _get(client)
    assert response.status_code == 202
    html = _html(response)
    assert "正在逐节比对" in html and 'hx-trigger="every 2s"' in html
    assert 'http-equiv="refresh"' in html  # and without JavaScript


@pytest.mark.django_db
def test_rows_follow_the_first_plans_reading_order_with_every_plan_as_a_column(client, aligned):
    html = _html(_get(client))
    y22 = Plan.objects.get(slug=Y22)
    anchors = _rows(html)
    first = [f"r{pk}" for pk in y22.sections.order_by("order").values_list("pk", flat=True)]
    assert [a for a in anchors if a in first] == first
    assert html.count('data-plan="hunan-13th-egov-plan"') == len(anchors)


@pytest.mark.django_db
def test_the_government_cloud_row_has_sections_from_all_three_plans(client, aligned):
    html = _html(_get(client))
    cloud = Plan.objects.get(slug=Y22).sections.get(title="建设集约高效的全省政务云")
    row = html[html.index(f'<tr id="r{cloud.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "建设集约高效的全省政务云" in row
    assert "電子政務外網云平臺" in row  # Hunan, in its own script
    assert "云计算" in row  # Wangcang


@pytest.mark.django_db
def test_a_heading_the_importer_supplied_is_marked_as_such_not_given_a_made_up_title(
    client, aligned
):
    implied = Plan.objects.get(slug=WC).sections.get(implied=True)
    html = _html(_get(client))
    row = html[html.index(f'id="r{implied.pk}"') :]
    heading = row[row.index("<h3>") : row.index("</h3>")]

    assert f'<span class="label">{implied.label}</span></a>' in heading
    assert 'class="badge badge-implied"' in heading and "补充" in heading


@pytest.mark.django_db
def test_differences_are_marked_as_insertions_and_deletions_for_screen_readers_too(client, aligned):
    html = _html(_get(client))
    assert re.search(r'<ins><span class="sr-only">新增：</span>[^<]+</ins>', html)
    assert re.search(r'<del><span class="sr-only">删去：</span>[^<]+</del>', html)


@pytest.mark.django_db
def test_scores_and_reasons_are_there_on_demand_and_long_texts_fold(client, aligned):
    html = _html(_get(client))
    assert '<details class="why">' in html and "共同关键词" in html
    assert '<details class="fold">' in html and "展开全文" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"unique": "1"}, "unique"),
        ({"differ": "1"}, "aligned"),
        ({"min": "0.5"}, "aligned"),
        ({"part": "goals"}, "goals"),
        ({"part": "tasks"}, "tasks"),
    ],
)
def test_filters_keep_only_matching_rows(client, aligned, params, check):
    everything = _rows(_html(_get(client)))
    html = _html(_get(client, **params))
    shown = _rows(html)
    assert 0 < len(shown) < len(everything)
    rows = re.findall(r'<tr id="r\d+" class="row( unique)?[^"]*" data-part="(\w+)"', html)
    if check == "unique":
        assert all(unique for unique, _ in rows)
    elif check == "aligned":
        assert not any(unique for unique, _ in rows)
    else:
        assert {part for _, part in rows} == {check}


@pytest.mark.django_db
def test_the_chapter_filter_keeps_one_chapter_of_the_first_plan(client, aligned):
    y22 = Plan.objects.get(slug=Y22)
    chapter = y22.sections.get(label="第二章")
    html = _html(_get(client, chapter=chapter.pk))
    inside = {f"r{pk}" for pk in y22.sections.values_list("pk", flat=True)}
    shown = [a for a in _rows(html) if a in inside]
    expected = [f"r{chapter.pk}"] + [
        f"r{s.pk}" for s in y22.sections.order_by("order") if _under(s, chapter)
    ]
    assert shown == expected


def _under(section, chapter) -> bool:
    parent = section.parent
    while parent is not None:
        if parent.pk == chapter.pk:
            return True
        parent = parent.parent
    return False


@pytest.mark.django_db
def test_htmx_gets_only_the_rows_and_the_response_varies_on_it(client, aligned):
    response = _get(client, differ="1", headers=HX)
    html = _html(response)
    assert html.lstrip().startswith('<section id="rows"')
    assert "<html" not in html and "site-nav" not in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_a_focused_row_comes_alone_to_htmx_with_everything_open(client, aligned):
    anchor = _rows(_html(_get(client)))[5]
    html = _html(_get(client, row=anchor, headers=HX))
    assert html.lstrip().startswith(f'<tr id="{anchor}"')
    assert "focused" in html and '<details class="fold">' not in html
    page = _html(_get(client, row=anchor))  # and as a plain link, the whole page
    assert "<html" in page and f'<tr id="{anchor}" class="row' in page


@pytest.mark.django_db
def test_the_page_query_count_does_not_grow_with_rows(client, aligned, django_assert_num_queries):
    with django_assert_num_queries(4):
        _get(client)
    with django_assert_num_queries(4):
        _get(client, f"{Y22},{HN}")


@pytest.mark.django_db
def test_page_title_and_open_graph_describe_the_comparison(client, aligned):
    html = _html(_get(client))
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "云南省" in title and "湖南省" in title and "旺苍县" in title
    assert 'property="og:title"' in html and 'property="og:description"' in html
    assert "节有对应" in html


@pytest.mark.django_db
def test_csv_export_has_a_line_per_section_of_each_row(client, aligned):
    response = _get(client, format="csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == ["row", "plan", "label", "title", "text", "score", "status", "placed"]
    assert {line[1] for line in lines[1:]} == set(THREE.split(","))


@pytest.mark.django_db
def test_json_export_has_plans_summary_and_rows(client, aligned):
    data = json.loads(_get(client, format="json").content)
    assert [p["slug"] for p in data["plans"]] == THREE.split(",")
    row = next(r for r in data["rows"] if not r["unique"])
    assert set(row["cells"]) == set(THREE.split(","))
    section = next(s for cell in row["cells"].values() for s in cell["sections"] if "score" in s)
    assert {"id", "label", "title", "text", "url", "score", "status", "reason"} <= set(section)


@pytest.mark.django_db
def test_saving_gives_a_short_read_only_address_that_shows_current_links(client, aligned):
    response = client.post(
        reverse("compare:save"),
        {"plans": THREE, "query": "differ=1", "title": "云南与湖南、旺苍", "note": "看差异"},
    )
    share = SavedComparison.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/c/{share.code}/"
    html = _html(client.get(share.get_absolute_url()))
    assert "云南与湖南、旺苍" in html and "看差异" in html and "只读" in html
    assert 'name="differ" value="1" checked' in html
    link = SectionLink.objects.order_by("-score").first()
    assert f"compare/links/{link.pk}/" not in html  # no curation on a saved view

    def shown_links():
        data = json.loads(client.get(share.get_absolute_url(), {"format": "json"}).content)
        cells = [c for row in data["rows"] for c in row["cells"].values()]
        return {s.get("link") for c in cells for s in c["sections"] + c["also"]}

    shown = shown_links() - {None}
    assert shown
    rejected = min(shown)
    SectionLink.objects.filter(pk=rejected).update(status="rejected")
    assert rejected not in shown_links()


def _curator():
    user = get_user_model().objects.create_user("curator", password="pw")
    call_command("create_curators_group", stdout=io.StringIO())
    user.groups.add(Group.objects.get(name="curators"))
    return user


@pytest.mark.django_db
def test_curators_see_controls_and_everyone_else_reads(client, aligned):
    link = SectionLink.objects.order_by("-score").first()
    assert f"/compare/links/{link.pk}/" not in _html(_get(client))
    client.force_login(_curator())
    assert f"/compare/links/{link.pk}/" in _html(_get(client))


@pytest.mark.django_db
def test_a_curator_rejects_a_link_in_place_and_it_is_recorded(client, aligned):
    link = SectionLink.objects.order_by("-score").first()
    user = _curator()
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
    client.force_login(_curator())
    link = SectionLink.objects.first()
    assert client.get(reverse("compare:curate", args=[link.pk])).status_code == 405


@pytest.mark.django_db
def test_the_goals_tab_shows_the_plans_targets_side_by_side(client, aligned):
    html = _html(_get(client, tab="goals"))
    assert 'id="goals"' in html and "量化目标" in html
    assert "上云率" in html  # Yunnan's 上云率达到90%以上
    assert 'aria-current="page">目标与指标' in html
    fragment = _html(_get(client, tab="goals", headers=HX))
    assert fragment.lstrip().startswith('<div id="panel">')


@pytest.mark.django_db
def test_a_failed_run_is_reported_and_can_be_retried(client, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    plans = [Plan.objects.get(slug=s) for s in THREE.split(",")]
    run = AlignmentRun.objects.create(plan_key=plan_set_key(plans), status="failed", error="boom")
    run.plans.set(plans)
    response = _get(client)
    assert (
        response.status_code == 202 and "boom" in _html(response) and "retry=1" in _html(response)
    )
    assert _get(client, retry="1").status_code == 200
    assert AlignmentRun.objects.filter(status="done").exists()


@pytest.mark.django_db
def test_polling_gets_the_status_alone_then_a_refresh_when_ready(client, seeded, settings):
    plans = [Plan.objects.get(slug=s) for s in THREE.split(",")]
    run = AlignmentRun.objects.create(plan_key=plan_set_key(plans), status="queued")
    run.plans.set(plans)
    poll = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TRIGGER": "waiting"}
    html = _html(_get(client, headers=poll))
    assert html.lstrip().startswith('<div id="waiting"')
    align_plan_set.call(run.pk)  # what a worker does with the queued job
    response = _get(client, headers=poll)
    assert response.headers["HX-Refresh"] == "true"
