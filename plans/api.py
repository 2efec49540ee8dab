"""The read-only JSON API for plans and sections (GET only; shapes are a contract)."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from plans.exporting import plan_as_dict
from plans.models import Plan, Section, Target, without_text

# One line per endpoint, as the index lists them.
ENDPOINTS = [
    ("/api/", "this list of endpoints"),
    ("/api/plans/", "every imported plan: metadata, number of sections, page and API URLs"),
    ("/api/plans/<slug>/", "one plan with all its sections in document order (export_plan)"),
    (
        "/api/plans/<slug>/sections/<id>/",
        "one section: its text, parent, children and quantitative targets",
    ),
    (
        "/api/compare/?plans=<slug>,<slug>[,<slug>,<slug>]",
        "the rows of a comparison of two to four aligned plans and the links between them; "
        "filters chapter, min, differ=1, part=goals|tasks, unique=1 as on the compare page",
    ),
]


def read_only(view):
    """GET and HEAD only; any other method is 405 with Allow, as the README promises.

    Exempt from the CSRF check, which would otherwise answer a POST without a token 403 before
    the method is looked at: an endpoint that changes nothing has nothing to forge.
    """
    return csrf_exempt(require_safe(view))


def json_response(data: dict, *, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def json_error(message: str, *, status: int, **extra) -> JsonResponse:
    return json_response({"error": message, **extra}, status=status)


@read_only
def index(request: HttpRequest) -> JsonResponse:
    return json_response(
        {"endpoints": [{"url": url, "description": text} for url, text in ENDPOINTS]}
    )


@read_only
def plans(request: HttpRequest) -> JsonResponse:
    rows = (
        Plan.objects.select_related("jurisdiction__parent", "era")
        .annotate(section_count=Count("sections"))
        .order_by("jurisdiction__name", "issued", "slug")
    )
    return json_response({"plans": [_summary(p) for p in rows]})


@read_only
def plan(request: HttpRequest, slug: str) -> JsonResponse:
    found = (
        Plan.objects.select_related("jurisdiction__parent", "era", "interprets")
        .defer(*without_text("interprets"))
        .filter(slug=slug)
        .first()
    )
    if found is None:
        return _no_plan(slug)
    return json_response({**plan_as_dict(found), "url": found.get_absolute_url()})


@read_only
def section(request: HttpRequest, slug: str, pk: int) -> JsonResponse:
    sections = Section.objects.select_related("plan").defer(*without_text("plan"))
    found = sections.filter(pk=pk, plan__slug=slug).first()
    if found is None:
        if not Plan.objects.filter(slug=slug).exists():
            return _no_plan(slug)
        plan_api = reverse("plans:api_plan", args=[slug])
        return json_error(
            f"plan {slug!r} has no section {pk}; its section ids are listed at {plan_api}",
            status=404,
        )
    children = Section.objects.filter(parent=found).order_by("order").values_list("pk", flat=True)
    return json_response(
        {
            "id": found.pk,
            "plan": found.plan.slug,
            "parent_id": found.parent_id,
            "depth": found.depth,
            "kind": found.kind,
            "label": found.label,
            "title": found.title,
            "text": found.body,
            "text_simplified": found.body_simplified,
            "implied": found.implied,
            "flags": found.flags,
            "url": found.get_absolute_url(),
            "children": list(children),
            "targets": [_target(t) for t in Target.objects.filter(section=found)],
        }
    )


def _summary(plan: Plan) -> dict:
    j, era = plan.jurisdiction, plan.era
    return {
        "slug": plan.slug,
        "title": plan.title,
        "source": plan.source,
        "jurisdiction": {
            "name": j.name,
            "slug": j.slug,
            "level": j.level,
            "parent": j.parent.name if j.parent else None,
        },
        "era": {"name": era.name, "start": era.start_year, "end": era.end_year} if era else None,
        "doc_number": plan.doc_number,
        "issuer": plan.issuer,
        "issuers": plan.issuer_names,
        "issued": plan.issued.isoformat() if plan.issued else None,
        "kind": plan.kind,
        "script": plan.script,
        "sections": plan.section_count,
        "url": plan.get_absolute_url(),
        "api": reverse("plans:api_plan", args=[plan.slug]),
    }


def _target(t: Target) -> dict:
    """The export_targets shape."""
    return {
        "section_id": t.section_id,
        "indicator": t.indicator,
        "value": t.value,
        "unit": t.unit,
        "comparator": t.comparator,
        "deadline": t.deadline,
        "scope": t.scope,
        "text": t.text,
    }


def _no_plan(slug: str) -> JsonResponse:
    listing = reverse("plans:api_plans")
    return json_error(f"no plan with slug {slug!r}; the plans are listed at {listing}", status=404)
