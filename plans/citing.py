"""The documents a plan cites (plans.lib.citations): read once when the plan is imported and
stored (PlanCitation), then matched, when a page shows them, to the catalogue's plan of that
title through the plans' stored title keys (PlanTitleKey)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from plans.lib.citations import cited_documents, title_keys
from plans.models import Plan, PlanCitation, PlanTitleKey


@dataclass
class CitedDocument:
    title: str
    count: int
    plan: Plan | None  # the catalogue's copy; None: not in the catalogue


def citations_in(plan: Plan, texts: Iterable[tuple[str, str]]) -> list[PlanCitation]:
    """Unsaved rows for the documents cited by ``texts``, the (title, body) of ``plan``'s
    sections in document order."""
    # Only the sections holding a 《: a title runs from a 《 to its 》 within one of them.
    holding = "\n".join(f"{title}\n{body}" for title, body in texts if "《" in title + body)
    return [
        PlanCitation(
            plan=plan,
            order=order,
            title=c.title,
            key=c.key,
            keys=sorted(title_keys(c.title)),
            count=c.count,
        )
        for order, c in enumerate(cited_documents(holding))
    ]


def store_citations(plan: Plan, texts: Iterable[tuple[str, str]]) -> None:
    """Replace what ``plan`` is stored as citing by what ``texts`` (its sections' title and
    body, in document order) cite."""
    PlanCitation.objects.filter(plan=plan).delete()
    PlanCitation.objects.bulk_create(citations_in(plan, texts))


def documents_cited(plan: Plan) -> list[CitedDocument]:
    """What ``plan`` cites, in order of first mention; the plan's own title left out. Two
    queries at most, both by index: the plan's citations, and the catalogue's plans whose title
    keys are among theirs."""
    cited = list(PlanCitation.objects.filter(plan=plan).order_by("order"))
    if not cited:
        return []
    wanted = {key for c in cited for key in c.keys}
    by_key: dict[str, Plan] = {}
    found_keys = (
        PlanTitleKey.objects.filter(key__in=wanted)
        .select_related("plan")
        .only("key", "plan__slug", "plan__title", "plan__issued")
        .order_by("-plan__issued", "plan__slug")
    )
    for row in found_keys:
        by_key.setdefault(row.key, row.plan)
    own = title_keys(plan.title)
    found = []
    for document in cited:
        keys = set(document.keys)
        match = next((by_key[k] for k in sorted(keys) if k in by_key), None)
        if keys & own or (match is not None and match.pk == plan.pk):
            continue  # 本规划 named by its own title
        found.append(CitedDocument(title=document.title, count=document.count, plan=match))
    return found
