"""The seed documents and the readings of a parsed plan that the parser's tests share.

Pure: no database. The seed documents are the fixtures; counts and parents in the tests were read
off the source texts (headings, 专栏 items, goal and principle paragraphs), not off the parser.
"""

from __future__ import annotations

import re
from pathlib import Path

from plans.parsing import (
    Flag,
    ParsedPlan,
    ParsedSection,
    parse_plan,
)

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


Y22 = "000_76b0fc0e2e956a49.txt"


NEWS = "001_775429f2bd914103.txt"


WC = "002_a0e705bd97436a9a.txt"


HN = "003_dd87d9a963713ff9.txt"


Y23 = "004_cc9bc0bda87098e7.txt"


JS = "2021-08-31-jiangsu.markdown"


SX = "2023-12-28-shanxi.markdown"


BT = "baotou-digital-gov-evaluation-2022.txt"


NAT = "national-digital-gov-guideline-2022.txt"


ALL = [Y22, NEWS, WC, HN, Y23, JS, SX, BT, NAT]


def parsed_seed(name: str) -> ParsedPlan:
    return parse_plan((SEEDS / name).read_bytes(), filename=name)


def find_section(plan: ParsedPlan, label: str, title: str = "") -> ParsedSection:
    found = [s for s in plan.sections if s.label == label and s.title.startswith(title)]
    assert len(found) == 1, f"{label} {title}: {len(found)} sections"
    return found[0]


def parent_of(plan: ParsedPlan, section: ParsedSection) -> ParsedSection:
    assert section.parent is not None
    return plan.sections[section.parent]


def children_of(plan: ParsedPlan, section: ParsedSection) -> list[ParsedSection]:
    index = plan.sections.index(section)
    return [s for s in plan.sections if s.parent == index]


def assert_well_formed(plan: ParsedPlan) -> None:
    """Parents first, depth = parent depth + 1, own text found at the section's offsets."""
    for index, section in enumerate(plan.sections):
        if section.parent is None:
            assert section.depth == 0, section
        else:
            assert section.parent < index, section
            assert section.depth == plan.sections[section.parent].depth + 1, section
            assert section.start >= plan.sections[section.parent].start, section
        assert 0 <= section.start <= section.end <= len(plan.text), section
        # A paragraph run back together from hard-wrapped lines spans their line breaks.
        span = re.sub(r"\s+", "", plan.text[section.start : section.end])
        assert re.sub(r"\s+", "", section.title) in span, (section.title, span[:80])
        at = 0
        for piece in filter(None, re.sub(r"[^\S\n]+", "", section.body).split("\n")):
            found = span.find(piece, at)
            assert found >= 0, (section.label, section.title, piece[:40])
            at = found + len(piece)
        assert section.title == section.title.strip(), section
        assert section.implied == (Flag.IMPLIED in section.flags), section


PLAN = """某某市数字政府建设规划

一、总体要求
（一）指导思想
坚持以人民为中心，推进数字政府建设。
（二）主要目标
1.建设统一平台。全面建设统一平台，实现互联互通。
2.强化安全保障。加强网络安全。
二、保障措施
加强组织领导，落实责任。
"""


PLAN_TREE = [
    (0, "一、", "总体要求"),
    (1, "（一）", "指导思想"),
    (2, "", "坚持以人民为中心，推进数字政府建设"),
    (1, "（二）", "主要目标"),
    (2, "1.", "建设统一平台"),
    (2, "2.", "强化安全保障"),
    (0, "二、", "保障措施"),
]


def outline(plan: ParsedPlan) -> list[tuple[int, str, str]]:
    return [(s.depth, s.label, s.title) for s in plan.sections]
