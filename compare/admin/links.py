"""Section links: the list with its filters, the change page, the bulk actions and the
page that replaces a counterpart."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from compare.admin.display import events_table, full_text, side
from compare.admin.link_forms import (
    ReplaceCounterpartForm,
    SectionLinkAddForm,
    SectionLinkChangeForm,
)
from compare.alignment.reasons import reason
from compare.curating import (
    CurationError,
    add_manual_link,
    confirm_link,
    edit_link_note,
    may_curate,
    reject_link,
    reopen_link,
    replace_counterpart,
)
from compare.models import LinkEvent, SectionLink
from plans.models import Plan, without_text

Status = SectionLink.Status

# What each status chosen on the change form asks curating to do.
TRANSITIONS = {
    Status.CONFIRMED: confirm_link,
    Status.REJECTED: reject_link,
    Status.AUTO: reopen_link,
}

# Score ranges offered by the list filter: (lowest included, highest excluded, label).
SCORE_BUCKETS = {
    "high": (0.8, None, "≥ 0.8"),
    "mid": (0.6, 0.8, "0.6 – 0.8"),
    "low": (0.4, 0.6, "0.4 – 0.6"),
    "weak": (None, 0.4, "< 0.4"),
}


class PlanPairFilter(admin.SimpleListFilter):
    """The pairs of plans that have links, whichever side each plan's sections are on."""

    title = gettext_lazy("规划组合")
    parameter_name = "pair"

    def lookups(self, request, model_admin):
        rows = SectionLink.objects.order_by().values_list("left__plan_id", "right__plan_id")
        pairs = {(min(a, b), max(a, b)) for a, b in rows.distinct()}
        titles = dict(
            Plan.objects.filter(pk__in={p for pair in pairs for p in pair}).values_list(
                "pk", "title"
            )
        )
        choices = [(f"{a},{b}", f"{titles[a]} ↔ {titles[b]}") for a, b in pairs]
        return sorted(choices, key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            a, b = (int(pk) for pk in self.value().split(","))
        except ValueError:
            raise IncorrectLookupParameters("pair= takes two plan ids, as in pair=3,7") from None
        return queryset.for_pair(a, b)


class ScoreFilter(admin.SimpleListFilter):
    title = gettext_lazy("得分")
    parameter_name = "score"

    def lookups(self, request, model_admin):
        return [(key, label) for key, (_low, _high, label) in SCORE_BUCKETS.items()]

    def queryset(self, request, queryset):
        if self.value() not in SCORE_BUCKETS:
            return queryset
        low, high, _label = SCORE_BUCKETS[self.value()]
        if low is not None:
            queryset = queryset.filter(score__gte=low)
        if high is not None:
            queryset = queryset.filter(score__lt=high)
        return queryset


@admin.register(SectionLink)
class SectionLinkAdmin(admin.ModelAdmin):
    list_display = ["left_side", "right_side", "score_display", "status", "decided_by", "run_id_"]
    list_display_links = ["left_side", "right_side"]
    list_filter = [PlanPairFilter, "status", ScoreFilter, ("run", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["left__plan", "right__plan", "decided_by"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related(*self.list_select_related)
        return qs.defer(*without_text("left__plan", "right__plan"))

    search_fields = [
        "left__title",
        "right__title",
        "left__body",
        "right__body",
        "left__plan__title",
        "right__plan__title",
        "note",
    ]
    autocomplete_fields = ["left", "right"]
    actions = ["confirm_selected", "reject_selected", "realign_selected"]
    list_per_page = 50

    # Adding a link is curating too: it needs the curator's right as well as add_sectionlink.
    def has_add_permission(self, request):
        return super().has_add_permission(request) and may_curate(request.user)

    # Links are never deleted: rejecting keeps the decision, so the engine never proposes it again.
    def has_delete_permission(self, request, obj=None):
        return False

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["left", "right", "note"]})]
        return [
            (None, {"fields": ["sides"]}),
            (_("决定"), {"fields": ["status", "note", "decided_by", "decided_at"]}),
            (_("对齐引擎"), {"fields": ["score", "reason_words", "run", "created_at"]}),
            (_("变更记录"), {"fields": ["history"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "sides",
            "decided_by",
            "decided_at",
            "score",
            "reason_words",
            "run",
            "created_at",
            "history",
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = SectionLinkChangeForm if obj is not None else SectionLinkAddForm
        form = super().get_form(request, obj, change, **kwargs)
        # Sections come from imports: no add/edit/delete buttons beside the pickers.
        for name in ("left", "right"):
            if name in form.base_fields:
                widget = form.base_fields[name].widget
                widget.can_add_related = widget.can_change_related = False
                widget.can_delete_related = widget.can_view_related = False
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            link = add_manual_link(
                form.cleaned_data["left"],
                form.cleaned_data["right"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
            obj.pk, obj.status = link.pk, link.status
            return
        note = form.cleaned_data.get("note", obj.note)
        if "status" in form.changed_data:
            change_note = note if "note" in form.changed_data else ""
            TRANSITIONS[form.cleaned_data["status"]](obj, actor=request.user, note=change_note)
        if "note" in form.changed_data:
            obj.refresh_from_db(fields=["note"])
            if obj.note != note:
                edit_link_note(obj, actor=request.user, note=note)

    def delete_model(self, request, obj):
        if obj.status != Status.REJECTED:
            reject_link(obj, actor=request.user, note=_("在管理后台删除"))

    def delete_queryset(self, request, queryset):
        for link in queryset:
            self.delete_model(request, link)

    # List columns

    @admin.display(description=gettext_lazy("左侧章节"), ordering="left__plan__title")
    def left_side(self, obj: SectionLink) -> str:
        return side(obj.left)

    @admin.display(description=gettext_lazy("右侧章节"), ordering="right__plan__title")
    def right_side(self, obj: SectionLink) -> str:
        return side(obj.right)

    @admin.display(description=gettext_lazy("得分"), ordering="score")
    def score_display(self, obj: SectionLink) -> str:
        return f"{obj.score:.2f}"

    @admin.display(description=gettext_lazy("来源运行"), ordering="run")
    def run_id_(self, obj: SectionLink) -> str:
        return f"#{obj.run_id}" if obj.run_id else "—"

    # Change page

    @admin.display(description=gettext_lazy("两侧全文"))
    def sides(self, obj: SectionLink) -> str:
        return format_html(
            '<div class="link-sides">{}{}</div>', full_text(obj.left), full_text(obj.right)
        )

    # The stored reason is the engine's Chinese; the evidence says it in the reader's language.
    @admin.display(description=gettext_lazy("理由"))
    def reason_words(self, obj: SectionLink) -> str:
        if not obj.evidence:
            return obj.reason or "—"
        return reason(obj.evidence, gettext=_, pgettext=pgettext)

    @admin.display(description=gettext_lazy("历史"))
    def history(self, obj: SectionLink) -> str:
        events = LinkEvent.objects.filter(
            left_id=obj.left_id, right_id=obj.right_id
        ).select_related("actor")
        return events_table(events, obj)

    # Actions

    @admin.action(description=gettext_lazy("确认所选对应"), permissions=["change"])
    def confirm_selected(self, request, queryset):
        self._decide_each(request, queryset, confirm_link, _("已确认 %(n)d 条对应。"))

    @admin.action(description=gettext_lazy("否决所选对应"), permissions=["change"])
    def reject_selected(self, request, queryset):
        self._decide_each(request, queryset, reject_link, _("已否决 %(n)d 条对应。"))

    @admin.action(description=gettext_lazy("重新对齐所选对应的规划组合"), permissions=["change"])
    def realign_selected(self, request, queryset):
        # Through the queue, as every page starts a run: aligning here would hold a server thread
        # for minutes on large plans, past gunicorn's timeout, and pass the bound on waiting jobs.
        from compare.runs.jobs import start_alignment
        from web.jobqueue import BUSY, queue_full

        rows = queryset.order_by().values_list("left__plan_id", "right__plan_id").distinct()
        pairs = sorted({(min(a, b), max(a, b)) for a, b in rows})
        plans = Plan.objects.in_bulk({pk for pair in pairs for pk in pair})
        for a, b in pairs:
            if queue_full():
                self.message_user(request, BUSY, messages.ERROR)
                return
            names = f"{plans[a].title} ↔ {plans[b].title}"
            run = start_alignment([plans[a], plans[b]], actor=request.user)
            self.message_user(
                request,
                _("已开始重新对齐 %(names)s（运行 #%(run)s，%(status)s）。")
                % {"names": names, "run": run.pk, "status": run.get_status_display()},
                messages.SUCCESS,
            )

    def _decide_each(self, request, queryset, decide, done_message: str) -> None:
        done, skipped = 0, []
        for link in queryset.select_related("left__plan", "right__plan"):
            try:
                decide(link, actor=request.user)
            except CurationError as exc:
                skipped.append(f"{link}: {exc}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"n": done}, messages.SUCCESS)
        if skipped:
            shown = "；".join(skipped[:5]) + ("……" if len(skipped) > 5 else "")
            self.message_user(
                request,
                _("跳过 %(n)d 条：%(why)s") % {"n": len(skipped), "why": shown},
                messages.WARNING,
            )

    # Replacing a counterpart: its own page under the link

    def get_urls(self):
        return [
            path(
                "<path:object_id>/replace/",
                self.admin_site.admin_view(self.replace_view),
                name="compare_sectionlink_replace",
            ),
            *super().get_urls(),
        ]

    def replace_view(self, request, object_id):
        link = self.get_object(request, unquote(object_id))
        if link is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, link):
            raise PermissionDenied
        form = ReplaceCounterpartForm(link, request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                new = replace_counterpart(
                    link,
                    form.cleaned_data["new_section"],
                    actor=request.user,
                    note=form.cleaned_data["note"],
                )
            except CurationError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(
                    request, _("已否决原对应，改为：%(link)s") % {"link": new}, messages.SUCCESS
                )
                return redirect("admin:compare_sectionlink_change", new.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": link,
            "form": form,
            "sides": self.sides(link),
            "title": _("替换对应章节"),
        }
        return TemplateResponse(
            request, "admin/compare/sectionlink/replace_counterpart.html", context
        )
