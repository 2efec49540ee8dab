"""A section's counterparts in every other plan, from the stored (curated) links, for the section
page (``plans/<slug>/s/<id>/``): which plans carry it, where, how sure, why, and the comparisons
and coverage reports to read it in.

Reads only: the links touching the section (rejected ones left out, as on the compare page) and
curators' coverage decisions on it; two queries whatever the catalogue's size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from compare.alignment.calibration import band
from compare.alignment.reasons import band_words, reason
from compare.coverage.covering import relation
from compare.models import CoverageDecision, SectionLink
from compare.reading.picking import plan_label
from plans.choosing import LEVELS
from plans.models import Plan, Section, without_text

# How an upper plan's place stands to a lower one's when a coverage report reads them.
ABOVE = ("parent", "skipped")
_CHAIN = "parent__parent__parent"  # a county's places up to the nation, read with the plan
# Large columns a counterpart's heading does not need.
_SECTION_TEXT = ("body", "body_simplified", "body_tokens", "title_tokens")


@dataclass
class Counterpart:
    section: Section  # in the other plan
    score: float
    status: str  # SectionLink.Status
    status_label: str
    band: str  # likely, possible or check (compare.alignment.calibration)
    band_label: str  # as the compare page words it
    reason: str  # the link's reason in the reader's language, its band left out

    @property
    def is_human(self) -> bool:
        return self.status in SectionLink.HUMAN


@dataclass
class PlanCounterparts:
    plan: Plan
    label: str  # the plan as the picker names it: place, period, kind, year
    counterparts: list[Counterpart]
    compare_url: str  # the pair's comparison, this plan first, at the section's row


@dataclass
class SectionCounterparts:
    section: Section
    plans: list[PlanCounterparts]
    coverage: list[tuple[Plan, Plan, str]] = field(default_factory=list)  # upper, lower, url
    picker_url: str = ""  # comparing this plan with others, when nothing is linked yet


def counterparts_of(section: Section) -> SectionCounterparts:
    """The section's shown links grouped by the other plan (plans by level, then name), each
    group's sections most probable first; and the coverage reports the section takes part in."""
    plan = section.plan
    links = (
        SectionLink.objects.shown()
        .filter(Q(left=section) | Q(right=section))
        .select_related(f"left__plan__jurisdiction__{_CHAIN}", "left__plan__era")
        .select_related(f"right__plan__jurisdiction__{_CHAIN}", "right__plan__era")
        .defer(
            *without_text("left__plan", "right__plan"),
            *(f"{side}__{name}" for side in ("left", "right") for name in _SECTION_TEXT),
        )
        .order_by()
    )
    grouped: dict[int, list[Counterpart]] = {}
    plans: dict[int, Plan] = {}
    for link in links:
        other = link.right if link.left_id == section.pk else link.left
        plans[other.plan_id] = other.plan
        grouped.setdefault(other.plan_id, []).append(_counterpart(link, other))
    rank = {level: i for i, level in enumerate(LEVELS)}
    ordered = sorted(
        plans.values(),
        key=lambda p: (rank.get(p.jurisdiction.level, 9), p.jurisdiction.name, p.slug),
    )
    found = []
    for other in ordered:
        group = sorted(grouped[other.pk], key=lambda c: (-c.score, c.section.order))
        found.append(
            PlanCounterparts(
                plan=other,
                label=plan_label(other),
                counterparts=group,
                compare_url=_compare_url(plan, other, section),
            )
        )
    return SectionCounterparts(
        section=section,
        plans=found,
        coverage=_coverage_reports(section, plan, found),
        picker_url=reverse("compare:compare") + "?" + urlencode({"first": plan.slug}),
    )


def _counterpart(link: SectionLink, other: Section) -> Counterpart:
    named = band(link.score)
    return Counterpart(
        section=other,
        score=link.score,
        status=link.status,
        status_label=link.get_status_display(),
        band=named,
        band_label=band_words(link.score, gettext=_),
        reason=_reason(link),
    )


def _reason(link: SectionLink) -> str:
    """Why the two were linked, in the compare page's words but for the band, said apart."""
    if not link.evidence:
        return link.reason or ""
    return reason(link.evidence, gettext=_, pgettext=pgettext, with_band=False)


def _compare_url(plan: Plan, other: Plan, section: Section) -> str:
    # With the section's plan first, each of its sections heads a row anchored at r<its id>
    # (compare.alignment.rows_for, compare.reading.comparing).
    query = urlencode({"plans": f"{plan.slug},{other.slug}"})
    return f"{reverse('compare:compare')}?{query}#r{section.pk}"


def _coverage_url(upper: Plan, lower: Plan) -> str:
    query = urlencode({"upper": upper.slug, "lower": lower.slug})
    return f"{reverse('compare:coverage')}?{query}"


def _upper_lower(plan: Plan, other: Plan) -> tuple[Plan, Plan] | None:
    """The two plans as upper and lower when one's place is above the other's (上下衔接, as the
    coverage report reads it); None for places side by side or the same place."""
    for upper, lower in ((plan, other), (other, plan)):
        if relation(upper, lower).kind in ABOVE:
            return upper, lower
    return None


def _coverage_reports(
    section: Section, plan: Plan, found: list[PlanCounterparts]
) -> list[tuple[Plan, Plan, str]]:
    """Reports the section appears in: with each linked plan whose place is above or below its
    plan's, and with every lower plan a curator has judged this section (as an upper item) for."""
    pairs: dict[tuple[int, int], tuple[Plan, Plan]] = {}
    for group in found:
        pair = _upper_lower(plan, group.plan)
        if pair:
            pairs[(pair[0].pk, pair[1].pk)] = pair
    decided = (
        CoverageDecision.objects.filter(section=section)
        .select_related(f"lower__jurisdiction__{_CHAIN}")
        .defer(*without_text("lower"))
        .order_by("lower__slug")
    )
    for decision in decided:
        pairs.setdefault((plan.pk, decision.lower_id), (plan, decision.lower))
    return [(upper, lower, _coverage_url(upper, lower)) for upper, lower in pairs.values()]
