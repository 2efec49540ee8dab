"""Curators' decisions on a coverage report: recording one (a row, never changed: the history),
the decision in force for each item, and the latest decisions to show."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from compare.coverage.covering.report import ReportError
from compare.models import CoverageDecision
from plans.models import Plan, Section


def decide_coverage(section: Section, lower: Plan, *, status: str, actor, note: str = ""):
    """Record a curator's decision on ``section`` (of the upper plan) for ``lower``."""
    if status not in CoverageDecision.Status.values:
        raise ReportError(_("未知的判断：请用 covered、missing 或 cleared。"))
    if section.plan_id == lower.pk:
        raise ReportError(_("条目和下级规划属于同一份规划：请选上级规划的条目。"))
    with transaction.atomic():
        return CoverageDecision.objects.create(
            section=section, lower=lower, status=status, note=note.strip(), actor=actor
        )


def _decisions(upper: Plan, lower: Plan) -> dict[int, CoverageDecision]:
    """The decision in force for each item: the latest, unless it cleared an earlier one."""
    latest: dict[int, CoverageDecision] = {}
    for d in CoverageDecision.objects.filter(lower=lower, section__plan=upper).order_by("at", "id"):
        latest[d.section_id] = d
    return {pk: d for pk, d in latest.items() if d.status != CoverageDecision.Status.CLEARED}


def _history(upper: Plan, lower: Plan) -> list[CoverageDecision]:
    return list(
        CoverageDecision.objects.filter(lower=lower, section__plan=upper)
        .select_related("actor", "section")
        .order_by("-at", "-id")[:50]
    )
