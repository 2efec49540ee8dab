from __future__ import annotations

import csv
from datetime import timedelta
from urllib.parse import parse_qsl

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import HttpResponseClientRefresh

from compare import curating
from compare.aligning import alignment_status, start_alignment
from compare.comparing import build_comparison
from compare.exporting import comparison_as_dict, comparison_rows
from compare.forms import CompareForm, SaveForm
from compare.models import AlignmentRun, SavedComparison, SectionLink
from config.clients import client_id
from plans.models import Plan

CURATION = {
    "confirm": curating.confirm_link,
    "reject": curating.reject_link,
    "reopen": curating.reopen_link,
}


@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    if not any(request.GET.getlist("plans")):
        return _picker(request, CompareForm())
    form = CompareForm(request.GET)
    if not form.is_valid():
        return _picker(request, form, status=400)
    if len(request.GET.getlist("plans")) > 1:  # picker columns: one canonical URL to share
        return redirect(f"{reverse('compare:compare')}?{form.query()}")
    return _comparison(request, form)


@require_safe
def saved(request: HttpRequest, code: str) -> HttpResponse:
    share = get_object_or_404(SavedComparison, code=code)
    form = CompareForm({**dict(parse_qsl(share.query)), **_row(request), "plans": share.plans})
    if not form.is_valid():
        return _picker(request, form, status=410)
    return _comparison(request, form, saved=share)


@require_POST
def save(request: HttpRequest) -> HttpResponse:
    form = SaveForm(request.POST)
    if not form.is_valid():
        return _picker(request, CompareForm({"plans": request.POST.get("plans", "")}), status=400)
    share = form.save(commit=False)
    share.created_by = request.user if request.user.is_authenticated else None
    share.save()
    return redirect(share)


@require_POST
def curate(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, reject or reopen a link from the compare page (curators only)."""
    if not curating.is_curator(request.user):
        return HttpResponse(_("只有校对人员可以修改对应关系。"), status=403)
    link = get_object_or_404(SectionLink, pk=pk)
    action = CURATION.get(request.POST.get("action", ""))
    if action is None:
        return HttpResponse(_("未知操作：请用 confirm、reject 或 reopen。"), status=400)
    try:
        action(link, actor=request.user, note=request.POST.get("note", ""))
    except curating.CurationError as exc:
        messages.error(request, str(exc))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("compare:compare")
    return redirect(back)


def _comparison(request, form: CompareForm, *, saved: SavedComparison | None = None):
    plans = form.cleaned_data["plans"]
    state, run = alignment_status(plans)
    if state == "missing" or (state == "failed" and "retry" in request.GET):
        if not may_start_alignment(request):
            context = {"form": form, "plans": plans, "state": "capped", "run": None}
            return render(request, "compare/waiting.html", context, status=429)
        start_alignment(plans, actor=_actor(request), client=client_id(request))
        state, run = alignment_status(plans)  # aligned already when not in the background
    polling = request.htmx and request.htmx.trigger == "waiting"
    if state != "ready":
        context = {"form": form, "plans": plans, "state": state, "run": run}
        template = "compare/waiting.html#status" if polling else "compare/waiting.html"
        return render(request, template, context, status=202)
    if polling:  # the run finished: the waiting page reloads itself as the comparison
        return HttpResponseClientRefresh()
    if form.cleaned_data.get("tab") == "goals":
        return _goals_tab(request, form, plans, saved)
    comparison = build_comparison(plans, form.filters())
    if request.GET.get("format") == "json":
        return JsonResponse(
            comparison_as_dict(comparison), json_dumps_params={"ensure_ascii": False}
        )
    if request.GET.get("format") == "csv":
        return _csv(comparison)
    context = {
        "form": form,
        "comparison": comparison,
        "saved": saved,
        "curator": saved is None and curating.is_curator(request.user),
        "save_form": SaveForm(
            initial={"plans": ",".join(p.slug for p in plans), "query": form.query(plans="")}
        ),
    }
    template = "compare/compare.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#row" if form.cleaned_data.get("row") else "#rows"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _actor(request):
    return request.user if request.user.is_authenticated else None


def may_start_alignment(request) -> bool:
    """Curators and staff start any number of alignments; anyone else a few new plan sets an
    hour (ANON_ALIGNMENTS_PER_HOUR), counted by client in the runs themselves."""
    user = request.user
    if user.is_staff or curating.is_curator(user):
        return True
    since = timezone.now() - timedelta(hours=1)
    started = AlignmentRun.objects.filter(client=client_id(request), started_at__gte=since)
    return started.count() < settings.ANON_ALIGNMENTS_PER_HOUR


def _goals_tab(request, form, plans, saved) -> HttpResponse:
    """The plans' quantitative and qualitative goals side by side (plans.goals)."""
    from plans.goals import goal_table

    context = {"form": form, "plans": plans, "goals": goal_table(plans), "saved": saved}
    template = "compare/goals_tab.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#panel"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _row(request) -> dict[str, str]:
    return {"row": request.GET["row"]} if request.GET.get("row") else {}


def _picker(request, form: CompareForm, *, status: int = 200) -> HttpResponse:
    plans = Plan.objects.for_picker()
    context = {"form": form, "plans": plans, "first": request.GET.get("first", "")}
    return render(request, "compare/pick.html", context, status=status)


def _csv(comparison) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    slugs = "-".join(p.slug for p in comparison.plans)
    response["Content-Disposition"] = f'attachment; filename="duizhao-{slugs}.csv"'
    response.write("\ufeff")  # spreadsheet programs read UTF-8 CSV right only with a BOM
    csv.writer(response).writerows(comparison_rows(comparison))
    return response
