"""Choosing plans to compare: the picker's groups, plans' names as columns, suggestions.

Plans are offered by level in the hierarchy's order (全国 → 省 → 市 → 县), each named by
jurisdiction, period, kind and year so that two plans of one place never read alike; an
interpretation (解读) is offered only right after the plan it interprets. Once a first plan is
chosen, its counterparts are suggested: the plans of the jurisdictions above it, the other plans
of its own jurisdiction, then plans of the same period and kind at its level.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from plans.choosing import LEVELS
from plans.models import Jurisdiction, Plan

MAX_SUGGESTIONS = 5
SUGGESTION_CANDIDATES = 300


@dataclass(frozen=True)
class Option:
    plan: Plan
    label: str
    interpretation: bool  # offered beside the plan it interprets


def plan_label(plan: Plan) -> str:
    """云南省 十四五 规划 2022: jurisdiction, period, kind and year."""
    parts = [plan.jurisdiction.name]
    if plan.era:
        parts.append(plan.era.name)
    parts.append(plan.get_kind_display())
    if plan.issued:
        parts.append(str(plan.issued.year))
    return " ".join(parts)


def column_labels(plans: Sequence[Plan]) -> list[str]:
    """A header per plan, never two alike (the title is added where the short name repeats)."""
    return _told_apart([plan_label(p) for p in plans], plans, [lambda p: p.title[:12]])


def short_labels(plans: Sequence[Plan]) -> list[str]:
    """A plan as the page's smaller tables and sentences name it beside the others compared:
    place and period (全国 十四五), its kind, then its year, then its title added only where two
    plans would otherwise read alike (云南省 十四五 规划 2022 / 云南省 十四五 规划 2023)."""
    bases = [" ".join([p.jurisdiction.name] + ([p.era.name] if p.era else [])) for p in plans]
    return _told_apart(
        bases,
        plans,
        [
            lambda p: p.get_kind_display(),
            lambda p: str(p.issued.year) if p.issued else "",
            lambda p: p.title[:12],
        ],
    )


def _told_apart(labels: list[str], plans: Sequence[Plan], extras) -> list[str]:
    """``labels``, each that another repeats lengthened by the next of ``extras`` until none do;
    the last extra is joined with " · " (a title), the others with a space."""
    labels = list(labels)
    for i, extra in enumerate(extras):
        if len(set(labels)) == len(labels):
            break
        sep = " · " if i == len(extras) - 1 else " "
        labels = [
            f"{label}{sep}{extra(plan)}" if labels.count(label) > 1 and extra(plan) else label
            for label, plan in zip(labels, plans, strict=True)
        ]
    return labels


def picker_groups(plans: Iterable[Plan]) -> list[tuple[str, list[Option]]]:
    """Options grouped by level, top level first; interpretations right after their plan."""
    plans = list(plans)
    interpretations: dict[int, list[Plan]] = {}
    for p in plans:
        if p.kind == Plan.Kind.INTERPRETATION and p.interprets_id:
            interpretations.setdefault(p.interprets_id, []).append(p)
    main = [p for p in plans if not (p.kind == Plan.Kind.INTERPRETATION and p.interprets_id)]
    main.sort(key=_order)
    groups: list[tuple[str, list[Option]]] = []
    for level in LEVELS:
        options = []
        for p in (p for p in main if p.jurisdiction.level == level):
            options.append(Option(p, plan_label(p), False))
            for i in interpretations.get(p.pk, []):
                options.append(Option(i, _("%(plan)s 的解读") % {"plan": plan_label(p)}, True))
        if options:
            groups.append((Jurisdiction.Level(level).label, options))
    return groups


def suggestion_candidates(first: Plan) -> list[Plan]:
    """The plans ``suggestions`` may rank for ``first``: its places', its level and period's."""
    above = [j.pk for j in first.jurisdiction.ancestors]
    near = (
        Q(jurisdiction__in=[*above, first.jurisdiction_id])
        | Q(interprets=first)
        | Q(jurisdiction__level=first.jurisdiction.level, era_id=first.era_id)
    )
    plans = Plan.objects.filter(near).select_related("jurisdiction", "era")
    return list(plans.order_by("-issued", "pk")[:SUGGESTION_CANDIDATES])


def suggestions(first: Plan, catalogue: Iterable[Plan]) -> list[Plan]:
    """Plans to read ``first`` against, most useful first."""
    catalogue = [p for p in catalogue if p.pk != first.pk]
    above = [j.pk for j in reversed(first.jurisdiction.ancestors)]  # parent first
    same_era = first.era_id

    def rank(p: Plan):
        if p.kind == Plan.Kind.INTERPRETATION:
            return (4 if p.interprets_id == first.pk else 9, 0, "")
        era = 0 if same_era and p.era_id == same_era else 1
        if p.jurisdiction_id in above:
            return (0, above.index(p.jurisdiction_id) * 2 + era, str(p.issued))
        if p.jurisdiction_id == first.jurisdiction_id:
            return (1, era, str(p.issued))
        if p.jurisdiction.level == first.jurisdiction.level:
            return (2, era + (0 if p.kind == first.kind else 2), str(p.issued))
        return (3, era, str(p.issued))

    ranked = sorted(catalogue, key=rank)
    return [p for p in ranked if rank(p)[0] < 9][:MAX_SUGGESTIONS]


def _order(plan: Plan):
    return (LEVELS.index(plan.jurisdiction.level), plan.jurisdiction.name, str(plan.issued))
