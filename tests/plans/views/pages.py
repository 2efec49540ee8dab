"""How the reading pages' tests read a page, and the rows of their small library of plans."""

from __future__ import annotations

from plans.models import Plan, Section

HX = {"HTTP_HX_REQUEST": "true"}


def add_section(plan, parent=None, **fields) -> Section:
    order = plan.sections.count()
    defaults = {
        "plan": plan,
        "parent": parent,
        "order": order,
        "depth": parent.depth + 1 if parent else 0,
        "kind": Section.Kind.CHAPTER if parent is None else Section.Kind.ITEM,
        "start": order * 10,
        "end": order * 10 + 9,
    }
    defaults.update(fields)
    defaults.setdefault("title_simplified", defaults.get("title", ""))
    defaults.setdefault("body_simplified", defaults.get("body", ""))
    return Section.objects.create(**defaults)


def add_plan(jurisdiction, era, slug, title, **fields) -> Plan:
    return Plan.objects.create(
        jurisdiction=jurisdiction,
        era=era,
        slug=slug,
        title=title,
        source=f"{slug}.txt",
        raw_text=title,
        content_hash=slug,
        **fields,
    )


def page_html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()
