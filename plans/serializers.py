"""The JSON shapes of a plan, a section and a target: one home for every door that hands them out
(export_plan, list_plans --json, export_targets, the API, the comparison and coverage exports).

The shapes are a contract: extend, never rename. Key order is part of it (the bytes are pinned
by tests/test_json_doors.py).
"""

from __future__ import annotations

from django.urls import reverse

from plans.citing import documents_cited
from plans.models import Era, Jurisdiction, Plan, Section, Target

# The stored columns section_as_dict reads; a query for it may defer the rest.
SECTION_FIELDS = (
    *("id", "parent_id", "depth", "kind", "label", "title"),
    *("body", "body_simplified", "implied", "flags", "duties", "projects"),
)


def plan_as_dict(plan: Plan) -> dict:
    """The export_plan shape: a plan's metadata and all its sections in document order."""
    sections = Section.objects.for_plan(plan).only(*SECTION_FIELDS)
    return {
        **_plan_metadata(plan, jurisdiction=_jurisdiction(plan.jurisdiction)),
        "interprets": plan.interprets.slug if plan.interprets else None,
        "issuer": plan.issuer,
        "issuers": plan.issuer_names,  # every issuer of a joint document, the lead first
        "source_url": plan.source_link,  # http(s) only, whatever an older row holds
        # How each metadata field was found: read, guessed or given (see docs/importing.md).
        "metadata_sources": plan.metadata_sources,
        "sections": [section_as_dict(s) for s in sections],
    }


def plan_detail_as_dict(plan: Plan) -> dict:
    """One plan as the API gives it: the export_plan shape, its page, and the documents it
    cites (``slug``: the catalogue's copy, null when the catalogue has none)."""
    cited = [
        {"title": c.title, "count": c.count, "slug": c.plan.slug if c.plan else None}
        for c in documents_cited(plan)
    ]
    return {**plan_as_dict(plan), "url": plan.get_absolute_url(), "cited": cited}


def plan_summary_as_dict(plan: Plan) -> dict:
    """One plan of the API's list (``plan.section_count`` annotated by the query)."""
    jurisdiction = _jurisdiction(plan.jurisdiction, slug=True)
    return {
        **_plan_metadata(plan, jurisdiction=jurisdiction),
        "issuer": plan.issuer,
        "issuers": plan.issuer_names,
        "sections": plan.section_count,
        "url": plan.get_absolute_url(),
        "api": reverse("plans:api_plan", args=[plan.slug]),
    }


def plan_listing_as_dict(plan: Plan) -> dict:
    """One line of ``list_plans --json`` (``plan.section_count`` annotated by the query)."""
    return {
        "slug": plan.slug,
        "title": plan.title,
        "source": plan.source,
        "jurisdiction": plan.jurisdiction.name,
        "level": plan.jurisdiction.level,
        "era": plan.era.name if plan.era else None,
        "kind": plan.kind,
        "sections": plan.section_count,
    }


def plan_in_comparison_as_dict(plan: Plan) -> dict:
    """A column's plan in a comparison's JSON."""
    return {
        "slug": plan.slug,
        "title": plan.title,
        "jurisdiction": plan.jurisdiction.name,
        "era": plan.era.name if plan.era else None,
        "url": plan.get_absolute_url(),
    }


def plan_in_report_as_dict(plan: Plan) -> dict:
    """One side of a coverage or evolution report's JSON."""
    return {
        "slug": plan.slug,
        "title": plan.title,
        "jurisdiction": plan.jurisdiction.name,
        "issued": _issued(plan),
    }


def section_as_dict(section: Section) -> dict:
    """A section as export_plan lists it."""
    s = section
    return {
        "id": s.id,
        "parent_id": s.parent_id,
        "depth": s.depth,
        "kind": s.kind,
        "label": s.label,
        "title": s.title,
        "text": s.body,
        "text_simplified": s.body_simplified,
        "implied": s.implied,
        "flags": s.flags,
        # Who leads it and by when, null when the text names no one (plans.lib.duties).
        "duties": s.duties,
        "projects": s.projects,  # a 专栏's items or a table's rows
    }


def section_detail_as_dict(section: Section, *, children: list[int], targets: list[Target]) -> dict:
    """One section as the API gives it: the export_plan shape, its plan, page, children, targets."""
    data = section_as_dict(section)
    return {
        "id": data.pop("id"),
        "plan": section.plan.slug,
        **data,
        "url": section.get_absolute_url(),
        "children": children,
        "targets": [target_as_dict(t) for t in targets],
    }


def target_as_dict(target: Target, *, with_groups: bool = False) -> dict:
    """The export_targets shape; ``with_groups`` adds the cross-plan group and deadline year."""
    data = {"section_id": target.section_id, **target_values_as_dict(target)}
    if with_groups:
        data |= {"indicator_key": target.indicator_key, "deadline_year": target.deadline_year}
    return data


def target_values_as_dict(target: Target) -> dict:
    """What a target says, without where it stands (the coverage reports' sides)."""
    t = target
    return {
        "indicator": t.indicator,
        "value": t.value,
        "unit": t.unit,
        "comparator": t.comparator,
        "deadline": t.deadline,
        "scope": t.scope,
        "text": t.text,
        "baseline": None
        if t.baseline_value is None
        else {"value": t.baseline_value, "unit": t.baseline_unit, "year": t.baseline_year},
        "direction": t.direction,
    }


def _plan_metadata(plan: Plan, *, jurisdiction: dict) -> dict:
    return {
        "slug": plan.slug,
        "title": plan.title,
        "source": plan.source,
        "jurisdiction": jurisdiction,
        "era": _era(plan.era),
        "doc_number": plan.doc_number,
        "issued": _issued(plan),
        "kind": plan.kind,
        "script": plan.script,
    }


def _jurisdiction(j: Jurisdiction, *, slug: bool = False) -> dict:
    data = {"name": j.name, "slug": j.slug} if slug else {"name": j.name}
    return data | {"level": j.level, "parent": j.parent.name if j.parent else None}


def _era(era: Era | None) -> dict | None:
    return {"name": era.name, "start": era.start_year, "end": era.end_year} if era else None


def _issued(plan: Plan) -> str | None:
    return plan.issued.isoformat() if plan.issued else None
