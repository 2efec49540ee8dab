"""The role a section plays in its plan: the part it belongs to, and within safeguards, which one.

Plans share a skeleton: context (现状, 形势), guiding thought and principles, goals, tasks and
safeguards (保障措施). Sections pair within a part, and safeguard items pair by what they secure
(organisation, funding, talent...), not by the verbs they share.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from compare.alignment.model import HEADINGS, AlignSection

if TYPE_CHECKING:
    from compare.alignment.candidates import Profile

# The parts every plan has, told by the heading that opens them.
_ZONES = (
    ("context", ("现状", "形势", "背景", "面临", "存在问题", "发展基础", "成效", "前言")),
    ("principles", ("指导思想", "基本原则", "总体思路")),
    ("goals", ("目标",)),
    ("safeguards", ("保障措施", "组织实施", "实施保障", "保障机制")),
)

# What a safeguard secures, told by the words of its title (first match wins); reasons.py names
# each role.
_SAFEGUARD_ROLES = (
    ("organisation", ("组织", "领导", "统筹协调", "协调机制", "责任", "分工")),
    ("funding", ("资金", "经费", "投入", "财政", "融资", "预算")),
    ("talent", ("人才", "队伍", "培训", "素养", "人员")),
    ("evaluation", ("考核", "评估", "考评", "督查", "督促", "绩效", "评价", "监督")),
    ("security", ("安全", "保密", "风险")),
    ("standards", ("标准", "规范")),
    ("institutions", ("制度", "法规", "法律", "政策", "规章", "机制")),
    ("publicity", ("宣传", "舆论", "氛围", "推广", "交流")),
    ("cooperation", ("合作", "协作", "社会力量", "市场")),
)


def _zone(title: str) -> str:
    for zone, words in _ZONES:
        if any(word in title for word in words):
            return zone
    return ""


def parts(plan: Sequence[AlignSection]) -> dict[int, str]:
    """The part of the plan each section belongs to: context, principles, goals, safeguards or
    tasks, told by its own heading or the nearest heading above it that names one."""
    by_id = {s.id: s for s in plan}
    found: dict[int, str] = {}
    for s in plan:  # document order: parents first
        own = _zone(s.title) if s.kind in HEADINGS and s.depth <= 2 else ""
        if s.kind == "preface":
            own = "context"
        elif s.kind == "goal":
            own = "goals"
        elif s.kind == "principle":
            own = "principles"
        inherited = found.get(s.parent, "tasks") if s.parent in by_id else "tasks"
        found[s.id] = own or inherited
    return found


def safeguard_role(title: str) -> str:
    """What a safeguard item secures ('' when its title does not say)."""
    for role, words in _SAFEGUARD_ROLES:
        if any(word in title for word in words):
            return role
    return ""


def secures(plan: Sequence[AlignSection], zones: dict[int, str]) -> dict[int, str]:
    """What each task or safeguard section secures, told by its title ('' when it does not say,
    and for the parts' own headings). Plans file security, standards or organisation under their
    tasks or under their safeguards: two sections that secure one thing are counterparts wherever
    each plan filed them."""
    return {
        s.id: safeguard_role(s.title)
        if zones.get(s.id) in ("tasks", "safeguards") and not _zone(s.title)
        else ""
        for s in plan
    }


_TASKS_SAFEGUARDS = frozenset({"tasks", "safeguards"})


def secure_alike(a: Profile, b: Profile) -> bool:
    """A task and a safeguard that secure one thing (安全, 标准, 人才...): one plan files it as a
    task, another as a safeguard, so the two parts do not keep them apart."""
    return bool(a.secures) and a.secures == b.secures and {a.zone, b.zone} == _TASKS_SAFEGUARDS
