"""Reading a plan: its page (the outline folded, one chapter open, or read whole, with what
it cites, who leads, the plans above it) and a section's page, each serving its htmx fragment on
the same URL."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from plans.citing import documents_cited
from plans.hierarchy import higher_plans
from plans.messages import translated_all
from plans.models import Plan, Section, without_text
from plans.views._common import PLACE_CHAIN
from web.fragments import wants_fragment

# Flags the parser sets on a section, as the badges a reader sees.
BADGES = {
    "mojibake": ("bad", gettext_lazy("乱码")),
    "implied": ("implied", gettext_lazy("补充")),
    "image_only": ("image", gettext_lazy("仅图片")),
    "no_structure": ("plain", gettext_lazy("无结构")),
    # Text OCR read from a scanned page: recognised, not published, so it may hold misreadings.
    "ocr": ("ocr", gettext_lazy("OCR 识别")),
}


@require_safe
@vary_on_headers("HX-Request")
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(
        Plan.objects.select_related("era", "interprets", f"jurisdiction__{PLACE_CHAIN}").defer(
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
    if wants_fragment(request):
        return render(request, "plans/plan.html#outline", context)
    else:
        context["interpretations"] = plan.interpretations.all()
        context["higher"] = higher_plans(plan)
        context["cited"] = documents_cited(plan)
        context["duties"] = _duties(plan, request.GET.get("lead", "").strip()[:60])
        context["warnings"] = translated_all(plan.warnings)
        return render(request, "plans/plan.html", context)


@require_safe
@vary_on_headers("HX-Request")
def section(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    # The plan's place and those above it too: the counterparts panel tells plans above it.
    sections = Section.objects.select_related(f"plan__jurisdiction__{PLACE_CHAIN}").defer(
        *without_text("plan")
    )
    section = get_object_or_404(sections, pk=pk, plan__slug=slug)
    plan = section.plan
    simplified = _wants_simplified(request, plan)
    children = _children_of([section.pk], plan, simplified=simplified).get(section.pk, [])
    context = {"section": section, "children": children, "simplified": simplified}
    if wants_fragment(request):
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
    # A plan that names no lead, only 责任单位 (重庆's measures), is summarised by those.
    responsible = not leads
    return {
        "lead": lead,
        "leads": (bodies if responsible else leads).most_common(8),
        "responsible": responsible,
        "bodies": sorted(bodies.items()),
        "found": [s for s in named if s.names_body(lead)] if lead else [],
    }


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
