"""The read-only JSON API for comparisons (GET only). It never starts an alignment; a client
past its anonymous cap is told so with 429, as the pages tell it."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation

from compare.exports.comparison import comparison_as_dict
from compare.forms import CompareForm
from compare.models import SectionLink
from compare.reading.caching import KEEP_SECONDS, alignment_version, cached_comparison
from compare.runs.opening import open_alignment
from compare.serializers import link_as_dict
from plans.api import json_error, json_response, read_only
from plans.models import Plan
from web.costly import costly
from web.jobqueue import BUSY_RETRY_AFTER
from web.pagecache import cache_shared_page
from web.refusals import asking_to_wait

# What a client may send; everything else in the query string is ignored.
PARAMS = ("plans", "chapter", "min", "differ", "part", "unique", "q", "lead")


@read_only
@cache_shared_page(version=alignment_version)
def compare(request: HttpRequest) -> JsonResponse:
    data = {k: request.GET[k] for k in PARAMS if k in request.GET}
    if "plans" in data:  # ?plans=a&plans=b means the same as ?plans=a,b
        data["plans"] = ",".join(request.GET.getlist("plans"))
    form = CompareForm(data)
    if not form.is_valid():
        return _invalid(form)
    plans = form.cleaned_data["plans"]
    opening = open_alignment(plans, request, start=False)
    if opening.state != "ready":
        if opening.state == "busy":
            return busy(opening.reason)
        return _not_aligned(form, plans, opening.state, opening.run)
    version = alignment_version()
    key = "api-compare:" + hashlib.sha1(f"{version}|{form.query()}".encode()).hexdigest()
    body = cache.get(key)
    if body is None:  # built once per version of the alignment, bounded as ?format=json is
        return costly(request, lambda: _built(key, plans, form, version))
    return HttpResponse(body, content_type="application/json")


def _built(key: str, plans: list[Plan], form: CompareForm, version: str) -> HttpResponse:
    """The comparison's JSON, kept under ``key`` and served as is until the alignment changes."""
    data = comparison_as_dict(cached_comparison(plans, form.filters(), version=version))
    data["links"] = _links(plans)
    body = json_response(data).content
    cache.set(key, body, KEEP_SECONDS)
    return HttpResponse(body, content_type="application/json")


def _links(plans: list[Plan]) -> list[dict]:
    """The links a reader sees between ``plans``; ``left`` is the section of the plan that comes
    first in the column order."""
    column = {p.pk: i for i, p in enumerate(plans)}
    stored = (
        SectionLink.objects.between(plans)
        .shown()
        .only("id", "left_id", "right_id", "score", "status", "reason")
        .annotate(left_plan=F("left__plan_id"), right_plan=F("right__plan_id"))
    )
    links = []
    for link in stored:
        left, right = link.left_id, link.right_id
        if column[link.right_plan] < column[link.left_plan]:
            left, right = right, left
        links.append(link_as_dict(link, left=left, right=right, pk=link.pk))
    return links


def _invalid(form: CompareForm) -> JsonResponse:
    errors = {field: [str(e) for e in messages] for field, messages in form.errors.items()}
    unknown = form.unknown_slugs
    if unknown:
        listing = reverse("plans:api_plans")
        return json_error(
            f"no plan with slug {', '.join(map(repr, unknown))}; the plans are listed at {listing}",
            status=404,
            errors=errors,
        )
    summary = "; ".join(f"{field}: {' '.join(texts)}" for field, texts in errors.items())
    return json_error(
        f"bad parameters ({summary}); expected plans=<slug>,<slug>[,<slug>,<slug>] and "
        "optionally chapter=<section id>, min=<0..1>, differ=1, part=goals|tasks, unique=1, "
        "q=<up to 5 words>, lead=<part of a body's name, up to 60 characters>",
        status=400,
        errors=errors,
    )


def _not_aligned(form: CompareForm, plans: list[Plan], state: str, run) -> JsonResponse:
    slugs = [p.slug for p in plans]
    page = f"{reverse('compare:compare')}?{form.query(row=None)}"
    command = f"python manage.py align {' '.join(slugs)}"
    if state == "capped":
        return capped(page, command)
    if state == "running":
        message = f"these plans are being aligned now; try again shortly (progress: {page})"
    elif state == "failed":
        page += "&retry=1"
        message = (
            f"the last alignment of these plans failed ({run.error or 'no error recorded'}); "
            f"open {page} to try again, or run `{command}`"
        )
    else:
        message = (
            "these plans have never been aligned, and the API does not start an alignment: "
            f"open {page} (it aligns them in the background) or run `{command}`"
        )
    return json_error(message, status=409, state=state, page=page, command=command)


def capped(page: str, command: str) -> JsonResponse:
    """429 for a plan set this client may not have aligned now: its page would refuse it too."""
    return json_error(
        "these plans have never been aligned, and aligning them would take this client past the "
        f"pairs of plans it may have aligned in an hour ({settings.ANON_ALIGNMENTS_PER_HOUR}), "
        f"n plans counting n(n-1)/2 pairs: try {page} again later, or ask a curator to run "
        f"`{command}`",
        status=429,
        state="capped",
        pairs_per_hour=settings.ANON_ALIGNMENTS_PER_HOUR,
        page=page,
        command=command,
    )


def busy(reason) -> JsonResponse:
    """503 while JOB_MAX_WAITING jobs wait: the page would refuse to start the alignment too."""
    with translation.override("en"):
        message = str(reason)
    return asking_to_wait(
        json_error(message, status=503, state="busy", retry_after=BUSY_RETRY_AFTER)
    )
