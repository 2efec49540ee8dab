from __future__ import annotations

import functools
from collections import Counter
from itertools import groupby

from django.conf import settings
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from plans import searching
from plans.choosing import plans_to_offer
from plans.citing import documents_cited
from plans.hierarchy import higher_plans
from plans.models import Jurisdiction, Plan, Section, without_text
from web.pagecache import cache_shared_page, read_once_per_page

# Flags the parser sets on a section, as the badges a reader sees.
BADGES = {
    "mojibake": ("bad", gettext_lazy("乱码")),
    "implied": ("implied", gettext_lazy("补充")),
    "image_only": ("image", gettext_lazy("仅图片")),
    "no_structure": ("plain", gettext_lazy("无结构")),
    # Text OCR read from a scanned page: recognised, not published, so it may hold misreadings.
    "ocr": ("ocr", gettext_lazy("OCR 识别")),
}
# A county's chain up to the national level is three parents deep: fetch it with the row.
_CHAIN = "parent__parent__parent"


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
    if _wants_fragment(request) and region:
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
    jurisdictions = list(Jurisdiction.objects.annotate(plan_count=Count("plans")).order_by())
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
    found = sorted(groups.values(), key=lambda g: (rank[g["place"].level], g["place"].name))
    for group in found:
        group["counts"] = [
            (labels[level], group["counts"][level])
            for level in Jurisdiction.Level.values
            if group["counts"].get(level)
        ]
    return [g for g in found if g["total"]]


@require_safe
def jurisdiction(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Jurisdiction.objects.select_related(_CHAIN), slug=slug)
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


@require_safe
@vary_on_headers("HX-Request")
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(
        Plan.objects.select_related("era", "interprets", f"jurisdiction__{_CHAIN}").defer(
            *without_text("interprets")
        ),
        slug=slug,
    )
    simplified = _wants_simplified(request, plan)
    # Read whole, a very long plan costs seconds and megabytes per request to anyone who asks:
    # above the bound the reader opens it chapter by chapter instead.
    too_long = plan.text_chars > settings.PLAN_WHOLE_MAX_CHARS
    whole = request.GET.get("expand") == "all" and not too_long
    if whole:
        roots = _whole_outline(plan, simplified=simplified)
    else:
        roots = _outline(plan, _open_chain(request, plan), simplified=simplified)
    context = {
        "plan": plan,
        "simplified": simplified,
        "script_links": _script_links(request, plan),
        "roots": roots,
        "whole": whole,
        "too_long": too_long,
        "whole_refused": too_long and request.GET.get("expand") == "all",
        "outline_links": _outline_links(request),
        "print_now": whole and request.GET.get("print") == "1",
    }
    if _wants_fragment(request):
        return render(request, "plans/plan.html#outline", context)
    else:
        context["interpretations"] = plan.interpretations.all()
        context["higher"] = higher_plans(plan)
        context["cited"] = documents_cited(plan)
        context["duties"] = _duties(plan, request.GET.get("lead", "").strip()[:60])
        return render(request, "plans/plan.html", context)


@require_safe
@vary_on_headers("HX-Request")
def section(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    # The plan's place and those above it too: the counterparts panel tells plans above it.
    sections = Section.objects.select_related(f"plan__jurisdiction__{_CHAIN}").defer(
        *without_text("plan")
    )
    section = get_object_or_404(sections, pk=pk, plan__slug=slug)
    plan = section.plan
    simplified = _wants_simplified(request, plan)
    children = _children_of([section.pk], plan, simplified=simplified).get(section.pk, [])
    context = {"section": section, "children": children, "simplified": simplified}
    if _wants_fragment(request):
        return render(request, "plans/section.html#children", context)
    else:
        ancestors = _ancestors(section)
        _decorate([section], plan, simplified=simplified)
        _decorate_links(ancestors, plan, simplified=simplified)
        context |= {
            "plan": plan,
            "ancestors": ancestors,
            "script_links": _script_links(request, plan),
        }
        return render(request, "plans/section.html", context)


def _duties(plan: Plan, lead: str) -> dict | None:
    """The plan's bodies (most often leading first) and the sections ``lead`` names; None when
    the plan names no one."""
    named = list(
        Section.objects.filter(Q(duties__isnull=False) | Q(kind=Section.Kind.BOX), plan=plan)
        .order_by("order")
        .only("id", "plan", "order", "kind", "label", "title", "duties", "projects")
    )
    for s in named:
        s.plan = plan  # its URL needs the slug: no query per section
    named = [s for s in named if s.duty_bodies]
    if not named:
        return None
    leads = Counter(b for s in named for b in (s.duties or {}).get("lead", []))
    leads.update(b for s in named for p in s.projects for b in p.get("lead", []))
    bodies = Counter(b for s in named for b in s.duty_bodies)
    return {
        "lead": lead,
        "leads": leads.most_common(8),
        "bodies": sorted(bodies.items()),
        "found": [s for s in named if s.names_body(lead)] if lead else [],
    }


def _wants_fragment(request: HttpRequest) -> bool:
    # htmx restoring a page it has no snapshot of needs the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request


def _plans_by_jurisdiction(plans) -> dict[int, list[Plan]]:
    plans = plans.select_related("era", "interprets").defer(*without_text("interprets"))
    plans = plans.annotate(section_count=Count("sections"))
    grouped: dict[int, list[Plan]] = {}
    for p in plans.order_by("era__start_year", "issued", "title"):
        grouped.setdefault(p.jurisdiction_id, []).append(p)
    return grouped


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
        members.sort(key=lambda j: ([c.name for c in j.chain], j.name))
        if members:
            levels.append({"value": value, "label": label, "jurisdictions": members})
    return levels


def _wants_simplified(request: HttpRequest, plan: Plan) -> bool:
    return plan.is_traditional and request.GET.get("script") == "simplified"


def _script_links(request: HttpRequest, plan: Plan) -> list[dict]:
    """The original/simplified switch for a traditional plan; none for a simplified one."""
    if not plan.is_traditional:
        return []
    current = "simplified" if _wants_simplified(request, plan) else "original"
    links = []
    for value, label in (("original", _("原文（繁体）")), ("simplified", _("简体"))):
        query = request.GET.copy()
        query.pop("script", None)
        if value == "simplified":
            query["script"] = "simplified"
        links.append(
            {
                "label": label,
                "url": f"{request.path}?{query.urlencode()}" if query else request.path,
                "current": value == current,
            }
        )
    return links


def _open_chain(request: HttpRequest, plan: Plan) -> list[Section]:
    """The section named by ?open= and its ancestors, root first; 404 if not in this plan."""
    raw = request.GET.get("open", "")
    if not raw:
        return []
    # Ids are database integers: 18 digits at most (a longer one is no id, and int() of
    # thousands of digits raises).
    if not (raw.isdigit() and len(raw) <= 18):
        raise Http404("open= must be a section id")
    section = get_object_or_404(Section, pk=int(raw), plan=plan)
    return [*_ancestors(section), section]


def _ancestors(section: Section) -> list[Section]:
    """The sections above ``section``, root first, in one query."""
    if section.parent_id is None:
        return []
    fields = ("plan", "parent", "order", "depth", "kind", "label", "title", "title_simplified")
    earlier = (
        Section.objects.filter(
            plan_id=section.plan_id, order__lt=section.order, depth__lt=section.depth
        )
        .only(*fields)
        .order_by()
    )
    by_pk = {s.pk: s for s in earlier}
    chain, parent_id = [], section.parent_id
    while parent_id in by_pk:
        chain.append(by_pk[parent_id])
        parent_id = by_pk[parent_id].parent_id
    return chain[::-1]


def _outline(plan: Plan, open_chain: list[Section], *, simplified: bool) -> list[Section]:
    """Root sections; the ones on ``open_chain`` open, with their children loaded."""
    open_pks = [s.pk for s in open_chain]
    sections = Section.objects.for_plan(plan).filter(parent__isnull=True)
    roots = list(sections.annotate(child_count=Count("children")))
    _decorate(roots, plan, simplified=simplified)
    children = _children_of(open_pks, plan, simplified=simplified) if open_pks else {}
    for node in [*roots, *(c for group in children.values() for c in group)]:
        if node.pk in children:
            node.is_open = True
            node.loaded_children = children[node.pk]
    return roots


def _whole_outline(plan: Plan, *, simplified: bool) -> list[Section]:
    """Every section open, its text and its children shown: the plan read whole, in one query."""
    rows = list(Section.objects.for_plan(plan).annotate(child_count=Count("children")))
    _decorate(rows, plan, simplified=simplified)
    by_pk = {s.pk: s for s in rows}
    roots = []
    for row in rows:  # document order: a parent comes before its children
        row.is_open = True
        parent = by_pk.get(row.parent_id)
        if parent is None:
            roots.append(row)
        else:
            parent.loaded_children.append(row)
    return roots


def _outline_links(request: HttpRequest) -> dict[str, str]:
    """Addresses of the outline read whole, folded again, and read whole to print; the
    script asked for is kept."""
    query = request.GET.copy()
    for name in ("expand", "open", "print"):
        query.pop(name, None)
    folded = f"?{query.urlencode()}" if query else request.path
    query["expand"] = "all"
    whole = f"?{query.urlencode()}"
    query["print"] = "1"
    return {"whole": whole, "folded": folded, "print": f"?{query.urlencode()}"}


def _children_of(pks: list[int], plan: Plan, *, simplified: bool) -> dict[int, list[Section]]:
    rows = list(
        Section.objects.filter(parent_id__in=pks)
        .annotate(child_count=Count("children"))
        .order_by("order")
    )
    _decorate(rows, plan, simplified=simplified)
    grouped: dict[int, list[Section]] = {pk: [] for pk in pks}
    for row in rows:
        grouped[row.parent_id].append(row)
    return grouped


def _decorate_links(sections: list[Section], plan: Plan, *, simplified: bool) -> None:
    """Attach each section's heading and URLs, in the script the reader asked for."""
    script = {"script": "simplified"} if simplified else {}
    query = f"?{urlencode(script)}" if script else ""
    plan_url = plan.get_absolute_url()
    for s in sections:
        s.plan = plan  # every URL below needs the plan's slug; no query per section
        title = s.title_simplified if simplified and s.title_simplified else s.title
        heading = s.heading
        s.display_heading = heading.removesuffix(s.title) + title if s.title else heading
        s.url = s.get_absolute_url() + query
        s.open_url = f"{plan_url}?{urlencode({'open': s.pk, **script})}#{s.anchor}"


def _decorate(sections: list[Section], plan: Plan, *, simplified: bool) -> None:
    """Attach what an outline node shows: heading, links, paragraphs, badges."""
    _decorate_links(sections, plan, simplified=simplified)
    for s in sections:
        body = s.body_simplified if simplified and s.body_simplified else s.body
        s.paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
        flags = dict.fromkeys([*s.flags, *(["implied"] if s.implied else [])])
        s.badges = [BADGES[f] for f in flags if f in BADGES]
        s.is_open = False
        s.loaded_children = []


# --- Goals: quantitative targets and goal paragraphs of several plans side by side ---


@require_safe
def goals(request: HttpRequest) -> HttpResponse:
    from plans.goals import GoalsForm, goal_table

    # ?plans=a,b from a link, or ?plans=a&plans=b from the checkboxes of the form below.
    form = GoalsForm({"plans": ",".join(request.GET.getlist("plans"))})
    if not form.is_valid():
        return _goals_error(request, form, status=400)
    slugs = form.cleaned_data["plans"]
    found = {
        p.slug: p for p in Plan.objects.filter(slug__in=slugs).select_related("jurisdiction", "era")
    }
    missing = [s for s in slugs if s not in found]
    if missing:
        form.add_error("plans", _("没有这些规划：%(slugs)s。") % {"slugs": "、".join(missing)})
        return _goals_error(request, form, status=404)
    context = {"form": form, "table": goal_table([found[s] for s in slugs])}
    return render(request, "plans/goals.html", context)


def _goals_error(request: HttpRequest, form, *, status: int) -> HttpResponse:
    """The goals page with what was wrong and the plans there are to choose from."""
    choices = Plan.objects.order_by("slug").only("slug", "title")
    context = {"form": form, "choices": choices}
    return render(request, "plans/goals.html", context, status=status)


# --- Search: which sections of which plans mention some words ---


@require_safe
@cache_shared_page(version=lambda: catalogue_version())
@vary_on_headers("HX-Request")
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    terms = searching.terms_of(query)
    page = request.GET.get("page", "1")
    page = int(page) if page.isdigit() and len(page) < 6 else 1
    # ?plan=SLUG narrows to one plan and lists its sections, not only the first few.
    one = request.GET.get("plan", "")[:200]
    if one:
        found = searching.search(
            terms, Plan.objects.filter(slug=one), per_plan=searching.IN_ONE_PLAN
        )
    else:
        found = searching.search(terms, page=page)
    # The plans that say most about it, side by side: a comparison is one click away.
    most = [group.plan.slug for group in found.groups[:4]]
    context = {
        "query": query,
        "terms": terms,
        "one_plan": one,
        "results": found.groups,
        "total": found.total,
        "plan_count": found.plans,
        "page": found.page,
        "pages": found.pages,
        "page_links": _search_page_links(query, found) if not one else {},
        "compare_query": ",".join(most) if len(most) >= 2 and not one else "",
    }
    template = "plans/search.html#results" if _wants_fragment(request) else "plans/search.html"
    return render(request, template, context)


def _search_page_links(query: str, found: searching.Results) -> dict[str, str]:
    """URLs of the previous and next pages of plans, where there are some."""
    links = {}
    if found.page > 1:
        links["previous"] = "?" + urlencode({"q": query, "page": found.page - 1})
    if found.page < found.pages:
        links["next"] = "?" + urlencode({"q": query, "page": found.page + 1})
    return links
