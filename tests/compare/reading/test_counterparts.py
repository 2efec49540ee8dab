"""The section page's counterparts: from the stored, curated links, one section of each seed."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.html import escape

from compare import curating
from compare.alignment.reasons import band_words, reason
from compare.models import CoverageDecision, SectionLink
from compare.reading.picking import plan_label
from plans.models import Plan, Section
from tests.moduledata import aligned_for_the_module

NATIONAL, Y23 = "national-2022-digital-gov-opinion", "yunnan-2023-digital-gov-programme"
Y23_READ = "yunnan-2023-programme-interpretation"
Y22, HN, WC = "yunnan-2022-egov-plan", "hunan-13th-egov-plan", "wangcang-2023-digital-gov-plan"
JS, SX, BT = (
    "jiangsu-2021-digital-gov-plan",
    "shanxi-2023-digital-gov-plan",
    "baotou-2022-evaluation-measures",
)
# Every seed plan in at least one run: the pairs a planner reads together.
RUNS = [(NATIONAL, Y23), (Y23_READ, Y23), (Y22, HN, WC), (JS, SX), (BT, NATIONAL)]


_aligned_once = aligned_for_the_module(*RUNS)


@pytest.fixture
def aligned(_aligned_once, seeded):
    return seeded


def _section(slug: str, heading: str) -> Section:
    found = [s for s in Section.objects.filter(plan__slug=slug) if s.heading == heading]
    assert len(found) == 1, f"{slug}: {len(found)} sections headed {heading}"
    return found[0]


def _panel(client, section: Section) -> str:
    html = client.get(section.get_absolute_url()).content.decode()
    start = html.index('id="counterparts"')
    return html[start : html.index("</section>", start)]


# One section of each seed plan and counterparts the engine finds for it in the other plans.
PINNED = [
    (
        NATIONAL,
        "（二）深化数据高效共享",
        [(Y23, "4.推动数据共享利用"), (BT, "（三）推动高效务实的数据共享开放（2分）")],
    ),
    (Y23, "1.夯实政务数据管理基础", [(NATIONAL, "（一）创新数据管理机制")]),
    (Y23_READ, "打造政务服务唯一网上总门户", [(Y23, "二、总体架构")]),
    (
        Y22,
        "(一)优化泛在安全的电子政务网络",
        [(HN, "1.全面升級改造電子政務外網"), (WC, "专栏1 数字政府基础设施工程")],
    ),
    (HN, "2.建設統一電子政務外網云平臺", [(Y22, "(二)建设集约高效的全省政务云")]),
    (
        WC,
        "第三节 创新数字政府智慧应用",
        [(Y22, "三、统筹一体化协同应用平台体系"), (HN, "(二)提升政府公共服務水平")],
    ),
    (JS, "（二）升级一体化在线监管平台", [(SX, "“互联网+监管”平台优化升级")]),
    (SX, "强化安全管理运营", [(JS, "2．建设统一安全管理技术体系")]),
    (BT, "（二）强化安全防护支撑能力", [(NATIONAL, "三、构建数字政府全方位安全保障体系")]),
]


@pytest.mark.parametrize(("slug", "heading", "expected"), PINNED, ids=[p[0] for p in PINNED])
def test_a_section_of_each_seed_lists_its_counterparts_in_the_other_plans(
    client, aligned, slug, heading, expected
):
    panel = _panel(client, _section(slug, heading))
    for other_slug, other_heading in expected:
        other = _section(other_slug, other_heading)
        group = panel[panel.index(escape(plan_label(other.plan))) :]
        assert f'href="{other.get_absolute_url()}">{escape(other_heading)}</a>' in group


def test_counterparts_come_grouped_by_plan_top_level_first_with_the_band_in_the_compare_pages_words(
    client, aligned
):
    section = _section(NATIONAL, "（二）深化数据高效共享")
    panel = _panel(client, section)
    labels = [plan_label(Plan.objects.get(slug=s)) for s in (Y23, BT)]
    assert panel.index(escape(labels[0])) < panel.index(escape(labels[1]))  # province, city
    link = SectionLink.objects.get(
        Q(left=section, right=_section(Y23, "4.推动数据共享利用"))
        | Q(right=section, left=_section(Y23, "4.推动数据共享利用"))
    )
    assert escape(band_words(link.score)) in panel
    assert escape(reason(link.evidence, with_band=False)) in panel


def test_each_plan_links_to_the_pairs_comparison_at_the_sections_row(client, aligned):
    section = _section(WC, "第三节 创新数字政府智慧应用")
    panel = _panel(client, section)
    url = reverse("compare:compare") + f"?plans={WC}%2C{Y22}#r{section.pk}"
    assert f'href="{escape(url)}"' in panel
    compared = client.get(url.partition("#")[0]).content.decode()
    assert f'<tr id="r{section.pk}"' in compared


def test_coverage_reports_are_offered_where_one_plans_place_is_above_the_others(client, aligned):
    section = _section(Y23, "1.夯实政务数据管理基础")
    panel = _panel(client, section)
    upper_lower = f"?upper={NATIONAL}&amp;lower={Y23}"
    assert reverse("compare:coverage") + upper_lower in panel
    # Two plans of one province: a comparison, no coverage report.
    reading = _panel(client, _section(Y23_READ, "打造政务服务唯一网上总门户"))
    assert "?upper=" not in reading
    # 云南省 is a level above 旺苍县, but not above it: 旺苍 takes up 四川省's plans.
    wangcang = _panel(client, _section(WC, "第三节 创新数字政府智慧应用"))
    assert "?upper=" not in wangcang


def test_a_coverage_decision_on_the_section_offers_that_report(client, aligned):
    section = _section(JS, "（二）升级一体化在线监管平台")
    assert "?upper=" not in _panel(client, section)  # 江苏 and 山西: both provinces
    user = get_user_model().objects.create_user("judge", password="pw")
    CoverageDecision.objects.create(
        section=section, lower=Plan.objects.get(slug=WC), status="missing", actor=user
    )
    assert f"?upper={JS}&amp;lower={WC}" in _panel(client, section)


def test_rejected_links_are_not_shown_and_confirmed_ones_are_marked(client, aligned):
    section = _section(Y22, "(一)优化泛在安全的电子政务网络")
    hunan = _section(HN, "1.全面升級改造電子政務外網")
    wangcang = _section(WC, "专栏1 数字政府基础设施工程")
    curator = get_user_model().objects.create_user("curator", password="pw")
    pair = Q(left=section) | Q(right=section)
    curating.reject_link(
        SectionLink.objects.get(pair, Q(left=hunan) | Q(right=hunan)), actor=curator
    )
    curating.confirm_link(
        SectionLink.objects.get(pair, Q(left=wangcang) | Q(right=wangcang)), actor=curator
    )
    panel = _panel(client, section)
    assert hunan.get_absolute_url() not in panel
    item = re.search(
        rf'<li class="band-\w+">\s*.*?{wangcang.get_absolute_url()}.*?</li>', panel, re.S
    )
    assert item and 'class="status status-confirmed"' in item.group(0)


def test_a_section_without_counterparts_says_so_and_offers_the_picker(client, aligned):
    plan = Plan.objects.get(slug=Y22)
    linked = SectionLink.objects.filter(Q(left__plan=plan) | Q(right__plan=plan))
    ids = set(linked.values_list("left_id", flat=True)) | set(
        linked.values_list("right_id", flat=True)
    )
    alone = Section.objects.for_plan(plan).exclude(pk__in=ids).first()
    panel = _panel(client, alone)
    assert "还没有与其他规划对照过这一节" in panel
    assert f'href="{reverse("compare:compare")}?first={Y22}"' in panel


def test_the_section_page_reads_its_counterparts_in_fixed_queries(
    client, aligned, django_assert_num_queries
):
    for slug, heading, _expected in PINNED:
        section = _section(slug, heading)
        url, above = section.get_absolute_url(), 1 if section.parent_id else 0
        with django_assert_num_queries(4 + above):  # section, children, links, decisions
            assert client.get(url).status_code == 200


def test_the_band_can_be_said_apart_from_the_reason():
    ev = {
        "shared": ["政务云"],
        "probability": "0.85",
        "support": None,
        "title": "0",
        "content": "0",
    }
    assert reason(ev) == band_words(0.85) + "；共同主题词：政务云"
    assert reason(ev, with_band=False) == "共同主题词：政务云"
    assert band_words("0.5") == "可能对应（0.50）" and band_words(0.2) == "待核对（0.20）"
