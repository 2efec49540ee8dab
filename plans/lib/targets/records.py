"""What the reading of targets hands out: a target, its baseline, and the section text it reads."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Baseline:
    """Where a target starts from, as the text states it: 95% in 2020."""

    value: float
    unit: str  # as the text gives it: %, 万人次, 个
    year: int | None  # the year the figure is of; None when neither the text nor its period says
    scope: str
    text: str  # the words that state it, simplified


@dataclass(frozen=True)
class Target:
    indicator: str  # the thing measured, simplified: 政务信息系统上云率
    indicator_key: str  # its group in the vocabulary (上云率), or the indicator itself
    value: float | None  # 90.0 for 90%; 10000.0 for 万兆 (Mbps); 1000.0 for 1000座
    unit: str  # "%", "Mbps", or a counting word: 座, 个, 万张
    comparator: str  # 达到, 以上, 不低于, 不少于, 超过, 全覆盖, 以内, 以下, 不超过, 左右, or ""
    deadline: str  # 2025年, 2025年底, 十三五期末, or "" when the text gives none
    deadline_year: int | None
    scope: str  # 省级非涉密, 全省, 县市区, 省、市两级, or ""
    text: str  # the clause that states it, exactly as in the given text
    start: int  # offsets of ``text`` in the given text
    end: int
    section_id: int | None = None
    in_title: bool = False  # the span is in the section's title, not its body
    baseline: Baseline | None = None
    direction: str = ""  # 提高, 降低 or 保持 (plans.lib.targets.baselines)


@dataclass(frozen=True)
class SectionText:
    """What ``extract_plan_targets`` needs of a section; ``parent_id`` names an earlier one."""

    id: int
    parent_id: int | None
    kind: str
    title: str
    body: str
