"""Goals: quantitative targets and goal paragraphs of several plans side by side."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from plans.models import Plan


@require_safe
def goals(request: HttpRequest) -> HttpResponse:
    from plans.goals import GoalsForm, goal_table

    if "plans" not in request.GET:  # nothing asked yet: the plans to choose from, no error
        return _goals_error(request, GoalsForm(), status=200)
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
        form.add_error("plans", _("没有这些规划：%(slugs)s。") % {"slugs": _("、").join(missing)})
        return _goals_error(request, form, status=404)
    context = {"form": form, "table": goal_table([found[s] for s in slugs])}
    return render(request, "plans/goals.html", context)


def _goals_error(request: HttpRequest, form, *, status: int) -> HttpResponse:
    """The goals page with what was wrong (if anything) and the plans there are to choose from."""
    choices = Plan.objects.order_by("slug").only("slug", "title")
    context = {"form": form, "choices": choices}
    return render(request, "plans/goals.html", context, status=status)
