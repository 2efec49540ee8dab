"""What counts as formula on a comparison page: the one place the compare views ask.

Formula is wording most plans of the catalogue use (推进, 数字政府, 体系): marking it as
"shared" between two plans says nothing. Until the alignment engine exposes its own list
(``compare.alignment.is_formula``), it is the terms found in most plans of the catalogue, read
from the tokens stored at import and kept per process until the catalogue changes.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

from django.db.models import Count, Max

from plans.models import Plan, Section

MOST = 2 / 3  # share of plans a term must appear in to be formula
MIN_PLANS = 3  # with fewer plans, "most plans" means nothing

_lock = threading.Lock()
_cached: tuple[tuple, frozenset[str]] | None = None


def formula() -> Callable[[str], bool]:
    """A test for formula terms over the current catalogue."""
    terms = _catalogue_formula()
    return terms.__contains__


def _catalogue_formula() -> frozenset[str]:
    global _cached
    stamp = Plan.objects.aggregate(n=Count("id"), last=Max("imported_at"), top=Max("id"))
    key = (stamp["n"], stamp["last"], stamp["top"])
    if _cached is not None and _cached[0] == key:
        return _cached[1]
    with _lock:
        per_plan: dict[int, set[str]] = {}
        rows = Section.objects.values_list("plan_id", "title_tokens", "body_tokens")
        for plan_id, title, body in rows.iterator(chunk_size=2000):
            per_plan.setdefault(plan_id, set()).update(title.split(), body.split())
        counts = Counter(term for terms in per_plan.values() for term in terms)
        plans = len(per_plan)
        terms = frozenset(
            term for term, n in counts.items() if plans >= MIN_PLANS and n >= MOST * plans
        )
        _cached = (key, terms)
    return terms
