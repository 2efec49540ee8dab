from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from plans.lib.targets import SectionText, extract_plan_targets
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
