from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from plans.importing import PlanOverrides, import_plan
from plans.lib.targets import (
    SectionText,
    TargetVocabularyError,
    extract_plan_targets,
    extract_targets,
    indicator_key,
    is_review_heading,
    opening_deadline,
    read_vocabulary,
)
from plans.models import Plan, Section, Target
from plans.parsing import parse_plan

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
Y22, Y23, WC, HN = (
    "000_76b0fc0e2e956a49.txt",
    "004_cc9bc0bda87098e7.txt",
    "002_a0e705bd97436a9a.txt",
    "003_dd87d9a963713ff9.txt",
)
SLUGS = {
    Y22: "yunnan-2022-egov-plan",
    Y23: "yunnan-2023-digital-gov-programme",
    WC: "wangcang-2023-digital-gov-plan",
    HN: "hunan-13th-egov-plan",
}


def _seed_targets(name: str):
    """(sections, targets) of a seed document, read the way the importer reads it."""
    parsed = parse_plan((SEEDS / name).read_bytes(), filename=name)
    sections = [
        SectionText(i, s.parent, s.kind, s.title, s.body) for i, s in enumerate(parsed.sections)
    ]
    return sections, extract_plan_targets(sections)


def _goal_chapter(sections: list[SectionText], heading: str) -> set[int]:
    """The ids of the section titled ``heading`` and of everything under it."""
    top = next(s.id for s in sections if s.title == heading)
    inside = {top}
    for s in sections:
        if s.parent_id in inside:
            inside.add(s.id)
    return inside


def _facts(targets) -> list[tuple]:
    return [(t.indicator, t.value, t.unit, t.comparator, t.deadline, t.scope) for t in targets]


# Every quantitative target each seed plan's goal chapter states, read off the documents by hand:
# (indicator, value, unit, comparator, deadline, scope), in document order.
GOAL_CHAPTERS = {
    # 第二章 三、发展目标: "到2025年，…" opens it and governs its five goal paragraphs.
    Y22: (
        "发展目标",
        [
            ("政务信息系统上云率", 90.0, "%", "以上", "2025年", "省级非涉密"),
            ("电子证照出证率", 80.0, "%", "以上", "2025年", ""),
            ("电子印章加盖率", 80.0, "%", "以上", "2025年", ""),
            ("政务服务事项网上可办率", 99.0, "%", "达到", "2025年", "非涉密"),
            ("全程网办率", 90.0, "%", "以上", "2025年", ""),
            ("零跑动率", 90.0, "%", "以上", "2025年", ""),
            ("政务数据交换需求满足率", 90.0, "%", "以上", "2025年", ""),
            ("证照免提交率", 70.0, "%", "以上", "2025年", ""),
        ],
    ),
    # 一、（二）主要目标: goals for 2025 and 2035 in words only, not one number.
    Y23: ("主要目标", []),
    # 第二章 第三节 发展目标: "到2025年" and qualitative goals only.
    WC: ("发展目标", []),
    # 二、(三)發展目標: "到2020年，…" then five "--" bullets, in traditional characters.
    HN: (
        "發展目標",
        [
            ("联通", 100.0, "%", "达到", "2020年", "省、市、县、乡镇四级"),
            ("专网整合迁移", 95.0, "%", "达到", "2020年", ""),
            ("部门整合率", 95.0, "%", "达到", "2020年", "省、市两级"),
            ("部门整合率", 100.0, "%", "达到", "2020年", "县市区"),
            ("云平台部门整合率", 70.0, "%", "达到", "2020年", "省级"),
            ("云平台部门整合率", 80.0, "%", "达到", "2020年", "市州"),
            ("部门整合率", 95.0, "%", "达到", "2020年", "省、市两级"),
            ("部门整合率", 100.0, "%", "达到", "2020年", "县市区"),
            ("政务部门主要业务信息化覆盖率", 100.0, "%", "达到", "2020年", "省、市两级"),
            ("政务应用指数", 85.0, "%", "达到", "2020年", "全省"),
            ("新建应用系统支持业务协同", 80.0, "%", "以上", "2020年", ""),
            ("公共数据开放单位覆盖率", 90.0, "%", "超过", "2020年", ""),
            ("数据共享率", 70.0, "%", "超过", "2020年", ""),
            ("数据开放率", 50.0, "%", "超过", "2020年", ""),
        ],
    ),
}


@pytest.mark.parametrize("name", GOAL_CHAPTERS, ids=lambda n: SLUGS[n])
def test_it_finds_every_target_of_each_seed_goal_chapter(name):
    heading, expected = GOAL_CHAPTERS[name]
    sections, targets = _seed_targets(name)
    chapter = _goal_chapter(sections, heading)
    assert _facts(t for t in targets if t.section_id in chapter) == expected


@pytest.mark.parametrize(
    ("name", "heading", "deadline"),
    [
        (Y22, "发展目标", "2025年"),
        (Y23, "主要目标", "2025年"),
        (WC, "发展目标", "2025年"),
        (HN, "發展目標", "2020年"),
    ],
)
def test_the_goal_chapter_opens_with_the_deadline_its_paragraphs_inherit(name, heading, deadline):
    parsed = parse_plan((SEEDS / name).read_bytes(), filename=name)
    section = next(s for s in parsed.sections if s.title == heading)
    assert opening_deadline(section.body) == deadline


# Targets the seeds state outside their goal chapters, also read off by hand.
@pytest.mark.parametrize(
    ("name", "title", "expected"),
    [
        (
            Y22,
            "优化泛在安全的电子政务网络",
            [
                ("带宽", 10000.0, "Mbps", "达到", "", "州市"),
                ("带宽", 1000.0, "Mbps", "达到", "", "县市区"),
                ("带宽", 100.0, "Mbps", "达到", "", "乡镇(街道)"),
                ("行政村覆盖", 80.0, "%", "达到", "2025年底", ""),
            ],
        ),
        (
            Y22,
            "建设集约高效的全省政务云",
            [
                ("系统上云率", 60.0, "%", "不低于", "2022年底", "省级非涉密"),
                ("系统上云率", 90.0, "%", "不低于", "2025年", "省级非涉密"),
            ],
        ),
        (
            Y23,
            "提升电子政务外网支撑能力",
            [
                ("带宽", 10000.0, "Mbps", "达到", "", "州、市"),
                ("带宽", 1000.0, "Mbps", "达到", "", "县、市、区"),
                ("带宽", 100.0, "Mbps", "达到", "", "乡镇、街道"),
            ],
        ),
        (
            Y23,
            "基础设施体系",
            [("电子政务外网覆盖", 100.0, "%", "全覆盖", "", "省、州市、县、乡、村五级")],
        ),
    ],
)
def test_it_finds_targets_in_task_sections(name, title, expected):
    sections, targets = _seed_targets(name)
    ids = {s.id for s in sections if s.title == title}
    assert _facts(t for t in targets if t.section_id in ids) == expected


def test_figures_in_a_look_back_are_not_targets():
    # Y22 (一)主要成效: "网上可办率达95%、全程网办率达34%" describes 2020, not a goal.
    sections, targets = _seed_targets(Y22)
    review = _goal_chapter(sections, "现状与形势")
    assert [t for t in targets if t.section_id in review] == []
    assert "网上可办率达95%" in next(s.body for s in sections if s.title == "主要成效")


@pytest.mark.parametrize(
    ("title", "review"),
    [
        ("现状与形势", True),
        ("主要成效", True),
        ("存在问题和不足", True),
        ("現狀", True),
        ("发展现状和总体要求", False),  # also heads the goals
        ("发展目标", False),
        ("建设基础数据库主题库专题库", False),
        ("数据赋能取得明显成效", False),  # a goal to reach, not one reached
    ],
)
def test_it_tells_a_look_back_from_a_heading_over_goals(title, review):
    assert is_review_heading(title) is review


def test_spans_are_exact_and_in_the_original_script():
    sections, targets = _seed_targets(HN)
    body = {s.id: s.body for s in sections}
    for t in targets:
        assert body[t.section_id][t.start : t.end] == t.text
    texts = [t.text for t in targets]
    assert "專網整合遷移達到95%" in texts
    assert "省級云平臺部門整合率達70%" in texts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Several targets in one clause.
        (
            "电子证照出证率和电子印章加盖率达到80%以上",
            [
                ("电子证照出证率", 80.0, "%", "以上", "", ""),
                ("电子印章加盖率", 80.0, "%", "以上", "", ""),
            ],
        ),
        (
            "全程网办和零跑动率达到90%以上",
            [("全程网办率", 90.0, "%", "以上", "", ""), ("零跑动率", 90.0, "%", "以上", "", "")],
        ),
        (
            "电子证照出证率和电子印章加盖率分别达到80%和90%",
            [
                ("电子证照出证率", 80.0, "%", "达到", "", ""),
                ("电子印章加盖率", 90.0, "%", "达到", "", ""),
            ],
        ),
        (
            "网上可办率达95%、全程网办率达34%",
            [("网上可办率", 95.0, "%", "达到", "", ""), ("全程网办率", 34.0, "%", "达到", "", "")],
        ),
        # Comparators.
        ("公共数据开放单位覆盖率超过90%", [("公共数据开放单位覆盖率", 90.0, "%", "超过", "", "")]),
        (
            "政务部门电子印章使用率不少于95%",
            [("政务部门电子印章使用率", 95.0, "%", "不少于", "", "")],
        ),
        (
            "数字经济核心产业增加值占地区生产总值比重达到10%左右",
            [("数字经济核心产业增加值占地区生产总值比重", 10.0, "%", "左右", "", "")],
        ),
        # Deadlines: in the clause, carried to the next clause, carried across a sentence.
        (
            "2022年底省级非涉密系统上云率不低于60%，2025年不低于90%",
            [
                ("系统上云率", 60.0, "%", "不低于", "2022年底", "省级非涉密"),
                ("系统上云率", 90.0, "%", "不低于", "2025年", "省级非涉密"),
            ],
        ),
        (
            "到2020年，全省政务服务事项网上可办率达到90%。全程网办率达到60%。",
            [
                ("政务服务事项网上可办率", 90.0, "%", "达到", "2020年", "全省"),
                ("全程网办率", 60.0, "%", "达到", "2020年", ""),
            ],
        ),
        (
            "到“十三五”期末，电子政务外网覆盖率达到100%",
            [("电子政务外网覆盖率", 100.0, "%", "达到", "十三五期末", "")],
        ),
        (
            "2025年底前，县级以上政务部门电子印章使用率不少于95%",
            [("政务部门电子印章使用率", 95.0, "%", "不少于", "2025年底", "县级以上")],
        ),
        # The value before what it measures.
        ("2025年底实现80%行政村覆盖", [("行政村覆盖", 80.0, "%", "达到", "2025年底", "")]),
        (
            "90%以上的高频政务服务事项实现“免证办”",
            [("高频政务服务事项实现免证办", 90.0, "%", "以上", "", "")],
        ),
        # Scope words, and a later clause that names only a new scope.
        (
            "省、市两级部门整合率达到95%，县市区达到100%",
            [
                ("部门整合率", 95.0, "%", "达到", "", "省、市两级"),
                ("部门整合率", 100.0, "%", "达到", "", "县市区"),
            ],
        ),
        (
            "省市县三级政务服务事项网上可办率达到100%",
            [("政务服务事项网上可办率", 100.0, "%", "达到", "", "省市县三级")],
        ),
        (
            "市级部门政务信息系统上云率达到95%",
            [("部门政务信息系统上云率", 95.0, "%", "达到", "", "市级")],
        ),
        (
            "力争到2025年，一体化政务服务平台全程网办率超过80%",
            [("一体化政务服务平台全程网办率", 80.0, "%", "超过", "2025年", "")],
        ),
        # Full coverage is 100%; the thing covered may be the previous clause's object.
        (
            "升级完善电子政务外网，实现省、州市、县、乡、村五级全覆盖",
            [("电子政务外网覆盖", 100.0, "%", "全覆盖", "", "省、州市、县、乡、村五级")],
        ),
        # Bandwidth by level.
        (
            "万兆到州市、千兆到县市区、百兆到乡镇全覆盖",
            [
                ("带宽", 10000.0, "Mbps", "达到", "", "州市"),
                ("带宽", 1000.0, "Mbps", "达到", "", "县市区"),
                ("带宽", 100.0, "Mbps", "达到", "", "乡镇"),
            ],
        ),
        # Counts.
        (
            "新增5G基站1000座，累计建设5G基站4600个",
            [
                ("新增5G基站", 1000.0, "座", "", "", ""),
                ("累计建设5G基站", 4600.0, "个", "", "", ""),
            ],
        ),
        (
            "联通市本级50个部门的政务数据",
            [("联通市本级部门的政务数据", 50.0, "个", "", "", "市本级")],
        ),
        # Traditional characters.
        ("網上可辦率達到99%", [("网上可办率", 99.0, "%", "达到", "", "")]),
        ("專網整合遷移達到95%", [("专网整合迁移", 95.0, "%", "达到", "", "")]),
        (
            "到2020年，省、市、縣、鄉鎮四級實現100%聯通",
            [("联通", 100.0, "%", "达到", "2020年", "省、市、县、乡镇四级")],
        ),
    ],
)
def test_it_reads_tricky_sentences(text, expected):
    assert _facts(extract_targets(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "村级尚未全覆盖",  # a gap, not a goal
        "半年考评分值=日常监测（60%）+实地调研（20%）",  # weights of a score
        "2019年10月，党的十九届四中全会审议通过",  # a date, no value
        "提供全覆盖、全服务的数据存储",  # a description
        "建立健全覆盖城乡的服务体系",  # 健全 + 覆盖, not 全覆盖
        "计算各部门7个方面分值的平均分值",  # a count nothing builds
        "形成“两地三中心”的容灾备份体系",
    ],
)
def test_it_finds_no_target_where_there_is_none(text):
    assert extract_targets(text) == []


def test_a_deadline_given_by_the_parent_applies_until_the_text_names_its_own():
    targets = extract_targets("上云率达到90%。2022年底前，网上可办率达到80%", deadline="到2025年")
    assert [(t.deadline, t.deadline_year) for t in targets] == [
        ("2025年", 2025),
        ("2022年底", 2022),
    ]


def test_spans_point_into_the_given_text_with_its_punctuation():
    text = "到２０２０年，政务应用指数达到８５％。"
    (target,) = extract_targets(text, section_id=7)
    assert (target.value, target.deadline, target.section_id) == (85.0, "2020年", 7)
    assert text[target.start : target.end] == target.text == "政务应用指数达到８５％"


@pytest.mark.parametrize(
    ("indicator", "key"),
    [
        ("上云率", "上云率"),
        ("政务信息系统上云率", "上云率"),
        ("系统上云率", "上云率"),
        ("非涉密系统整合上云率", "上云率"),
        # A share of departments on the cloud platform is not a share of systems on the cloud.
        ("云平台部门整合率", "云平台部门整合率"),
        ("網上可辦率", "网上可办率"),
        ("网上办理率", "网上可办率"),
        ("政务服务事项网上可办率", "网上可办率"),
        ("全程网办率", "全程网办率"),
        ("电子证照出证率", "电子证照出证率"),
        ("政务部门电子印章使用率", "电子印章加盖率"),
        ("专网整合迁移", "专网整合率"),
        ("联通", "联通率"),
        ("部门整合率", "整合率"),
        ("万兆", "带宽"),
        # Generic words group only on their own: these measure different things.
        ("5G网络覆盖率", "5G网络覆盖率"),
        ("政务部门主要业务信息化覆盖率", "信息化覆盖率"),
        ("新建应用系统支持业务协同", "新建应用系统支持业务协同"),
    ],
)
def test_indicators_named_differently_share_a_group(indicator, key):
    assert indicator_key(indicator) == key


def test_the_same_indicator_worded_differently_shares_a_key_and_another_measure_does_not():
    keys = {}
    for name in (Y22, HN):
        _, targets = _seed_targets(name)
        keys[name] = {t.indicator: t.indicator_key for t in targets}
    # 政务信息系统上云率 (Y22 goals) and 系统上云率 (Y22 tasks): one group; HN's
    # 云平台部门整合率 counts departments, not systems: another.
    assert keys[Y22]["政务信息系统上云率"] == keys[Y22]["系统上云率"] == "上云率"
    assert keys[HN]["云平台部门整合率"] == "云平台部门整合率"


def test_the_vocabulary_refuses_a_name_in_two_groups(tmp_path):
    path = tmp_path / "indicators.txt"
    path.write_text("# comment\n上云率: 系统上云率\n网办率: 系统上云率\n", encoding="utf-8")
    with pytest.raises(TargetVocabularyError, match=r"indicators.txt:3: '系统上云率'"):
        read_vocabulary(path)


def test_the_vocabulary_refuses_a_line_without_a_key(tmp_path):
    path = tmp_path / "indicators.txt"
    path.write_text("上云率 系统上云率\n", encoding="utf-8")
    with pytest.raises(TargetVocabularyError, match="key: name, name"):
        read_vocabulary(path)


# --- stored at import, exported, shown ---------------------------------------------------------


def _import(name: str, data: bytes | None = None, **kwargs) -> Plan:
    data = data if data is not None else (SEEDS / name).read_bytes()
    overrides = PlanOverrides(slug=SLUGS[name])
    return import_plan(data=data, source=name, overrides=overrides, **kwargs).plan


def _export(slug: str) -> list[dict]:
    out = StringIO()
    call_command("export_targets", slug, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_export_targets_lists_the_goal_chapter_in_document_order():
    plan = _import(HN)
    rows = _export(plan.slug)
    goal_ids = set(
        Section.objects.filter(plan=plan, parent__title="發展目標").values_list("pk", flat=True)
    )
    goals = [r for r in rows if r["section_id"] in goal_ids]
    expected = GOAL_CHAPTERS[HN][1]
    assert [
        (r["indicator"], r["value"], r["unit"], r["comparator"], r["deadline"], r["scope"])
        for r in goals
    ] == expected
    assert list(rows[0])[:8] == [
        "section_id",
        "indicator",
        "value",
        "unit",
        "comparator",
        "deadline",
        "scope",
        "text",
    ]
    assert rows[1]["text"] == "專網整合遷移達到95%"
    orders = [Section.objects.get(pk=r["section_id"]).order for r in rows]
    assert orders == sorted(orders)


@pytest.mark.django_db
def test_export_targets_names_an_unknown_plan():
    with pytest.raises(CommandError, match="no plan with slug 'nope'"):
        call_command("export_targets", "nope")


@pytest.mark.django_db
def test_targets_are_recomputed_when_a_plan_is_replaced():
    _import(Y22)
    data = (
        (SEEDS / Y22)
        .read_bytes()
        .decode("utf-8")
        .replace("证照免提交率达到70%", "证照免提交率达到75%")
    )
    plan = _import(Y22, data.encode("utf-8"), replace=True)
    values = {t.indicator: t.value for t in Target.objects.for_plan(plan)}
    assert values["证照免提交率"] == 75.0
    assert Target.objects.filter(section__plan=plan, indicator="证照免提交率").count() == 1


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
        ("", 400, "请用 ?plans= 给出要对照的规划短名"),
        ("?plans=,", 400, "请至少给出一个规划短名"),
        ("?plans=no%20such", 400, "这些不是规划短名：no such"),
        ("?plans=a,b,c,d,e,f,g", 400, "一次最多对照 6 份规划"),
        ("?plans=hunan-13th-egov-plan,nope,nada", 404, "没有这些规划：nope、nada"),
    ],
)
def test_the_goals_page_says_what_is_wrong_with_the_request(client, query, status, message):
    _import(HN)
    response = client.get(reverse("plans:goals") + query)
    assert response.status_code == status
    html = response.content.decode()
    assert message in html
    assert 'name="plans" value="hunan-13th-egov-plan"' in html  # a plan to choose instead


@pytest.mark.django_db
def test_the_goals_page_takes_plans_from_checkboxes(client):
    _import(HN)
    _import(Y22)
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
