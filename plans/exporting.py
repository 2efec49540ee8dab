"""Plain-data views of plans for JSON output (export_plan, the API)."""

from __future__ import annotations

from plans.models import Plan, Section


def plan_as_dict(plan: Plan) -> dict:
    """The export_plan JSON shape (a contract: extend, never rename)."""
    j, era = plan.jurisdiction, plan.era
    sections = Section.objects.for_plan(plan).only(
        "id",
        "parent_id",
        "depth",
        "kind",
        "label",
        "title",
        "body",
        "body_simplified",
        "implied",
        "flags",
    )
    return {
        "slug": plan.slug,
        "title": plan.title,
        "source": plan.source,
        "jurisdiction": {
            "name": j.name,
            "level": j.level,
            "parent": j.parent.name if j.parent else None,
        },
        "era": {"name": era.name, "start": era.start_year, "end": era.end_year} if era else None,
        "doc_number": plan.doc_number,
        "issued": plan.issued.isoformat() if plan.issued else None,
        "kind": plan.kind,
        "script": plan.script,
        "interprets": plan.interprets.slug if plan.interprets else None,
        "issuer": plan.issuer,
        "issuers": plan.issuer_names,  # every issuer of a joint document, the lead first
        "source_url": plan.source_link,  # http(s) only, whatever an older row holds
        # How each metadata field was found: read, guessed or given (see the README).
        "metadata_sources": plan.metadata_sources,
        "sections": [
            {
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
            }
            for s in sections
        ],
    }
