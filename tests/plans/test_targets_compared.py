from __future__ import annotations

from pathlib import Path

import pytest

from plans.lib.targets import extract_targets, indicator_key
from plans.lib.targets_compared import (
    EQUAL,
    INCOMPARABLE,
    LOOSER,
    MISSING,
    STRICTER,
    TargetFact,
    direction,
    measure_of,
    pair_targets,
    reach,
    read_target,
)


def _facts(text: str) -> list[TargetFact]:
    return [
        TargetFact(
            id=i,
            indicator=t.indicator,
            key=indicator_key(t.indicator),
            value=t.value,
            unit=t.unit,
            comparator=t.comparator,
            deadline=t.deadline,
            deadline_year=t.deadline_year,
            scope=t.scope,
            text=t.text,
            start=t.start,
            end=t.end,
            context=text,
        )
        for i, t in enumerate(extract_targets(text))
    ]


@pytest.mark.parametrize(
    ("upper", "lower", "expected"),
    [
        ("到2025年，政务信息系统上云率不低于80%。", "到2025年，系统上云率达到90%以上。", STRICTER),
        ("到2025年，政务信息系统上云率不低于80%。", "2025年底系统上云率不低于80%。", EQUAL),
        ("到2025年，政务信息系统上云率不低于90%。", "到2025年，系统上云率达到80%以上。", LOOSER),
        ("到2025年，政务信息系统上云率达到90%。", "到2026年，系统上云率达到95%。", LOOSER),
        ("到2025年，政务信息系统上云率达到90%。", "到2024年底，系统上云率达到90%。", STRICTER),
        ("到2025年，数据共享率达到70%。", "到2025年，数据共享率超过70%。", STRICTER),
    ],
)
def test_it_gives_the_lower_targets_direction(upper, lower, expected):
    (u,), (lo,) = _facts(upper), _facts(lower)
    assert direction(u, lo)[0] == expected


def test_a_ceiling_is_not_compared_with_a_floor():
    u = _facts("到2025年，政务信息系统上云率达到90%。")[0]
    lo = _facts("到2025年，政务信息系统上云率不超过90%。")[0]
    assert direction(u, lo)[0] == INCOMPARABLE


def test_a_generic_measure_takes_its_object_from_the_clause_before():
    text = "各级政府按照一个互联网出口实现整合，省、市两级部门整合率达到95%，县市区达到100%。"
    readings = [read_target(t) for t in _facts(text)]
    assert [r.measure for r in readings] == ["互联网出口整合率", "互联网出口整合率"]
    assert not any(r.unreliable for r in readings)


def test_an_object_in_garbled_text_makes_the_target_unreliable():
    # Hunan's text as published: "基本完成政府网站整合" lost to mojibake.
    text = "市州云平台部门整合率达80%?;就瓿烧W站整合,省、市两级部门整合率达95%,县市区达100%。"
    readings = [read_target(t) for t in _facts(text)]
    assert readings[0].measure == "云平台部门整合率" and not readings[0].unreliable
    assert [(r.measure, r.object, r.unreliable) for r in readings[1:]] == [
        ("整合率", "?", True),
        ("整合率", "?", True),
    ]


def test_an_indicator_read_from_garbled_words_is_flagged_so_its_name_is_not_shown():
    # Hunan's text as published: "。基本實現各級各類學校" lost to mojibake.
    text = (
        "加快教育資源公共服務工程建設?;緦崿F各級各類學校寬帶網絡全覆蓋與網絡教學環境全覆蓋,優質資源"
    )
    readings = [read_target(t) for t in _facts(text)]
    assert [(r.name_garbled, r.unreliable) for r in readings] == [(True, True), (False, True)]
    assert measure_of(readings[0].measure) == "覆盖"


def test_indicators_pair_only_when_object_and_measure_agree():
    upper = _facts("到2025年，云平台部门整合率达到70%，政务信息系统上云率达到90%。")
    lower = _facts("到2025年，系统上云率达到95%。")
    pairs = {p.name: p for p in pair_targets(upper, lower)}
    assert pairs["上云率"].direction == STRICTER
    assert pairs["云平台部门整合率"].direction == MISSING


def _sentence(seed: str, needle: str) -> str:
    """The sentence of a seed text that states a target (the real wording, as imported)."""
    from plans.parsing.text import to_simplified

    text = (Path(__file__).resolve().parents[2] / "seeds" / seed).read_text(encoding="utf-8")
    at = text.index(needle)
    start = max(text.rfind("。", 0, at), text.rfind("\n", 0, at)) + 1
    return to_simplified(text[start : text.index("。", at) + 1])


# Yunnan 2022 → 2023: 80% of 行政村 by 2025, then 政务外网 at all five levels (村 among them).
# Hunan 2016 → Yunnan 2023: 电子政务外网 联通 at four levels, then the same network at five.
@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        (
            ("000_76b0fc0e2e956a49.txt", "行政村覆盖"),
            ("001_775429f2bd914103.txt", "五级全覆盖"),
            (STRICTER, "value"),
        ),
        (
            ("003_dd87d9a963713ff9.txt", "四級實現100%聯通"),
            ("001_775429f2bd914103.txt", "五级全覆盖"),
            (STRICTER, "scope"),
        ),
    ],
)
def test_one_indicator_under_other_names_and_scopes_is_paired_across_eras(earlier, later, expected):
    def reach_targets(seed, needle):
        facts = _facts(_sentence(seed, needle))
        return [f for f in facts if reach(f) is not None]

    old, new = reach_targets(*earlier), reach_targets(*later)
    assert old and new
    pairs = pair_targets(old, new)
    joined = [p for p in pairs if p.upper and p.lower]
    assert [(p.identity[0], p.direction, p.why) for p in joined] == [("政务外网覆盖率", *expected)]
    assert not [p for p in pairs if not p.upper or not p.lower]  # no 新设 / 不再设定 left


def test_coverage_of_different_things_is_not_one_indicator():
    # 政务外网 at 村 level and 视频会议 at five levels share a level, not a thing covered.
    old = _facts(_sentence("000_76b0fc0e2e956a49.txt", "行政村覆盖"))
    new = _facts("实现全省政务部门视频会议的纵向五级全覆盖。")
    pairs = pair_targets([f for f in old if reach(f)], new)
    assert all(not (p.upper and p.lower) for p in pairs)
