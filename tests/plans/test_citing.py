"""The documents a plan cites, matched to the catalogue: on the plan page and in its JSON."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape

from plans.citing import documents_cited
from plans.models import Plan

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
    assert "2 次" in panel  # 四川省's plan, cited twice
    staff = get_user_model().objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(staff)
    assert reverse("admin:plans_plan_import") in _cited_panel(client.get(url).content.decode())


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
