"""Indicators named or worded differently share a key; the vocabulary file refuses bad lines."""

from __future__ import annotations

import pytest

from plans.lib.targets import (
    TargetVocabularyError,
    indicator_key,
    read_vocabulary,
)
from tests.plans.seed_targets import (
    HN,
    Y22,
    targets_of_seed,
)


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
        _, targets = targets_of_seed(name)
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
