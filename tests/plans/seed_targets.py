"""The seed documents the target tests read, by file name and by the slug they are imported as."""

from __future__ import annotations

from pathlib import Path

from plans.importing import PlanOverrides, import_plan
from plans.lib.targets import (
    SectionText,
    extract_plan_targets,
)
from plans.models import Plan
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


def targets_of_seed(name: str):
    """(sections, targets) of a seed document, read the way the importer reads it."""
    parsed = parse_plan((SEEDS / name).read_bytes(), filename=name)
    sections = [
        SectionText(i, s.parent, s.kind, s.title, s.body) for i, s in enumerate(parsed.sections)
    ]
    return sections, extract_plan_targets(sections)


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


def import_seed(name: str, data: bytes | None = None, **kwargs) -> Plan:
    data = data if data is not None else (SEEDS / name).read_bytes()
    overrides = PlanOverrides(slug=SLUGS[name])
    return import_plan(data=data, source=name, overrides=overrides, **kwargs).plan
