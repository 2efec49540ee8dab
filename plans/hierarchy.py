"""Plans up a jurisdiction's chain: the ones a lower plan should take up (上下衔接)."""

from __future__ import annotations

from plans.models import Jurisdiction, Plan


def higher_plans(plan: Plan) -> list[tuple[Jurisdiction, list[Plan]]]:
    """The plans of ``plan``'s jurisdiction's ancestors, nearest first, each level with the
    plans the catalogue has for it (an empty list: none); interpretations left out, and so are
    plans issued after ``plan``: a plan cannot take up a text that did not exist yet."""
    chain = plan.jurisdiction.ancestors[::-1]
    if not chain:
        return []
    found: dict[int, list[Plan]] = {j.pk: [] for j in chain}
    others = Plan.objects.filter(jurisdiction__in=chain).exclude(kind=Plan.Kind.INTERPRETATION)
    if plan.issued:
        others = others.exclude(issued__gt=plan.issued)
    for other in others.order_by("-issued", "slug"):
        found[other.jurisdiction_id].append(other)
    return [(j, found[j.pk]) for j in chain]
