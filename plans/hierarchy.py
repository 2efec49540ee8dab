"""Plans up a jurisdiction's chain: the ones a lower plan should take up (上下衔接)."""

from __future__ import annotations

from plans.models import Jurisdiction, Plan


def higher_plans(plan: Plan) -> list[tuple[Jurisdiction, list[Plan], list[Plan]]]:
    """The plans of ``plan``'s jurisdiction's ancestors, nearest first: each level with the
    plans the catalogue has for it issued before ``plan`` (a plan cannot take up a text that
    did not exist yet), then those issued after it, newest first (either list may be empty);
    interpretations left out. A level whose plans are all later is not a level without plans."""
    chain = plan.jurisdiction.ancestors[::-1]
    if not chain:
        return []
    found: dict[int, list[Plan]] = {j.pk: [] for j in chain}
    later: dict[int, list[Plan]] = {j.pk: [] for j in chain}
    others = Plan.objects.filter(jurisdiction__in=chain).exclude(kind=Plan.Kind.INTERPRETATION)
    for other in others.order_by("-issued", "slug"):
        issued_after = plan.issued and other.issued and other.issued > plan.issued
        (later if issued_after else found)[other.jurisdiction_id].append(other)
    return [(j, found[j.pk], later[j.pk]) for j in chain]
