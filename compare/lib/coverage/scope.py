"""Scope: which sections of the upper plan are items a supervisor counts (its targets, tasks
and safeguards), and which are background shown apart (context, guiding thought, principles, a
heading over counted items)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from compare.alignment.model import AlignSection
from compare.alignment.roles import parts, safeguard_role

from .model import CoverSection

TOP_KINDS = frozenset({"chapter", "preface"})
COUNTED = ("goals", "tasks", "safeguards")


def align_section(s: CoverSection) -> AlignSection:
    return AlignSection(s.id, "", s.parent, s.order, s.depth, s.kind, s.label, s.title, s.body)


def upper_zones(upper: Sequence[CoverSection]) -> dict[int, str]:
    """The part each upper section sits in. The last chapter of tasks whose items mostly name
    what they secure (组织领导, 推进机制, 数字素养, 考核评估) is the plan's safeguards whatever its
    heading says (八、 加强党对数字政府建设工作的领导)."""
    zones = parts([align_section(s) for s in upper])
    chapters = [s for s in upper if s.kind == "chapter" and zones.get(s.id) == "tasks"]
    if chapters and "safeguards" not in zones.values():
        last = max(chapters, key=lambda s: s.order)
        under = [s for s in upper if s.parent == last.id]
        roles = sum(bool(safeguard_role(s.title)) for s in under)
        if len(under) >= 2 and roles * 4 >= len(under) * 3:
            inside = {last.id}
            for s in sorted(upper, key=lambda s: s.order):  # parents first
                if s.id in inside or s.parent in inside:
                    inside.add(s.id)
                    zones[s.id] = "safeguards"
    return zones


def is_top(s: CoverSection, children: Mapping[int | None, list[int]]) -> bool:
    """A chapter (or preface, or an unnumbered top section over others) groups items; it is not
    one. A plan of articles without chapters (第X条) is all items."""
    return s.kind in TOP_KINDS or (s.parent is None and bool(children.get(s.id)))


def place(
    s: CoverSection, by_id: Mapping[int, CoverSection], children: Mapping[int | None, list[int]]
) -> tuple[int | None, int]:
    """The chapter an item sits in (the nearest grouping section above it), and its level."""
    level, node = 0, s
    while node.parent is not None and node.parent in by_id:
        parent = by_id[node.parent]
        if is_top(parent, children):
            return parent.id, level
        level += 1
        node = parent
    return None, level
