"""The entry: the targets a text states, and those of a whole plan."""

from __future__ import annotations

from dataclasses import replace

from plans.lib.targets.baselines import attach_baselines
from plans.lib.targets.reading import (
    _GROUP,
    _SENTENCE,
    _deadline_from,
    _leading_deadline,
    _simplify,
    _spans,
    is_review_heading,
    opening_deadline,
)
from plans.lib.targets.records import SectionText, Target
from plans.lib.targets.tables import indicator_rows, table_targets
from plans.lib.targets.values import _group_targets


def extract_targets(
    text: str, *, section_id: int | None = None, deadline: str = ""
) -> list[Target]:
    """The quantitative targets ``text`` states, in reading order.

    ``deadline`` is the one the surrounding text sets ("到2025年，" opening the goal chapter) and
    applies where ``text`` names none. One clause can state several targets:

    >>> [t.indicator for t in extract_targets("电子证照出证率和电子印章加盖率达到80%以上")]
    ['电子证照出证率', '电子印章加盖率']
    """
    simple = _simplify(text)
    inherited = _deadline_from(deadline) if deadline else ("", None)
    found: list[Target] = []
    for s_start, sentence in _spans(_SENTENCE, simple, 0):
        leading = _leading_deadline(sentence)
        if leading is not None:
            inherited = leading
        current = inherited
        for g_start, group in _spans(_GROUP, sentence, s_start):
            current, targets = _group_targets(simple, group, g_start, current)
            found.extend(targets)
    return [replace(t, text=text[t.start : t.end], section_id=section_id) for t in found]


def extract_plan_targets(sections: list[SectionText]) -> list[Target]:
    """The targets of a whole plan, its sections given in document order.

    A section inherits the deadline that opens its parent ("到2025年，…" over the goal
    paragraphs); sections under a look back (现状, 主要成效) state achievements, not targets, and
    give the targets their baselines (``plans.lib.targets.baselines``).
    """
    context: dict[
        int | None, tuple[str, bool]
    ] = {}  # id -> (deadline its children inherit, review)
    found: list[Target] = []
    for s in sections:
        deadline, review = context.get(s.parent_id, ("", False))
        review = review or (s.kind != "goal" and is_review_heading(s.title))
        own = opening_deadline(s.title) or deadline
        context[s.id] = (opening_deadline(s.body) or own, review)
        if review:
            continue
        for t in extract_targets(s.title, section_id=s.id, deadline=deadline):
            found.append(replace(t, in_title=True))
        found.extend(extract_targets(s.body, section_id=s.id, deadline=own))
    order = {s.id: n for n, s in enumerate(sections)}
    rows = table_targets(indicator_rows(sections), found)
    # Sorted in document order: a table's rows after the text of their section (a stable sort).
    found = sorted(found + rows, key=lambda t: order.get(t.section_id, -1))
    return attach_baselines(sections, found)
