"""Small plans and links for the link admin's tests, and how they read the change list."""

from __future__ import annotations

from compare.models import LinkEvent, SectionLink
from plans.models import Jurisdiction, Plan, Section

Status = SectionLink.Status


Action = LinkEvent.Action


CHANGELIST = "admin:compare_sectionlink_changelist"


def make_plan(slug: str, title: str, sections: list[tuple[int, str, str]]) -> Plan:
    place, _ = Jurisdiction.objects.get_or_create(
        name="云南省", defaults={"slug": "yunnan", "level": "province"}
    )
    plan = Plan.objects.create(
        jurisdiction=place, slug=slug, title=title, source=f"{slug}.txt", raw_text="…"
    )
    parents: dict[int, Section] = {}
    for order, (depth, title_, body) in enumerate(sections):
        parents[depth] = Section.objects.create(
            plan=plan,
            parent=parents.get(depth - 1) if depth else None,
            order=order,
            depth=depth,
            kind="chapter" if depth == 0 else "item",
            label=f"{order + 1}.",
            title=title_,
            body=body,
            start=order,
            end=order + 1,
        )
    return plan


def sec(plan: Plan, title: str) -> Section:
    return plan.sections.get(title=title)


def link(left: Section, right: Section, score: float = 0.7, **fields) -> SectionLink:
    left, right = sorted([left, right], key=lambda s: s.pk)
    return SectionLink.objects.create(left=left, right=right, score=score, **fields)
