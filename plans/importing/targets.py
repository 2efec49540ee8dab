"""The last stage of an import: quantitative targets, derived data recomputed from the stored
sections on every import (and on every correction of a section)."""

from __future__ import annotations

from plans.lib.targets import SectionText, extract_plan_targets
from plans.models import Plan, Section, Target


def store_targets(plan: Plan) -> None:
    """Replace the plan's Target rows with the ones its sections state now."""
    Target.objects.filter(section__plan=plan).delete()
    fields = ("id", "parent_id", "kind", "title", "body")
    sections = [
        SectionText(s.pk, s.parent_id, s.kind, s.title, s.body)
        for s in Section.objects.for_plan(plan).only(*fields)
    ]
    Target.objects.bulk_create(
        Target(order=order, **_target_fields(t))
        for order, t in enumerate(extract_plan_targets(sections))
    )


def _target_fields(t) -> dict:
    """A pure target's fields as the model stores them (its baseline flattened)."""
    fields = vars(t) | {"direction": t.direction}
    b = fields.pop("baseline")
    if b is not None:
        fields |= {
            "baseline_value": b.value,
            "baseline_unit": b.unit,
            "baseline_year": b.year,
            "baseline_scope": b.scope,
            "baseline_text": b.text,
        }
    return fields
