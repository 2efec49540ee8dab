"""The goals page: plans' targets side by side, baseline to target, bad requests, query count."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from plans.models import Section
from tests.plans.seed_targets import (
    HN,
    SLUGS,
    WC,
    Y22,
    Y23,
)


def _goals_url(*names: str) -> str:
    return reverse("plans:goals") + "?plans=" + ",".join(SLUGS[n] for n in names)


@pytest.mark.django_db
def test_the_goals_page_puts_plans_side_by_side(client, seeded):
    response = client.get(_goals_url(Y22, Y23, WC, HN))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("云南省 2022 规划", "云南省 2023 方案", "旺苍县 2023 规划", "湖南省 2017 规划"):
        assert label in html
    # One row for 上云率 holds Y22's 政务信息系统上云率 and 系统上云率; HN's 云平台部门整合率
    # (departments, not systems) has a row of its own.
    row = _goal_row(html, "上云率")
    assert "90%以上" in row and "不低于60%" in row and "省級云平臺部門整合率達70%" not in row
    y22_goal = Section.objects.get(plan__slug=SLUGS[Y22], title="基础支撑能力不断夯实")
    assert y22_goal.get_absolute_url() in row
    assert "省級云平臺部門整合率達70%" in _goal_row(html, "云平台部门整合率")
    # HN's two 部门整合率 say what they measure: internet exits, and an object lost in garbled
    # text, whose values are marked unreliable rather than silently used.
    assert "省、市兩級部門整合率達到95%" in _goal_row(html, "互联网出口整合率")
    garbled = _goal_row(html, "整合率（对象不明：原文乱码）")
    assert "省、市兩級部門整合率達95%" in garbled and "不可靠" in garbled
    # An indicator whose own words are garbled is not named by them: the measure alone, marked.
    assert '<th scope="row">缌崿F' not in html and 'names">缌崿F' not in html
    assert "緦崿F各級各類學校" in _goal_row(html, "覆盖（名称不明：原文乱码）")
    assert 'lang="zh-Hant"' in html
    # The chart is an SVG that says what it shows and tells plans apart by pattern.
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    assert 'fill="url(#goal-fill-hatch)"' in html
    # Qualitative goals, aligned: Y22's and HN's security goals share a row.
    qualitative = html[html.index('id="goals-qualitative"') :]
    row = qualitative[qualitative.index("安全保障体系更加健全") :]
    assert "安全保障顯著增強" in row[: row.index("</tr>")]
    assert "<script" not in html.split("</head>")[1]


def _goal_row(html: str, name: str) -> str:
    row = html[html.index(f'<th scope="row">{name}') :]
    return row[: row.index("</tr>")]


@pytest.mark.django_db
def test_the_goals_page_reads_the_database_a_fixed_number_of_times(
    client, seeded, django_assert_num_queries
):
    # plans, targets, goal sections: the same for two plans or four.
    with django_assert_num_queries(3):
        assert client.get(_goals_url(Y22, HN)).status_code == 200
    with django_assert_num_queries(3):
        assert client.get(_goals_url(Y22, Y23, WC, HN)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("?plans=", 400, "请用 ?plans= 给出要对照的规划短名"),
        ("?plans=,", 400, "请至少给出一个规划短名"),
        ("?plans=no%20such", 400, "这些不是规划短名：no such"),
        ("?plans=a,b,c,d,e,f,g", 400, "一次最多对照 6 份规划"),
        ("?plans=hunan-13th-egov-plan,nope,nada", 404, "没有这些规划：nope、nada"),
    ],
)
def test_the_goals_page_says_what_is_wrong_with_the_request(client, seeded, query, status, message):
    response = client.get(reverse("plans:goals") + query)
    assert response.status_code == status
    html = response.content.decode()
    assert message in html
    assert 'name="plans" value="hunan-13th-egov-plan"' in html  # a plan to choose instead


@pytest.mark.django_db
def test_the_goals_page_without_a_choice_offers_the_plans_without_an_error(client, seeded):
    response = client.get(reverse("plans:goals"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' not in html and "无法显示目标对照" not in html
    assert 'name="plans" value="hunan-13th-egov-plan"' in html


@pytest.mark.django_db
def test_the_goals_page_takes_plans_from_checkboxes(client, seeded):
    response = client.get(reverse("plans:goals"), {"plans": [SLUGS[HN], SLUGS[Y22]]})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("湖南省 2017 规划") < html.index("云南省 2022 规划")


@pytest.mark.django_db
def test_the_goals_page_shows_baseline_to_target_with_the_change_and_the_years(client, seeded):
    html = client.get(_goals_url(Y22, HN)).content.decode()
    row = _goal_row(html, "网上可办率")
    assert "95%（2020）→ 99%（2025），+4 个百分点" in row
    assert "34%（2020）→ 90%以上（2025），+56 个百分点" in _goal_row(html, "全程网办率")
    # No baseline stated, none shown.
    assert "→" not in _goal_row(html, "零跑动率")


@pytest.mark.django_db
def test_in_english_the_baseline_line_is_worded_in_english(client, seeded):
    html = client.get(_goals_url(Y22, HN), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "95% (2020) → 99% (2025), +4 percentage points" in _goal_row(html, "网上可办率")
    row = _goal_row(html, "全程网办率")
    assert "34% (2020) → 90% or more (2025), +56 percentage points" in row
    baselines = re.findall(
        r'<span class="baseline" lang="en"><span class="label">[^<]*</span>([^<]*)</span>', html
    )
    assert baselines and not [b for b in baselines if re.search("[（），个]", b)], baselines


@pytest.mark.django_db
def test_in_english_a_chart_bars_tooltip_sets_its_colon_in_english(client, seeded):
    english = client.get(_goals_url(Y22, HN), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    tooltips = re.findall(r"<g>\s*<title>([^<]*)</title>", english)
    assert tooltips and not [t for t in tooltips if "：" in t], tooltips
    assert all(re.search(r" · [^:]+: \S", t) for t in tooltips), tooltips
    chinese = client.get(_goals_url(Y22, HN)).content.decode()
    assert re.search(r"<g>\s*<title>[^<]* · [^<]*：[^<]+</title>", chinese)


def test_a_targets_own_quotes_are_set_single_inside_the_goals_quote():
    section = SimpleNamespace(get_absolute_url="/plans/p/sections/1/")
    column = SimpleNamespace(label="某省 2025 规划", lang="zh-Hans", plan=None)
    target = SimpleNamespace(
        reading=SimpleNamespace(unreliable=False),
        shown="90%",
        deadline="",
        scope="",
        change="",
        section=section,
        text="建成“一网通办”平台，可办率达90%",
    )
    row = SimpleNamespace(
        key="可办率", other_names=[], cells=[SimpleNamespace(column=column, items=[target])]
    )
    table = SimpleNamespace(columns=[column], rows=[row], chart=None, goals=[])
    html = render_to_string("plans/_goals_body.html", {"table": table})
    assert "“建成‘一网通办’平台，可办率达90%”" in html
