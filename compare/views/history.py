"""The change log of a comparison: every LinkEvent between sections of the chosen plans."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_safe

from compare.curating import describe_change, may_curate
from compare.models import LinkEvent
from plans.models import Plan, without_text

EVENTS_PER_PAGE = 50


class PlanSetForm(forms.Form):
    plans = forms.CharField(
        label=gettext_lazy("规划短名"),
        help_text=gettext_lazy("两份或更多规划的短名，用逗号分隔"),
    )

    def clean_plans(self) -> list[Plan]:
        slugs = list(dict.fromkeys(s.strip() for s in self.cleaned_data["plans"].split(",")))
        slugs = [s for s in slugs if s]
        if len(slugs) < 2:
            raise forms.ValidationError(
                _("请给出至少两份规划的短名，用逗号分隔，例如 ?plans=%(example)s")
                % {"example": "yunnan-2022-egov-plan,yunnan-2023-digital-gov-programme"}
            )
        found = Plan.objects.in_bulk(slugs, field_name="slug")
        missing = [s for s in slugs if s not in found]
        if missing:
            raise forms.ValidationError(
                _("找不到这些规划：%(slugs)s。请检查短名的拼写。")
                % {"slugs": _("、").join(missing)}
            )
        return [found[s] for s in slugs]


@require_safe
def history(request: HttpRequest) -> HttpResponse:
    form = PlanSetForm(request.GET)
    if not form.is_valid():
        return render(request, "compare/history.html", {"form": form}, status=400)
    plans = form.cleaned_data["plans"]
    events = (
        LinkEvent.objects.filter(left__plan__in=plans, right__plan__in=plans)
        .select_related("actor", "link", "left__plan", "right__plan")
        .defer(*without_text("left__plan", "right__plan"))
    )
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    curator = may_curate(request.user)
    slugs = ",".join(p.slug for p in plans)
    context = {
        "form": form,
        "plans": plans,
        "page": page,
        "rows": _rows(page, plans, show_people=curator or request.user.is_staff, curator=curator),
        "query": urlencode({"plans": slugs}),
        "admin_url": _admin_url(plans) if curator else "",
    }
    return render(request, "compare/history.html", context)


def _rows(events, plans: list[Plan], *, show_people: bool, curator: bool) -> list[dict]:
    """Each event with its sections in the order the plans were asked for."""
    position = {p.pk: i for i, p in enumerate(plans)}
    rows = []
    for e in events:
        first, second = sorted([e.left, e.right], key=lambda s: position[s.plan_id])
        rows.append(
            {
                "event": e,
                "who": _who(e, show_people=show_people),
                "sections": [first, second],
                "changes": describe_change(e.before, e.after, link=e.link),
                "note": _note_beside(e),
                "admin_url": (
                    reverse("admin:compare_sectionlink_change", args=[e.link_id])
                    if curator and e.link_id
                    else ""
                ),
            }
        )
    return rows


def _note_beside(event: LinkEvent) -> str:
    """The event's note, unless its changes already show the link's note becoming it."""
    before, after = event.before or {}, event.after or {}
    if after.get("note") == event.note and before.get("note") != event.note:
        return ""
    return event.note


def _who(event: LinkEvent, *, show_people: bool) -> str:
    # Readers see that a person decided; names of staff accounts are for the team only.
    name = ""
    if event.actor is not None:
        name = event.actor.get_full_name() or event.actor.get_username()
        name = name if show_people else pgettext("someone who edits links", "编辑")
    if event.run_id:
        if name and show_people:
            return _("对齐引擎（%(name)s）") % {"name": name}
        return _("对齐引擎")
    return name or "—"


def _admin_url(plans: list[Plan]) -> str:
    url = reverse("admin:compare_sectionlink_changelist")
    if len(plans) != 2:
        return url
    a, b = sorted(p.pk for p in plans)
    return f"{url}?{urlencode({'pair': f'{a},{b}'})}"
