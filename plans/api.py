"""The read-only JSON API for plans and sections (GET only; shapes are a contract)."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from plans.models import Plan, Section, Target, without_text
from plans.serializers import plan_detail_as_dict, plan_summary_as_dict, section_detail_as_dict

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
        "filters chapter, min, differ=1, part=goals|tasks, unique=1, q (a topic) and lead (a "
        "leading body) as on the compare page",
    ),
    (
        "/api/coverage/?upper=<upper>&lower=<lower>",
        "the coverage (上下衔接) report of a lower plan against a higher one, two aligned plans: "
        "each upper item's verdict, reason and evidence, and the lower plan's own additions",
    ),
    (
        "/api/evolution/?from=<earlier>&to=<later>",
        "how a plan changed from an earlier one, two aligned plans: themes kept, dropped and "
        "new, and indicators paired across the two",
    ),
]


def read_only(view):
    """GET and HEAD only; any other method is 405 with Allow, as docs/api.md promises.

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
    return json_response({"plans": [plan_summary_as_dict(p) for p in rows]})


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
    return json_response(plan_detail_as_dict(found))


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
    targets = list(Target.objects.filter(section=found))
    return json_response(section_detail_as_dict(found, children=list(children), targets=targets))


def _no_plan(slug: str) -> JsonResponse:
    listing = reverse("plans:api_plans")
    return json_error(f"no plan with slug {slug!r}; the plans are listed at {listing}", status=404)
