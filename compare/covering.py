"""Reading a coverage report's inputs from the database: sections, links, curators' decisions.

Three queries for the sections and links of a pair, one for the decisions; the computation is
``compare.coverage`` (pure).
"""

from __future__ import annotations

from compare.coverage import Coverage, CoverLink, CoverSection, Decision, measure_coverage
from compare.models import SectionLink
from plans.models import Plan, Section

_FIELDS = (
    "id",
    "parent_id",
    "order",
    "depth",
    "kind",
    "label",
    "title_simplified",
    "body_simplified",
)


def plan_sections(plan: Plan) -> list[CoverSection]:
    rows = Section.objects.filter(plan=plan).order_by("order").values_list(*_FIELDS)
    return [CoverSection(*row) for row in rows]


def pair_links(upper: Plan, lower: Plan) -> list[CoverLink]:
    rows = (
        SectionLink.objects.for_pair(upper, lower)
        .shown()
        .values_list("left_id", "right_id", "score", "status")
    )
    return [
        CoverLink(left, right, score, status in SectionLink.HUMAN)
        for left, right, score, status in rows
    ]


def coverage_of(upper: Plan, lower: Plan, decisions: dict[int, Decision] | None = None) -> Coverage:
    return measure_coverage(
        plan_sections(upper), plan_sections(lower), pair_links(upper, lower), decisions=decisions
    )
