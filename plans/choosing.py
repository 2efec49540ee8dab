"""Which plans a picker lists: a few, top level first, and those a person looks for by name.

The compare picker (compare.reading.picking) shows them; the home page holds a picker too, so this
lives with the plans.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Case, IntegerField, Q, Value, When

from plans.models import Jurisdiction, Plan

LEVELS = [choice.value for choice in Jurisdiction.Level]  # national → county
OFFERED = 60  # plans a picker lists; a larger catalogue is searched by typing


def plans_to_offer(find: str = "", chosen: Sequence[str] = ()) -> tuple[list[Plan], bool]:
    """The plans a picker lists, and whether the catalogue holds more than those.

    Every plan whose title, place, period or slug holds each word of ``find``, top level first,
    at most OFFERED of them, the ``chosen`` slugs always among them. One query.
    """
    plans = Plan.objects.select_related("jurisdiction", "era")
    matches = Q()
    for word in find.split()[:5]:
        matches &= (
            Q(title__icontains=word)
            | Q(jurisdiction__name__icontains=word)
            | Q(era__name__icontains=word)
            | Q(slug__icontains=word)
        )
    rank = Case(
        *(When(jurisdiction__level=level, then=Value(i)) for i, level in enumerate(LEVELS)),
        output_field=IntegerField(),
    )
    if matches:  # Q() | Q(...) would be the second alone
        plans = plans.filter(matches | Q(slug__in=list(chosen)))
    plans = plans.annotate(
        chosen=Case(When(slug__in=list(chosen), then=Value(0)), default=Value(1)), rank=rank
    )
    found = list(plans.order_by("chosen", "rank", "jurisdiction__name", "issued")[: OFFERED + 1])
    return found[:OFFERED], len(found) > OFFERED
