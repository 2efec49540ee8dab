from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from plans.lib.targets import SectionText, extract_plan_targets
from plans.lib.targets.tables import indicator_rows
from plans.parsing import parse_plan

ROOT = Path(__file__).resolve().parents[2]


def _plan(*sections: tuple[str, str, str]):
    """Targets of a small plan given as (kind, title, body) in document order."""
    texts = [
        SectionText(i, None, kind, title, body) for i, (kind, title, body) in enumerate(sections)
    ]
    return extract_plan_targets(texts)


def _seed(name: str):
    parsed = parse_plan((ROOT / "seeds" / name).read_bytes(), filename=name)
    return extract_plan_targets(
        [SectionText(i, s.parent, s.kind, s.title, s.body) for i, s in enumerate(parsed.sections)]
    )


@pytest.mark.parametrize(
    ("body", "indicator", "value", "baseline", "year"),
    [
        ("到2025年，网上可办率由95%提高到99%。", "网上可办率", 99.0, 95.0, 2020),
        ("到2025年，研发投入强度从2019年的6.2%提升至7%。", "研发投入强度", 7.0, 6.2, 2019),
        ("到2025年，数据共享率由60%提高到90%以上。", "数据共享率", 90.0, 60.0, 2020),
        ("到2025年，建成5G基站由2000个增加到5000个。", "建成5G基站", 5000.0, 2000.0, 2020),
    ],
)
def test_it_reads_the_baseline_a_target_clause_starts_from(body, indicator, value, baseline, year):
    (t,) = _plan(("goal", "目标", body))
    assert (t.indicator, t.value) == (indicator, value)
    assert (t.baseline.value, t.baseline.year) == (baseline, year)
    assert t.direction == "提高"


def test_it_takes_the_baseline_from_the_look_back_of_the_same_indicator():
    targets = _plan(
        ("chapter", "发展现状", "“十三五”时期，网上可办率达95%、全程网办率达34%。"),
        ("goal", "发展目标", "到2025年，政务服务事项网上可办率达到99%，零跑动率达到90%以上。"),
    )
    found = {t.indicator: t.baseline for t in targets}
    assert (found["政务服务事项网上可办率"].value, found["政务服务事项网上可办率"].year) == (
        95.0,
        2020,
    )
    assert found["零跑动率"] is None


def test_a_total_in_the_look_back_is_no_baseline_of_a_count_set_each_year():
    (t,) = _plan(
        ("chapter", "发展现状", "“十三五”时期，累计遴选试点示范企业50家。"),
        ("goal", "发展目标", "每年遴选试点示范企业20家。"),
    )
    assert (t.value, t.unit, t.baseline) == (20.0, "家/年", None)


def test_a_look_back_figure_at_another_scope_is_no_baseline():
    (t,) = _plan(
        ("chapter", "发展现状", "省、市、县三级外网联通率达到100%。"),
        ("goal", "发展目标", "到2020年，省、市、县、乡镇四级实现100%联通。"),
    )
    assert t.baseline is None


def test_a_run_of_figures_gives_each_target_of_the_run_its_own():
    targets = _plan(
        (
            "chapter",
            "“十四五”发展成就",
            "先进制造业和高技术制造业增加值占规上工业比重分别达68.4%、59.9%。",
        ),
        (
            "goal",
            "目标",
            "到2030年，先进制造业增加值和高技术制造业增加值占规上工业比重分别超70%、60%。",
        ),
    )
    assert [(t.value, t.baseline.value, t.baseline.year) for t in targets] == [
        (70.0, 68.4, 2025),
        (60.0, 59.9, 2025),
    ]


@pytest.mark.parametrize(
    ("look_back", "goal", "direction"),
    [
        (
            "空气质量优良天数比例达到97.5%。",
            "到2030年，空气质量优良天数比例稳定保持在97%以上。",
            "保持",
        ),
        ("", "到2030年，重大慢性病过早死亡率不超过9%。", "降低"),
        ("", "到2030年，物流总费用与GDP的比率降至9.5%左右。", "降低"),
        ("物流总费用与GDP的比率为14.2%。", "到2030年，物流总费用与GDP的比率达到12%。", "降低"),
        ("", "到2025年，证照免提交率达到70%以上。", "提高"),
    ],
)
def test_it_reads_the_direction_from_the_wording_and_the_baseline(look_back, goal, direction):
    sections = [("chapter", "发展现状", look_back)] if look_back else []
    (t,) = _plan(*sections, ("goal", "目标", goal))
    assert t.direction == direction


def test_yunnan_2022_targets_carry_the_baselines_its_look_back_states():
    found = {t.indicator: t.baseline for t in _seed("000_76b0fc0e2e956a49.txt")}
    assert (found["政务服务事项网上可办率"].value, found["政务服务事项网上可办率"].year) == (
        95.0,
        2020,
    )
    assert (found["全程网办率"].value, found["全程网办率"].year) == (34.0, 2020)
    assert found["零跑动率"] is None and found["政务信息系统上云率"] is None


def _measure():
    path = ROOT / "tests" / "data" / "baselines" / "measure.py"
    spec = importlib.util.spec_from_file_location("baselines_measure", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.quality
def test_baselines_meet_the_goal_on_the_judged_set_all_and_held_out():
    scores = _measure().score()
    for name in ("all", "held-out"):
        s = scores[name]
        assert s.found and s.stated, name
        assert s.precision >= 0.9, (name, s)
        assert s.recall >= 0.8, (name, s)


@pytest.mark.django_db
def test_the_migration_fills_the_baselines_of_targets_stored_before_it():
    from importlib import import_module

    from django.apps import apps

    from plans.importing import PlanOverrides, import_plan
    from plans.models import Target

    text = (
        "云南省示例规划\n一、发展现状\n网上可办率达95%。\n"
        "二、发展目标\n到2025年，网上可办率达到99%。\n"
    )
    plan = import_plan(data=text.encode(), source="ex.txt", overrides=PlanOverrides()).plan
    stored = Target.objects.filter(section__plan=plan)
    stored.update(baseline_value=None, baseline_unit="", baseline_year=None, direction="")
    import_module("plans.migrations.0013_target_baseline").fill_baselines(apps, None)
    (t,) = stored.all()
    assert (t.baseline_value, t.baseline_year, t.direction) == (95.0, 2020, "提高")


INDICATOR_TABLE = (
    "类别\u3000指标\u3000单位\u30002025年 完成值\u30002030年 目标值\u3000属性\n"
    "经济发展\u30001. 地区生产总值年均增长\u3000%\u3000“十四五”年均增长4.0\u3000"
    "“十五五”年均增长5.0左右\u3000预期性\n"
    "2. 全员劳动生产率\u3000万元/人\u300028\u300036\u3000预期性\n"
    "3. 机场旅客/货邮吞吐量\u3000万人次/万吨\u30008358/244\u300011000/350\u3000预期性\n"
    "科技创新\u30004. 企业研发经费支出占全社会研发经费支出比重\u3000%\u300066\u300070\u3000预期性\n"
    "5. 森林覆盖率\u3000%\u300041.65\u3000完成省下达目标\u3000约束性"
)


def test_it_reads_baselines_from_the_base_year_column_of_an_indicator_table():
    targets = _plan(
        ("box", "主要指标", INDICATOR_TABLE),
        (
            "goal",
            "经济发展",
            "地区生产总值年均增长5.0%左右，企业研发经费支出占全社会研发经费支出比重达到70%，"
            "森林覆盖率达到42%。",
        ),
    )
    found = {t.indicator: t.baseline for t in targets}

    # A row whose 类别 cell spans rows above it is read from the right.
    assert (found["地区生产总值年均增长"].value, found["地区生产总值年均增长"].year) == (4.0, 2025)
    gdp = next(t for t in targets if t.indicator == "地区生产总值年均增长")
    assert (gdp.baseline.unit, gdp.direction) == ("%", "提高")
    share = found["企业研发经费支出占全社会研发经费支出比重"]
    assert (share.value, share.unit, share.year) == (66.0, "%", 2025)
    # The row's target column names no figure: its base figure is still the baseline.
    assert (found["森林覆盖率"].value, found["森林覆盖率"].year) == (41.65, 2025)


def test_a_table_row_the_text_does_not_state_is_a_target_with_its_baseline():
    targets = _plan(
        ("box", "主要指标", INDICATOR_TABLE),
        ("goal", "目标", "地区生产总值年均增长5.0%左右，森林覆盖率达到42%。"),
    )
    got = [
        (t.indicator, t.value, t.unit, t.deadline, t.baseline and t.baseline.value) for t in targets
    ]

    # Rows stated in words stay the text's targets; a row with two figures to a cell, or with
    # no figure for its target (完成省下达目标), is no target.
    assert got == [
        ("全员劳动生产率", 36.0, "万元/人", "2030年", 28.0),
        ("企业研发经费支出占全社会研发经费支出比重", 70.0, "%", "2030年", 66.0),
        ("地区生产总值年均增长", 5.0, "%", "", 4.0),
        ("森林覆盖率", 42.0, "%", "", 41.65),
    ]
    assert [t.direction for t in targets] == ["提高"] * 4


def test_a_table_row_worded_a_little_differently_from_the_texts_target_is_not_repeated():
    table = (
        "指标\u3000单位\u30002025年完成值\u30002030年目标值\n"
        "全社会研发经费支出占地区生产总值比重\u3000%\u30003.4\u30004"
    )
    text = "全社会研发经费投入占地区生产总值比重达到4%。"
    targets = _plan(("box", "主要指标", table), ("goal", "目标", text))
    assert [(t.indicator, t.baseline.value) for t in targets] == [
        ("全社会研发经费投入占地区生产总值比重", 3.4)
    ]


@pytest.mark.parametrize(
    ("base", "cell", "comparator", "direction"),
    [
        ("21.5", "≤20", "不超过", "降低"),
        ("57.61", "≥70", "不低于", "提高"),
        ("“十四五”年均增长4.1", "“十五五”年均增长 5.0左右", "左右", "提高"),
    ],
)
def test_a_table_rows_target_cell_gives_its_comparator(base, cell, comparator, direction):
    table = (
        f"指标\u3000单位\u30002025年完成值\u30002030年目标值\n某指标\u3000%\u3000{base}\u3000{cell}"
    )
    (t,) = _plan(("box", "主要指标", table))
    assert (t.comparator, t.direction) == (comparator, direction)


def test_a_table_row_whose_target_differs_from_the_texts_is_no_baseline():
    targets = _plan(
        ("box", "主要指标", INDICATOR_TABLE),
        ("goal", "目标", "企业研发经费支出占全社会研发经费支出比重达到75%。"),
    )
    (t,) = [t for t in targets if t.indicator == "企业研发经费支出占全社会研发经费支出比重"]
    assert (t.indicator, t.value, t.baseline) == (
        "企业研发经费支出占全社会研发经费支出比重",
        75.0,
        None,
    )


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        (
            "指标\u3000现状值\u3000目标值",
            "1. 森林覆盖率（%）\u300041.65\u300043",
            ("%", 41.65, None),
        ),
        (
            "指标名称\u3000单位\u3000基期\u30002025年目标",
            "森林覆盖率\u3000%\u300041.6\u300043",
            ("%", 41.6, None),
        ),
        (
            "指标\u3000单位\u30002020年基期值\u30002025年预期值",
            "网上可办率\u3000%\u300095\u300099",
            ("%", 95.0, 2020),
        ),
        # Two figures in one cell, or a cell naming its own years: no one base figure.
        (
            "指标\u3000单位\u30002025年完成值\u30002030年目标值",
            "吞吐量\u3000万人次/万吨\u30008358/244\u30001/2",
            None,
        ),
        (
            "指标\u3000单位\u30002025年完成值\u30002030年目标值",
            "排放降低\u3000%\u30002021-2024年累计降低8.2\u30001",
            None,
        ),
        # No base column: no table of baselines.
        (
            "指标\u3000单位\u30002030年目标值\u3000属性",
            "森林覆盖率\u3000%\u300043\u3000约束性",
            None,
        ),
    ],
)
def test_it_reads_an_indicator_tables_columns_by_their_headers(header, row, expected):
    rows = indicator_rows([SectionText(0, None, "box", "主要指标", f"{header}\n{row}")])
    got = [(r.unit, r.base, r.base_year) for r in rows]
    assert got == ([expected] if expected else [])


def test_guangzhou_15th_targets_carry_the_base_figures_of_its_indicator_table():
    name = "guangzhou-15th-five-year-plan-outline-2026.html"
    parsed = parse_plan((ROOT / "tests/data/corpus" / name).read_bytes(), filename=name)
    targets = extract_plan_targets(
        [SectionText(i, s.parent, s.kind, s.title, s.body) for i, s in enumerate(parsed.sections)]
    )
    found = {t.indicator: t.baseline for t in targets}
    assert [
        (found[name].value, found[name].year)
        for name in (
            "地区生产总值年均增长",
            "企业研发经费支出占全社会研发经费支出比重",
            "商品进出口总值年均增长",
        )
    ] == [(4.0, 2025), (66.0, 2025), (5.4, 2025)]
    by_name = {t.indicator: t for t in targets}
    productivity, pm25 = by_name["全员劳动生产率"], by_name["细颗粒物(PM2.5)年均浓度"]
    assert (productivity.value, productivity.unit, productivity.deadline) == (
        36.0,
        "万元/人",
        "2030年",
    )
    assert productivity.baseline.value == 28.0
    assert (pm25.value, pm25.comparator, pm25.direction, pm25.baseline.value) == (
        20.0,
        "不超过",
        "降低",
        21.5,
    )
