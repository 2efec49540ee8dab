"""Targets read out of plan text (pure): every target of each seed goal chapter, deadlines a
chapter's opening gives, look-backs that are not targets, exact spans and tricky sentences."""

from __future__ import annotations

import pytest

from plans.lib.targets import (
    SectionText,
    extract_targets,
    is_review_heading,
    opening_deadline,
)
from plans.parsing import parse_plan
from tests.plans.seed_targets import (
    GOAL_CHAPTERS,
    HN,
    SEEDS,
    SLUGS,
    WC,
    Y22,
    Y23,
    targets_of_seed,
)


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


@pytest.mark.parametrize("name", GOAL_CHAPTERS, ids=lambda n: SLUGS[n])
def test_it_finds_every_target_of_each_seed_goal_chapter(name):
    heading, expected = GOAL_CHAPTERS[name]
    sections, targets = targets_of_seed(name)
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
    sections, targets = targets_of_seed(name)
    ids = {s.id for s in sections if s.title == title}
    assert _facts(t for t in targets if t.section_id in ids) == expected


def test_figures_in_a_look_back_are_not_targets():
    # Y22 (一)主要成效: "网上可办率达95%、全程网办率达34%" describes 2020, not a goal.
    sections, targets = targets_of_seed(Y22)
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
    sections, targets = targets_of_seed(HN)
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
        # Forming and selecting N things, the unit before a long description of them.
        (
            "形成100个对全省有指导意义的多业务协同典型场景，打造10个在全国有影响力的区域合作典型样板",
            [
                ("形成对全省有指导意义的多业务协同典型场景", 100.0, "个", "", "", ""),
                ("打造在全国有影响力的区域合作典型样板", 10.0, "个", "", "", ""),
            ],
        ),
        (
            "全省遴选50家工业互联网试点示范",
            [("遴选工业互联网试点示范", 50.0, "家", "", "", "全省")],
        ),
        # A count set for every year of the period: a rate (家/年), not a total to reach.
        (
            "每年遴选20家网络改造应用良好的企业",
            [("遴选网络改造应用良好的企业", 20.0, "家/年", "", "", "")],
        ),
        (
            "全省每年培育“皖企登云”企业6000家以上",
            [("培育皖企登云企业", 6000.0, "家/年", "以上", "", "全省")],
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
