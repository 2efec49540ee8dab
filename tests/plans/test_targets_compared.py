from __future__ import annotations

import pytest

from plans.targets import extract_targets, indicator_key
from plans.targets_compared import (
    EQUAL,
    INCOMPARABLE,
    LOOSER,
    MISSING,
    STRICTER,
    TargetFact,
    direction,
    pair_targets,
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


def test_indicators_pair_only_when_object_and_measure_agree():
    upper = _facts("到2025年，云平台部门整合率达到70%，政务信息系统上云率达到90%。")
    lower = _facts("到2025年，系统上云率达到95%。")
    pairs = {p.name: p for p in pair_targets(upper, lower)}
    assert pairs["上云率"].direction == STRICTER
    assert pairs["云平台部门整合率"].direction == MISSING
