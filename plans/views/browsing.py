"""Browsing the catalogue: the home page (every plan by level and era, or, for a large
catalogue, a group per province) and a place's page (its plans by era and by date)."""

from __future__ import annotations

import functools
from itertools import groupby

from django.db.models import Case, Count, F, Max, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from plans.choosing import plans_to_offer
from plans.models import Jurisdiction, Plan, without_text
from plans.views._common import PLACE_CHAIN
from web.fragments import wants_fragment
from web.pagecache import cache_shared_page, read_once_per_page

# Up to this many plans the home page lists them all; a larger catalogue is shown as one group
# per province (全国 apart) with its counts, a group's plans listed when it is opened.
HOME_ALL_PLANS = 60


@require_safe
@cache_shared_page(version=lambda: catalogue_version())  # defined below
@vary_on_headers("HX-Request")
def home(request: HttpRequest) -> HttpResponse:
    # The listing is built only when the page's cached HTML is missing or out of date
    # (templates call callables): most views of the home page cost one small query.
    region = request.GET.get("region", "")[:100]
    listing = functools.cache(functools.partial(_home_listing, region))
    context = {
        "version": catalogue_version(),
        "region": region,
        "columns": ["", "", "", ""],
        "levels": lambda: listing()["levels"],
        "regions": lambda: listing()["regions"],
        "plans": lambda: listing()["plans"],
        "more_plans": lambda: listing()["more_plans"],
    }
    if wants_fragment(request) and region:
        return render(request, "plans/home.html#region", context)
    else:
        return render(request, "plans/home.html", context)


@read_once_per_page
def catalogue_version() -> str:
    """Changes when a plan is imported, replaced or removed."""
    found = Plan.objects.order_by().aggregate(n=Count("pk"), last=Max("imported_at"))
    return f"{found['n']}:{found['last']}"


def _home_listing(region: str) -> dict:
    """Every plan by level and era; or, for a large catalogue, the groups and the open one's.

    Three queries either way: the places with their plan counts, then the plans listed (all
    of them, or those of the open group), then, for a large catalogue, the picker's few.
    """
    jurisdictions = list(
        Jurisdiction.objects.annotate(plan_count=Count("plans")).order_by(*_DIVISION_ORDER)
    )
    if sum(j.plan_count for j in jurisdictions) <= HOME_ALL_PLANS:
        plans = _plans_by_jurisdiction(Plan.objects.all())
        return {
            "levels": _levels(jurisdictions, plans),
            "regions": [],
            "plans": _pickable(jurisdictions, plans),
            "more_plans": False,
        }
    regions = _regions(jurisdictions)
    opened = next((r for r in regions if r["place"].slug == region), None)
    levels = []
    if opened is not None:
        opened["open"] = True
        members = opened["members"]
        plans = _plans_by_jurisdiction(Plan.objects.filter(jurisdiction__in=members))
        levels = _levels(members, plans)
        opened["levels"] = levels
    offered, more = plans_to_offer()
    return {"levels": levels, "regions": regions, "plans": offered, "more_plans": more}


def _pickable(jurisdictions: list[Jurisdiction], plans: dict[int, list[Plan]]) -> list[Plan]:
    by_pk = {j.pk: j for j in jurisdictions}
    pickable = []
    for pk, group in plans.items():
        for p in group:
            p.jurisdiction = by_pk[pk]  # already fetched: the picker needs no query
            pickable.append(p)
    pickable.sort(key=lambda p: (p.jurisdiction.level, p.jurisdiction.name, str(p.issued)))
    return pickable


def _regions(jurisdictions: list[Jurisdiction]) -> list[dict]:
    """The home page's groups: national places together, then each province with the places
    under it (a place under no province is a group of its own), with plan counts by level."""
    by_pk = {j.pk: j for j in jurisdictions}
    labels = dict(Jurisdiction.Level.choices)
    groups: dict[int, dict] = {}
    for j in jurisdictions:
        top = j
        while top.level not in ("national", "province") and top.parent_id in by_pk:
            top = by_pk[top.parent_id]
        group = groups.setdefault(
            top.pk, {"place": top, "members": [], "counts": {}, "total": 0, "open": False}
        )
        group["members"].append(j)
        group["counts"][j.level] = group["counts"].get(j.level, 0) + j.plan_count
        group["total"] += j.plan_count
    rank = {value: i for i, value in enumerate(Jurisdiction.Level.values)}
    listed = {j.pk: i for i, j in enumerate(jurisdictions)}  # in the database's order
    found = sorted(
        groups.values(),
        key=lambda g: (rank[g["place"].level], _in_order(g["place"]), listed[g["place"].pk]),
    )
    for group in found:
        group["counts"] = [
            (labels[level], group["counts"][level])
            for level in Jurisdiction.Level.values
            if group["counts"].get(level)
        ]
    return [g for g in found if g["total"]]


@require_safe
def jurisdiction(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Jurisdiction.objects.select_related(PLACE_CHAIN), slug=slug)
    plans = _plans_by_jurisdiction(Plan.objects.filter(jurisdiction=place)).get(place.pk, [])
    context = {
        "jurisdiction": place,
        "children": place.children.all(),
        "eras": _by_era(plans),
        "timeline": _timeline(plans),
        "peers": _peers_of_other_eras(place, plans),
    }
    return render(request, "plans/jurisdiction.html", context)


def _peers_of_other_eras(place: Jurisdiction, plans: list[Plan]) -> list[tuple[Plan, Plan]]:
    """With plans of one era only, (own plan, a peer's plan of another era) pairs at the same
    level: the nearest thing to the place's own plans across eras."""
    own = [p for p in plans if p.kind != Plan.Kind.INTERPRETATION and p.era_id]
    if not own or len({p.era_id for p in own}) > 1:
        return []
    mine = own[0]
    peers = (
        Plan.objects.filter(jurisdiction__level=place.level)
        .exclude(jurisdiction=place)
        .exclude(era_id=mine.era_id)
        .exclude(era=None)
        .exclude(kind=Plan.Kind.INTERPRETATION)
        .select_related("jurisdiction", "era")
        .order_by("era__start_year", "jurisdiction__name")
    )
    return [
        (mine, peer) if mine.era.start_year < peer.era.start_year else (peer, mine)
        for peer in peers
    ]


def _plans_by_jurisdiction(plans) -> dict[int, list[Plan]]:
    plans = plans.select_related("era", "interprets").defer(*without_text("interprets"))
    plans = plans.annotate(section_count=Count("sections"))
    grouped: dict[int, list[Plan]] = {}
    # An undated plan last on every database (SQLite sorts NULL first, PostgreSQL last).
    by_date = plans.order_by("era__start_year", F("issued").asc(nulls_last=True), "title")
    for p in by_date:
        grouped.setdefault(p.jurisdiction_id, []).append(p)
    return {pk: _interpretations_after_their_plans(found) for pk, found in grouped.items()}


def _interpretations_after_their_plans(plans: list[Plan]) -> list[Plan]:
    """An interpretation right after the plan it interprets, as the compare picker offers it,
    not before it for want of a date of its own."""
    listed = {p.pk for p in plans}
    readings: dict[int, list[Plan]] = {}
    for p in plans:
        if p.interprets_id in listed:
            readings.setdefault(p.interprets_id, []).append(p)
    ordered = []
    for p in plans:
        if p.interprets_id not in listed:
            ordered += [p, *readings.get(p.pk, [])]
    return ordered


def _timeline(plans: list[Plan]) -> list[tuple[Plan, Plan | None]]:
    """The place's plans by date (interpretations aside), each with the one before it."""
    dated = sorted(
        (p for p in plans if p.kind != Plan.Kind.INTERPRETATION),
        key=lambda p: (p.issued is None, p.issued or p.imported_at.date()),
    )
    return [(p, dated[i - 1] if i else None) for i, p in enumerate(dated)]


def _by_era(plans: list[Plan]) -> list[tuple[str, list[Plan]]]:
    """Plans grouped by planning period, oldest first; plans without one come last."""
    ordered = sorted(plans, key=lambda p: (p.era is None, p.era.start_year if p.era else 0))
    return [
        (str(era) if era else _("未标明规划期"), list(group))
        for era, group in groupby(ordered, key=lambda p: p.era)
    ]


def _levels(jurisdictions: list[Jurisdiction], plans: dict[int, list[Plan]]) -> list[dict]:
    """Jurisdictions by level, each with its chain of parents and its plans by era."""
    by_pk = {j.pk: j for j in jurisdictions}
    for j in jurisdictions:
        chain, parent_id = [], j.parent_id
        while parent_id is not None and parent_id in by_pk:
            chain.append(by_pk[parent_id])
            parent_id = by_pk[parent_id].parent_id
        j.chain = chain[::-1]
        j.eras = _by_era(plans.get(j.pk, []))
        j.plan_count = len(plans.get(j.pk, []))
    levels = []
    for value, label in Jurisdiction.Level.choices:
        members = [j for j in jurisdictions if j.level == value]
        # A place listed only as the parent of another's plans comes after those with plans.
        members.sort(key=lambda j: (not j.plan_count, _in_order(j, [c.name for c in j.chain])))
        if members:
            levels.append({"value": value, "label": label, "jurisdictions": members})
    return levels


# Places in the order of their administrative-division codes (北京 11, 山西 14, 江苏 32, 湖南
# 43, 云南 53), as official lists of places run and a reader in China expects; a code also keeps
# a prefecture beside its province's others. A place without one comes after.
_DIVISION_ORDER = (
    Case(When(division_code="", then=Value(1)), default=Value(0)),
    "division_code",
    "name",
)


def _in_order(place: Jurisdiction, chain: list[str] = ()) -> tuple:
    """A sort key keeping the database's division-code order (``_DIVISION_ORDER``) of the places
    with a code, and putting a place the table does not know after them, by its parents' names
    and its own (in Python: a database's collation may order Chinese names otherwise)."""
    return () if place.division_code else (list(chain), place.name)
