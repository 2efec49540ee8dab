"""The documents a plan cites (plans.lib.citations), each matched to the catalogue's plan of that
title when there is one."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from plans.lib.citations import cited_documents, title_keys
from plans.models import Plan, Section


@dataclass
class CitedDocument:
    title: str
    count: int
    plan: Plan | None  # the catalogue's copy; None: not in the catalogue


def documents_cited(plan: Plan) -> list[CitedDocument]:
    """What ``plan`` cites, in order of first mention; the plan's own title left out. Two
    queries: the sections that hold a 《 (not the whole text: it may run to megabytes), and the
    catalogue's titles when something is cited."""
    holding = (
        Section.objects.for_plan(plan)
        .filter(Q(title__contains="《") | Q(body__contains="《"))
        .values_list("title", "body")
    )
    cited = cited_documents("\n".join(f"{title}\n{body}" for title, body in holding))
    if not cited:
        return []
    by_key: dict[str, Plan] = {}
    for other in Plan.objects.only("slug", "title").order_by("-issued", "slug"):
        for key in title_keys(other.title):
            by_key.setdefault(key, other)
    own = title_keys(plan.title)
    found = []
    for document in cited:
        keys = title_keys(document.title)
        match = next((by_key[k] for k in sorted(keys) if k in by_key), None)
        if keys & own or (match is not None and match.pk == plan.pk):
            continue  # 本规划 named by its own title
        found.append(CitedDocument(title=document.title, count=document.count, plan=match))
    return found
