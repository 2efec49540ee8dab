from __future__ import annotations

import pytest

from compare.alignment import AlignSection, Settings, term_stats
from compare.alignment.calibration import COEFFICIENTS
from compare.lib.evaluation import ReferencePair
from compare.lib.validation import (
    cross_validate,
    cross_validate_groups,
    predict,
    prepare,
    section_folds,
)


def _pair(a: str, b: str, strength: str = "equivalent") -> ReferencePair:
    return ReferencePair("A", a, "B", b, strength)


REFERENCE = [
    _pair("总体要求", "总体目标"),
    _pair("总体要求", "基本原则", "related"),
    _pair("政务云", "云平台"),
    _pair("政务外网", "网络"),
    _pair("数据共享", "数据资源"),
    _pair("一网通办", "政务服务"),
    _pair("保障措施", "组织保障"),
]


@pytest.mark.parametrize("folds", [2, 3, 5])
def test_sections_joined_by_reference_pairs_are_held_out_together(folds):
    parts = section_folds(REFERENCE, folds)
    for pair in REFERENCE:
        assert parts[("A", pair.ref_a)] == parts[("B", pair.ref_b)]
    # 总体目标 and 基本原则 reach each other only through 总体要求.
    assert parts[("B", "总体目标")] == parts[("B", "基本原则")]


@pytest.mark.parametrize("folds", [2, 3, 5])
def test_every_part_holds_some_sections_and_none_holds_far_more(folds):
    parts = section_folds(REFERENCE, folds)
    sizes = [list(parts.values()).count(number) for number in range(folds)]
    assert len(parts) == 13
    assert min(sizes) > 0
    assert max(sizes) - min(sizes) <= 3  # the largest component holds three sections


def _plan(key: str, first: int, titles: list[str]) -> list[AlignSection]:
    return [
        AlignSection(first + n, key, None, n, 1, "item", "", t, t * 3, tuple(t), tuple(t * 3))
        for n, t in enumerate(titles)
    ]


def test_a_plan_pair_the_reference_does_not_judge_is_kept_for_the_groups_but_never_scored():
    plans = {
        "A": _plan("A", 1, ["建设政务云平台", "培养数字人才"]),
        "B": _plan("B", 11, ["政务云平台建设", "数字人才培养"]),
        "C": _plan("C", 21, ["推进政务云平台", "加强数字人才"]),
    }
    reference = [ReferencePair("A", "建设政务云平台", "B", "政务云平台建设", "equivalent")]
    stats = term_stats(s for plan in plans.values() for s in plan)
    data = prepare(plans, reference, stats, Settings())
    assert [key for key, pair in data.items() if pair.judged] == [("A", "B")]
    assert not data[("A", "C")].rows and not data[("B", "C")].rows
    names = {s.id: s.title for plan in plans.values() for s in plan}
    links = predict(data, names, Settings(), COEFFICIENTS)
    assert links and {(a[0], b[0]) for a, b, _ in links} == {("A", "B")}


PLANS = {
    "A": _plan("A", 1, ["建设政务云平台", "培养数字人才", "完善数据共享", "加强组织保障"]),
    "B": _plan("B", 11, ["政务云平台建设", "数字人才培养", "数据共享交换", "组织保障措施"]),
    "C": _plan("C", 21, ["推进政务云平台", "加强数字人才", "推动数据共享", "强化组织保障"]),
}
THREE_WAY = [
    ReferencePair(ka, ta, kb, tb, "equivalent")
    for ka, kb in [("A", "B"), ("A", "C"), ("B", "C")]
    for ta, tb in zip(
        [s.title for s in PLANS[ka]][:3], [s.title for s in PLANS[kb]][:3], strict=True
    )
]


def _both_ways(**kwargs):
    stats = term_stats(s for plan in PLANS.values() for s in plan)
    return [
        cross_validate(PLANS, THREE_WAY, stats, **kwargs),
        cross_validate_groups(PLANS, THREE_WAY, stats, folds=2, **kwargs),
    ]


def test_each_fold_is_given_only_its_training_rows():
    given = []
    _both_ways(per_fold=lambda rows: given.append(rows))
    by_pair, by_group = given[:3], given[3:]
    for held, rows in zip([("A", "B"), ("A", "C"), ("B", "C")], by_pair, strict=True):
        assert not rows[held] and all(rows[key] for key in rows if key != held)
    parts = section_folds(THREE_WAY, 2)
    for number, rows in enumerate(by_group):
        ends = [row.ends for pair_rows in rows.values() for row in pair_rows]
        assert ends and all(parts[a] != number and parts[b] != number for a, b in ends)


def test_a_fold_is_fitted_and_scored_on_what_its_hook_returns():
    stats = term_stats(s for plan in PLANS.values() for s in plan)
    unchanged = _both_ways()
    assert _both_ways(per_fold=lambda rows: None) == unchanged
    assert all(result.held_out.overall.f1 > 0 for result in unchanged)

    def nothing_to_link(rows):
        data = prepare(PLANS, THREE_WAY, stats, Settings())
        for pair in data.values():
            pair.found.clear()
        return data

    assert all(r.held_out.overall.f1 == 0 for r in _both_ways(per_fold=nothing_to_link))
