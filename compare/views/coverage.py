"""Coverage (/coverage/?upper=&lower=) and evolution (/evolution/?from=&to=) reports.

One URL per report serves the page, its htmx fragment and its exports (?format=json, csv, docx,
xlsx). A pair never aligned is aligned in the background first, as the compare page does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRefresh

from compare.coverage.covering import ReportError, coverage_report, decide_coverage
from compare.coverage.evolution import evolution_report
from compare.curating import CURATE_PERMISSION, may_curate
from compare.exports import coverage as exporting
from compare.exports.formats import FORMATS, export_pending, unknown_format
from compare.forms import AddressCheckbox
from compare.runs.opening import open_alignment
from compare.views.api import busy, capped
from plans.api import json_error, json_response, read_only
from plans.hierarchy import higher_plans
from plans.models import Plan, Section
from web.costly import costly
from web.fragments import wants_fragment
from web.refusals import asking_to_wait, nul_refused


class PairForm(forms.Form):
    """Two plans by slug, under the names a report's address uses (upper/lower, from/to)."""

    gaps = forms.BooleanField(required=False, widget=AddressCheckbox)

    def __init__(self, data, *, names: tuple[str, str]):
        # Bound only when both plans are named: a half-filled address is the picker, prefilled.
        bound = data is not None and all(data.get(name) for name in names)
        super().__init__(data if bound else None, initial=dict(data.items()) if data else {})
        self.names = names
        for name in names:
            self.fields[name] = forms.SlugField(
                label=gettext_lazy("规划短名"),
                error_messages={"required": gettext_lazy("请选择一份规划。")},
            )

    def clean(self):
        data = super().clean()
        slugs = [data.get(name) for name in self.names]
        if not all(slugs):
            return data
        chain = "jurisdiction__parent__parent__parent"  # county to nation: relation() reads it
        found = Plan.objects.select_related(chain, "era").in_bulk(slugs, field_name="slug")
        for name, slug in zip(self.names, slugs, strict=True):
            if slug not in found:
                self.add_error(name, _("找不到短名为 %(slug)s 的规划。") % {"slug": slug})
            else:
                data[name] = found[slug]
        if not self.errors and slugs[0] == slugs[1]:
            self.add_error(self.names[1], _("请选两份不同的规划。"))
        return data


@dataclass(frozen=True)
class Report:
    """What sets one report apart; ``_report`` does the rest the same way for both."""

    name: str  # its address, picker and template: /coverage/, compare/coverage.html
    names: tuple[str, str]  # the address's two plans
    build: Callable[[Plan, Plan], object]
    export: Callable[[object, str], HttpResponse]
    as_dict: Callable[[object], dict]  # the API's JSON
    context: Callable[[object, dict, HttpRequest], dict]  # the page's own part


def _coverage_context(report, data: dict, request: HttpRequest) -> dict:
    return {
        "gaps": data["gaps"],
        "rows": report.gaps() if data["gaps"] else report.rows,
        "curator": may_curate(request.user),
    }


def _evolution_context(report, data: dict, request: HttpRequest) -> dict:
    return {
        "target_groups": exporting.evolution_target_groups(report),
        "same_era": exporting.same_era_notice(report) if report.same_era else "",
    }


COVERAGE = Report(
    "coverage",
    ("upper", "lower"),
    coverage_report,
    exporting.export,
    exporting.coverage_as_dict,
    _coverage_context,
)
EVOLUTION = Report(
    "evolution",
    ("from", "to"),
    evolution_report,
    exporting.export_evolution,
    exporting.evolution_as_dict,
    _evolution_context,
)


@require_safe
def coverage(request: HttpRequest) -> HttpResponse:
    return _report(request, COVERAGE)


@require_safe
def evolution(request: HttpRequest) -> HttpResponse:
    return _report(request, EVOLUTION)


@require_POST
@permission_required(CURATE_PERMISSION, raise_exception=True)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """A curator marks an upper item covered / missing for a lower plan, or clears that."""
    section = get_object_or_404(Section, pk=pk)
    lower = get_object_or_404(Plan, slug=request.POST.get("lower", ""))
    try:
        decide_coverage(
            section,
            lower,
            status=request.POST.get("status", ""),
            actor=request.user,
            note=request.POST.get("note", ""),
        )
    except ReportError as exc:
        messages.error(request, str(exc))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("compare:coverage") + f"?upper={section.plan.slug}&lower={lower.slug}"
    return redirect(back)


@read_only
def api_coverage(request: HttpRequest) -> HttpResponse:
    """The coverage report as JSON (read-only); 202 while the pair is being aligned."""
    return _api(request, COVERAGE)


@read_only
def api_evolution(request: HttpRequest) -> HttpResponse:
    return _api(request, EVOLUTION)


def _api(request, report: Report) -> HttpResponse:
    """The API's contract (docs/api.md): 400 bad parameters, 404 an unknown plan, 409 a
    pair not aligned yet (saying where to align it), 429 past the client's anonymous cap."""
    names = report.names
    form = PairForm(request.GET, names=names)
    expected = f"{names[0]}=<slug>&{names[1]}=<slug>"
    if not form.is_bound:
        return json_error(f"give two plans: {expected}", status=400)
    if not form.is_valid():
        errors = {field: [str(e) for e in found] for field, found in form.errors.items()}
        unknown = any("找不到" in e or "no plan" in e for found in errors.values() for e in found)
        return json_error(
            "; ".join(f"{field}: {' '.join(texts)}" for field, texts in errors.items()),
            status=404 if unknown else 400,
            errors=errors,
        )
    plans = [form.cleaned_data[name] for name in names]
    opening = open_alignment(plans, request, start=False)
    if opening.state != "ready":
        page = (
            request.path.replace("/api", "", 1)
            + f"?{names[0]}={plans[0].slug}&{names[1]}={plans[1].slug}"
        )
        command = f"python manage.py align {plans[0].slug} {plans[1].slug}"
        if opening.state == "busy":
            return busy(opening.reason)
        if opening.refused:
            return capped(page, command)
        state = opening.state
        message = f"these plans are not aligned yet: open {page} or run `{command}`"
        return json_error(message, status=409, state=state, page=page, command=command)
    return costly(request, lambda: json_response(report.as_dict(report.build(*plans))))


def _report(request: HttpRequest, report: Report) -> HttpResponse:
    """A report's one URL: the picker until two plans are chosen, the waiting page until they
    are aligned, then the export asked for (?format=) or the page (or its htmx fragment)."""
    if refused := nul_refused(request, *report.names):  # the picker looks the names up
        return refused
    form = PairForm(request.GET, names=report.names)
    if not form.is_bound or not form.is_valid():
        return _pick(request, form, report.name)
    if (refused := unknown_format(request)) is not None:
        return refused
    plans = [form.cleaned_data[name] for name in report.names]
    waiting = _wait_for_alignment(request, plans, report)
    if waiting is not None:
        return waiting
    return costly(request, lambda: _built(request, report, plans, form.cleaned_data))


def _built(request: HttpRequest, report: Report, plans: list[Plan], data: dict) -> HttpResponse:
    built = report.build(*plans)
    if request.GET.get("format") in FORMATS:
        return report.export(built, request.GET["format"])
    context = {
        "report": built,
        **report.context(built, data, request),
        "query": "&".join(f"{n}={p.slug}" for n, p in zip(report.names, plans, strict=True)),
    }
    return _render(request, f"compare/{report.name}.html", context, "#report")


def _wait_for_alignment(request, plans, report: Report) -> HttpResponse | None:
    """None when the pair is aligned; else the waiting page (the run started through the one
    door, compare.runs.opening, as the compare page's is), which polls until the run is done
    and then reloads, or the refusal when this client started its share of new runs this hour."""
    opening = open_alignment(plans, request)
    polling = request.htmx and request.htmx.trigger == "waiting"
    if opening.state == "ready":
        return HttpResponseClientRefresh() if polling else None
    if (pending := export_pending(request, opening)) is not None:
        return pending
    context = {
        "report": report.name,  # the waiting page is named for the report asked for
        "chosen": list(zip(report.names, plans, strict=True)),
        "state": opening.state,
        "run": opening.run,
        "reason": opening.reason,
    }
    template = "compare/coverage_waiting.html" + ("#status" if polling else "")
    response = render(request, template, context, status=opening.status)
    return asking_to_wait(response) if opening.state == "busy" else response


@vary_on_headers("HX-Request")
def _render(request, template: str, context: dict, fragment: str) -> HttpResponse:
    if wants_fragment(request):
        template += fragment
    return render(request, template, context)


def _pick(request, form: PairForm, report: str) -> HttpResponse:
    # Grouped by level, national first, as the compare picker does (the template's
    # picker_groups): ordering by the level's code put counties before the nation.
    plans = Plan.objects.select_related("jurisdiction", "era")
    chosen = {name: request.GET.get(name, "") for name in form.names}
    found = Plan.objects.in_bulk([slug for slug in chosen.values() if slug], field_name="slug")
    lower = found.get(chosen[form.names[1]])
    # A half-filled address leaves the form unbound, so an unknown plan in it is said here.
    unknown = {} if form.is_bound else _unknown_plans(chosen, found)
    context = {
        "form": form,
        "unknown": unknown,
        "plans": plans,
        "report": report,
        "names": form.names,
        "suggested": higher_plans(lower) if lower and report == "coverage" else [],
        "chosen": chosen,
    }
    status = 400 if form.errors or unknown else 200
    return render(request, "compare/coverage_pick.html", context, status=status)


def _unknown_plans(chosen: dict[str, str], found: dict[str, Plan]) -> dict[str, str]:
    return {
        name: _("找不到短名为 %(slug)s 的规划。") % {"slug": slug}
        for name, slug in chosen.items()
        if slug and slug not in found
    }
