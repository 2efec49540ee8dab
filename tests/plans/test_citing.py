"""The documents a plan cites, matched to the catalogue: on the plan page and in its JSON."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from plans.citing import citations_in, documents_cited
from plans.importing import PlanOverrides, import_plan
from plans.lib.citations import title_keys
from plans.models import Plan, PlanCitation, PlanTitleKey, Section

WC, Y23 = "wangcang-2023-digital-gov-plan", "yunnan-2023-digital-gov-programme"
NATIONAL = "national-2022-digital-gov-opinion"


def _cited_panel(html: str) -> str:
    start = html.index('id="cited"')
    return html[start : html.index("</section>", start)]


@pytest.mark.django_db
def test_wangcang_cites_its_province_and_city_plans_which_the_catalogue_lacks(seeded):
    cited = {c.title: c for c in documents_cited(Plan.objects.get(slug=WC))}
    assert cited["四川省“十四五”数字政府建设规划"].count == 2
    assert cited["四川省“十四五”数字政府建设规划"].plan is None
    assert cited["广元市“十四五”数字政府建设规划"].plan is None
    assert "旺苍县“十四五”数字政府建设规划" not in cited  # the plan itself
    assert len(cited) == 6


@pytest.mark.django_db
def test_a_cited_document_the_catalogue_holds_is_linked(client, seeded):
    national = Plan.objects.get(slug=NATIONAL)
    html = client.get(reverse("plans:plan", args=[Y23])).content.decode()
    panel = _cited_panel(html)
    assert (
        f'<a href="{national.get_absolute_url()}">《国务院关于加强数字政府建设的指导意见》</a>'
        in panel
    )


@pytest.mark.django_db
def test_the_plan_page_marks_what_the_catalogue_lacks_and_offers_staff_the_import(client, seeded):
    url = reverse("plans:plan", args=[WC])
    panel = _cited_panel(client.get(url).content.decode())
    assert escape("《广元市“十四五”数字政府建设规划》") in panel and "目录中没有" in panel
    assert reverse("admin:plans_plan_import") not in panel
    assert "引用 2 次" in panel  # 四川省's plan, cited twice
    staff = get_user_model().objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(staff)
    assert reverse("admin:plans_plan_import") in _cited_panel(client.get(url).content.decode())


@pytest.mark.django_db
def test_the_times_cited_stand_beside_the_title_not_after_the_import_link(client, seeded):
    staff = get_user_model().objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(staff)
    panel = _cited_panel(client.get(reverse("plans:plan", args=[WC])).content.decode())
    item = next(li for li in panel.split("<li>") if "四川省" in li)
    title, count = item.index("》"), item.index("引用 2 次")
    assert title < count < item.index(reverse("admin:plans_plan_import"))


@pytest.mark.django_db
def test_a_plan_citing_nothing_has_no_cited_panel(client, seeded):
    assert 'id="cited"' not in client.get(reverse("plans:plan", args=[NATIONAL])).content.decode()


@pytest.mark.django_db
def test_the_plan_json_lists_cited_documents_with_the_catalogues_slug_or_null(client, seeded):
    data = json.loads(client.get(reverse("plans:api_plan", args=[Y23])).content)
    assert data["cited"] == [
        {"title": "国务院关于加强数字政府建设的指导意见", "count": 1, "slug": NATIONAL}
    ]
    wangcang = json.loads(client.get(reverse("plans:api_plan", args=[WC])).content)["cited"]
    assert {"title": "广元市“十四五”数字政府建设规划", "count": 1, "slug": None} in wangcang


# Read once at import, matched at read time


def _small_plan(*cited: str) -> bytes:
    body = "".join(f"贯彻落实《{title}》。" for title in cited)
    return (
        f"广元市数字政府建设实施方案\n\n一、总体要求\n{body}\n二、主要任务\n推进建设。\n".encode()
    )


def _stored(plan: Plan) -> list[tuple[str, int]]:
    return list(PlanCitation.objects.filter(plan=plan).values_list("title", "count"))


GUANGYUAN = {"jurisdiction": "广元市", "level": "prefecture", "parent": "四川省"}


@pytest.mark.django_db
def test_importing_a_plan_stores_the_documents_it_cites_in_order_with_their_counts(seeded):
    assert _stored(Plan.objects.get(slug=WC)) == [
        ("四川省“十四五”数字政府建设规划", 2),
        ("广元市“十四五”数字政府建设规划", 1),
        ("旺苍县国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要", 1),
        ("关于明确数据整合共享和政务云平台管理有关工作的通知", 1),
        (
            "中共中央关于坚持和完善中国特色社会主义制度、推进国家治理体系和治理能力现代化若干"
            "重大问题的决定",
            1,
        ),
        ("网络安全等级保护2.0:第三级网络安全防护要求", 1),
    ]


@pytest.mark.django_db
def test_a_reimported_plan_cites_what_its_new_text_cites_and_a_deleted_one_nothing():
    source = "guangyuan-programme.txt"
    plan = import_plan(
        data=_small_plan("四川省数字政府建设规划", "数据安全法", "四川省数字政府建设规划"),
        source=source,
        overrides=PlanOverrides(**GUANGYUAN),
    ).plan
    assert _stored(plan) == [("四川省数字政府建设规划", 2), ("数据安全法", 1)]

    import_plan(
        data=_small_plan("个人信息保护法"),
        source=source,
        overrides=PlanOverrides(**GUANGYUAN),
        replace=True,
    )
    assert _stored(plan) == [("个人信息保护法", 1)]

    plan.delete()
    assert not PlanCitation.objects.exists() and not PlanTitleKey.objects.exists()


@pytest.mark.django_db
def test_a_cited_plan_imported_after_the_plan_citing_it_is_linked(client, seeded):
    national = Plan.objects.get(slug=NATIONAL)
    jurisdiction, title = national.jurisdiction, national.title
    national.delete()
    assert [c.plan for c in documents_cited(Plan.objects.get(slug=Y23))] == [None]

    later = Plan.objects.create(
        jurisdiction=jurisdiction, title=title, slug="later", source="later.txt", raw_text=title
    )
    assert [c.plan for c in documents_cited(Plan.objects.get(slug=Y23))] == [later]
    panel = _cited_panel(client.get(reverse("plans:plan", args=[Y23])).content.decode())
    assert f'<a href="{later.get_absolute_url()}">' in panel


@pytest.mark.django_db
def test_a_renamed_plan_is_matched_under_its_new_title_only(seeded):
    national = Plan.objects.get(slug=NATIONAL)
    old_title = national.title
    national.title = "国务院关于另一件事的通知"
    national.save(update_fields=["title"])
    assert [c.plan for c in documents_cited(Plan.objects.get(slug=Y23))] == [None]

    national.title = old_title
    national.save()
    assert [c.plan for c in documents_cited(Plan.objects.get(slug=Y23))] == [national]


@pytest.mark.django_db
def test_the_plan_page_matches_citations_by_index_reading_no_section_and_no_list_of_titles(
    client, seeded, django_assert_max_num_queries
):
    call_command("make_catalogue", 50, seed=1)
    url = reverse("plans:plan", args=[Y23])
    # plan, places above, root sections, interpretations, higher plans, who leads, and the
    # two reads of the cited documents: the plan's citations and the title keys they name
    with django_assert_max_num_queries(7), CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert "国务院关于加强数字政府建设的指导意见" in _cited_panel(html)
    for query in queries.captured_queries:
        assert "《" not in query["sql"], query["sql"]  # no section scanned for a 《
        listed = re.search(r'FROM "plans_plan"(.*)', query["sql"])
        assert listed is None or "WHERE" in listed.group(1), query["sql"]  # no title list


@pytest.mark.django_db
def test_the_synthetic_catalogue_stores_its_plans_title_keys_and_citations(seeded):
    call_command("make_catalogue", 5, seed=2)
    made = Plan.objects.filter(slug__startswith="syn-").order_by("slug")
    for plan in made:
        assert set(plan.cited_as.values_list("key", flat=True)) == title_keys(plan.title)
    texts = [(s.title, s.body) for s in Section.objects.for_plan(made[0])]
    expected = [(c.title, c.count) for c in citations_in(made[0], texts)]
    assert _stored(made[0]) == expected


@pytest.mark.django_db
def test_plans_stored_before_citations_were_read_get_them_from_the_migration(seeded):
    from importlib import import_module

    from django.apps import apps

    before = {p.slug: _stored(p) for p in seeded}
    keys_before = sorted(PlanTitleKey.objects.values_list("plan__slug", "key"))
    PlanCitation.objects.all().delete()
    PlanTitleKey.objects.all().delete()
    import_module("plans.migrations.0018_plan_citations").fill(apps, None)
    assert {p.slug: _stored(p) for p in seeded} == before
    assert sorted(PlanTitleKey.objects.values_list("plan__slug", "key")) == keys_before
    assert any(before.values())
