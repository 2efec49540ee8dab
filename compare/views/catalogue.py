"""One plan against the whole catalogue, in the browser: start a run, wait, read what it found.

Curators and staff start a run from a plan's page (a run spans the whole catalogue, so it is
not offered to anonymous readers, who read the latest run's results). One URL serves the page,
its waiting state (polled by htmx) and its filtered results.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRefresh

from compare.catalogue.results import LIKELY, POSSIBLE, run_results
from compare.catalogue.running import reap_dead_catalogue_runs
from compare.models import CatalogueRun
from compare.runs.opening import WORKING, may_start_catalogue_run, open_catalogue_run
from plans.models import Jurisdiction, Plan
from web.fragments import wants_fragment
from web.refusals import busy_page


class CatalogueFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=gettext_lazy("层级"),
        required=False,
        choices=[("", gettext_lazy("所有层级")), *Jurisdiction.Level.choices],
    )
    province = forms.ModelChoiceField(
        label=gettext_lazy("省份"),
        required=False,
        queryset=Jurisdiction.objects.filter(level=Jurisdiction.Level.PROVINCE).order_by("name"),
        to_field_name="slug",
        empty_label=gettext_lazy("所有省份"),
    )

    def __init__(self, data, *, plan: Plan) -> None:
        super().__init__(data)
        # Only a province holding another plan (its own, a city's, a county's): the plan's
        # own province, where it is the one plan, would filter to nothing.
        others = Plan.objects.exclude(pk=plan.pk)
        self.fields["province"].queryset = (
            self.fields["province"]
            .queryset.filter(
                Q(plans__in=others)
                | Q(children__plans__in=others)
                | Q(children__children__plans__in=others)
            )
            .distinct()
        )


@require_safe
@vary_on_headers("HX-Request")
def catalogue(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("jurisdiction", "era"), slug=slug)
    run = CatalogueRun.objects.filter(plan=plan).order_by("-started_at", "-pk").first()
    # The waiting page asks every 2 s: a run whose worker died (or whose job never took it)
    # shows as failed.
    if run is not None and run.status in WORKING and reap_dead_catalogue_runs():
        run.refresh_from_db()
    if run is not None:
        run.plan = plan
    if request.htmx and request.htmx.target == "catalogue-status" and run and run.status == "done":
        return HttpResponseClientRefresh()  # the results replace the whole waiting page
    form = CatalogueFilterForm(request.GET, plan=plan)
    filters = form.cleaned_data if form.is_valid() else {"level": "", "province": None}
    context = {
        "plan": plan,
        "run": run,
        "working": run is not None and run.status in WORKING,
        "form": form,
        "may_start": may_start_catalogue_run(request.user),
        "likely": LIKELY,
        "possible": POSSIBLE,
    }
    if run is not None and run.status == CatalogueRun.Status.DONE:
        context["found"] = run_results(run, level=filters["level"], province=filters["province"])
    template = "compare/catalogue.html"
    if wants_fragment(request):
        target = request.htmx.target
        template += "#status" if target == "catalogue-status" else "#results"
    return render(request, template, context)


@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    """Queue a run of the plan against the catalogue (curators and staff; one at a time). The
    run builds the catalogue index in its job, so the click answers at once."""
    plan = get_object_or_404(Plan, slug=slug)
    opening = open_catalogue_run(plan, request)
    if opening.state == "busy":
        return busy_page(request)
    if opening.refused:
        return HttpResponse(opening.reason, status=403)
    return redirect("compare:catalogue", slug=plan.slug)
