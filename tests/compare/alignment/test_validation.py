from __future__ import annotations

import pytest

from compare.lib.evaluation import ReferencePair
from compare.lib.validation import section_folds


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
