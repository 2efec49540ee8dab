from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from compare.curating import (
    CurationError,
    add_manual_link,
    confirm_link,
    describe_change,
    edit_link_note,
    may_curate,
    reject_link,
    reopen_link,
    replace_counterpart,
)
from compare.models import (
    AlignmentRun,
    CoverageDecision,
    LinkEvent,
    RowNote,
    RowNoteVersion,
    SavedComparison,
    SavedNote,
    SectionLink,
)
from plans.models import Plan, Section, without_text

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


class EventPlanFilter(admin.SimpleListFilter):
    title = gettext_lazy("规划")
    parameter_name = "plan"

    def lookups(self, request, model_admin):
        return list(Plan.objects.order_by("title").values_list("pk", "title"))

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if not self.value().isdigit():
            raise IncorrectLookupParameters("plan= takes a plan id")
        return queryset.filter(Q(left__plan_id=self.value()) | Q(right__plan_id=self.value()))


class SectionLinkAddForm(forms.ModelForm):
    """Two sections of different plans, linked by hand."""

    class Meta:
        model = SectionLink
        fields = ["left", "right", "note"]

    def clean(self):
        cleaned = super().clean()
        left, right = cleaned.get("left"), cleaned.get("right")
        if left is None or right is None:
            return cleaned
        if left.pk == right.pk:
            raise ValidationError(_("左右两侧选了同一个章节：请选择另一份规划中的章节。"))
        if left.plan_id == right.plan_id:
            raise ValidationError(
                _("两个章节都属于《%(plan)s》：对应只能连接不同规划的章节。")
                % {"plan": left.plan.title}
            )
        # The table keeps each pair once, lower section id first.
        if left.pk > right.pk:
            cleaned["left"], cleaned["right"] = right, left
        existing = SectionLink.objects.filter(left=cleaned["left"], right=cleaned["right"]).first()
        if existing is not None:
            if existing.status in (Status.CONFIRMED, Status.MANUAL):
                raise ValidationError(
                    _("这两个章节已有对应（%(status)s），无需再添加。")
                    % {"status": existing.get_status_display()}
                )
            # An automatic or rejected row for the pair is turned into a decision, not duplicated:
            # validate against that row so the unique constraint does not refuse the form.
            self.instance = existing
        return cleaned


class SectionLinkChangeForm(forms.ModelForm):
    class Meta:
        model = SectionLink
        fields = ["status", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" not in self.fields:
            return
        # "Manual" is what adding by hand makes; confirming a manual link would change nothing.
        allowed = (
            [Status.MANUAL, Status.REJECTED, Status.AUTO]
            if self.instance.status == Status.MANUAL
            else [Status.AUTO, Status.CONFIRMED, Status.REJECTED]
        )
        self.fields["status"].choices = [(s.value, s.label) for s in allowed]


class ReplaceCounterpartForm(forms.Form):
    new_section = forms.TypedChoiceField(label=gettext_lazy("新的对应章节"), coerce=int)
    note = forms.CharField(
        label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, link: SectionLink, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sections = (
            Section.objects.filter(plan__in=[link.left.plan_id, link.right.plan_id])
            .exclude(pk__in=[link.left_id, link.right_id])
            .select_related("plan")
            .only("plan__title", "order", "depth", "label", "title", "kind")
            .order_by("plan__title", "order")
        )
        groups: dict[str, list] = {}
        for s in sections:
            indent = "\u3000" * s.depth
            groups.setdefault(s.plan.title, []).append(
                (s.pk, f"{indent}{s.heading or s.get_kind_display()}")
            )
        self.fields["new_section"].choices = [("", "---------"), *groups.items()]

    def clean_new_section(self) -> Section:
        return Section.objects.select_related("plan").get(pk=self.cleaned_data["new_section"])


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
            (_("对齐引擎"), {"fields": ["score", "reason", "run", "created_at"]}),
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
            "reason",
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
        return _side(obj.left)

    @admin.display(description=gettext_lazy("右侧章节"), ordering="right__plan__title")
    def right_side(self, obj: SectionLink) -> str:
        return _side(obj.right)

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
            '<div class="link-sides">{}{}</div>', _full_text(obj.left), _full_text(obj.right)
        )

    @admin.display(description=gettext_lazy("历史"))
    def history(self, obj: SectionLink) -> str:
        events = LinkEvent.objects.filter(
            left_id=obj.left_id, right_id=obj.right_id
        ).select_related("actor")
        return _events_table(events)

    # Actions

    @admin.action(description=gettext_lazy("确认所选对应"), permissions=["change"])
    def confirm_selected(self, request, queryset):
        self._decide_each(request, queryset, confirm_link, _("已确认 %(n)d 条对应。"))

    @admin.action(description=gettext_lazy("否决所选对应"), permissions=["change"])
    def reject_selected(self, request, queryset):
        self._decide_each(request, queryset, reject_link, _("已否决 %(n)d 条对应。"))

    @admin.action(description=gettext_lazy("重新对齐所选对应的规划组合"), permissions=["change"])
    def realign_selected(self, request, queryset):
        from compare.runs.aligning import run_alignment

        rows = queryset.order_by().values_list("left__plan_id", "right__plan_id").distinct()
        pairs = sorted({(min(a, b), max(a, b)) for a, b in rows})
        plans = Plan.objects.in_bulk({pk for pair in pairs for pk in pair})
        for a, b in pairs:
            names = f"{plans[a].title} ↔ {plans[b].title}"
            try:
                run = run_alignment([plans[a], plans[b]], actor=request.user)
            except ValueError as exc:
                self.message_user(request, f"{names}: {exc}", messages.ERROR)
                continue
            self.message_user(
                request,
                _("已重新对齐 %(names)s（运行 #%(run)s，%(status)s）。")
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


@admin.register(LinkEvent)
class LinkEventAdmin(admin.ModelAdmin):
    list_display = [
        "at",
        "action",
        "actor",
        "left_side",
        "right_side",
        "change",
        "note",
        "link_page",
    ]
    list_filter = ["action", ("actor", admin.RelatedOnlyFieldListFilter), EventPlanFilter]
    list_select_related = ["actor", "left__plan", "right__plan"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related(*self.list_select_related)
        return qs.defer(*without_text("left__plan", "right__plan"))

    search_fields = ["note", "left__title", "right__title"]
    date_hierarchy = "at"
    list_per_page = 100

    # The history is a record: nobody adds, edits or removes entries by hand.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("左侧章节"))
    def left_side(self, obj: LinkEvent) -> str:
        return _side(obj.left)

    @admin.display(description=gettext_lazy("右侧章节"))
    def right_side(self, obj: LinkEvent) -> str:
        return _side(obj.right)

    @admin.display(description=gettext_lazy("变化"))
    def change(self, obj: LinkEvent) -> str:
        return _changes_html(obj)

    @admin.display(description=gettext_lazy("对应"))
    def link_page(self, obj: LinkEvent) -> str:
        if obj.link_id is None:
            return "—"
        url = reverse("admin:compare_sectionlink_change", args=[obj.link_id])
        return format_html('<a href="{}">#{}</a>', url, obj.link_id)


@admin.register(AlignmentRun)
class AlignmentRunAdmin(admin.ModelAdmin):
    list_display = [
        "plan_key",
        "status",
        "attempt",
        "progress",
        "started_at",
        "heartbeat_at",
        "finished_at",
        "started_by",
        "engine",
        "links",
    ]
    list_filter = ["status", "attempt", "engine"]
    list_select_related = ["started_by"]
    search_fields = ["plan_key"]
    date_hierarchy = "started_at"

    # Runs are made by the engine; the admin only shows them.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(link_count=Count("links"))

    @admin.display(description=gettext_lazy("进度"))
    def progress(self, obj: AlignmentRun) -> str:
        if not obj.progress_total:
            return "—"
        return f"{obj.stage} {obj.progress_done}/{obj.progress_total}"

    @admin.display(description=gettext_lazy("对应"), ordering="link_count")
    def links(self, obj: AlignmentRun) -> str:
        url = (
            reverse("admin:compare_sectionlink_changelist")
            + "?"
            + urlencode({"run__id__exact": obj.pk})
        )
        return format_html('<a href="{}">{}</a>', url, obj.link_count)


def _side(section: Section) -> str:
    return format_html(
        '<span class="link-plan">{}</span><br>{}',
        section.plan.title,
        section.heading or section.get_kind_display(),
    )


def _subtree(section: Section) -> list[Section]:
    """``section`` and every section under it, in document order."""
    # Descendants follow a section until the next one at its depth or above.
    after = Section.objects.filter(plan_id=section.plan_id, order__gt=section.order)
    end = (
        after.filter(depth__lte=section.depth)
        .order_by("order")
        .values_list("order", flat=True)
        .first()
    )
    below = after.filter(order__lt=end) if end is not None else after
    return [section, *below.order_by("order")]


def _full_text(section: Section) -> str:
    parts = format_html_join(
        "",
        '<div class="link-text depth-{}"><strong>{}</strong>{}</div>',
        (
            (s.depth - section.depth, s.heading, format_html("<p>{}</p>", s.body) if s.body else "")
            for s in _subtree(section)
        ),
    )
    return format_html(
        '<section class="link-side"><h3><a href="{}">{}</a></h3>{}</section>',
        section.get_absolute_url(),
        section.plan.title,
        parts,
    )


def _changes_html(event: LinkEvent) -> str:
    return format_html_join(
        "",
        "<div>{}：{} → {}</div>",
        describe_change(event.before, event.after),
    )


def _events_table(events) -> str:
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                f"{localtime(e.at):%Y-%m-%d %H:%M}",
                e.actor or (_("对齐引擎") if e.run_id else "—"),
                e.get_action_display(),
                _changes_html(e),
                e.note,
            )
            for e in events
        ),
    )
    if not rows:
        return _("还没有变更记录。")
    head = format_html_join(
        "", "<th>{}</th>", ((h,) for h in (_("时间"), _("操作人"), _("动作"), _("变化"), _("说明")))
    )
    return format_html(
        '<table class="link-history"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
        head,
        rows,
    )


@admin.register(CoverageDecision)
class CoverageDecisionAdmin(admin.ModelAdmin):
    """Curators' coverage decisions: a history, read-only (decided on the coverage page)."""

    list_display = ["at", "actor", "section", "lower", "status", "note"]
    list_filter = ["status", "lower"]
    list_select_related = ["actor", "section", "lower"]
    search_fields = ["section__title", "note"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by readers on the site: staff look, nobody edits them here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RowNote)
class RowNoteAdmin(ReadOnlyAdmin):
    """Readers' notes on comparison rows (written on the compare page, private to their author
    there); each change is in 行笔记历史."""

    list_display = ["updated_at", "author", "plan_key", "section", "mark", "text"]
    list_filter = ["mark", "updated_at"]
    list_select_related = ["author", "section"]
    search_fields = ["text", "plan_key", "author__username"]
    date_hierarchy = "updated_at"


@admin.register(RowNoteVersion)
class RowNoteVersionAdmin(ReadOnlyAdmin):
    list_display = ["at", "author", "action", "note", "section", "mark", "text"]
    list_filter = ["action", "mark"]
    list_select_related = ["author", "section", "note"]
    search_fields = ["text", "plan_key", "author__username"]
    date_hierarchy = "at"


class SavedNoteInline(admin.TabularInline):
    model = SavedNote
    fields = ["section", "mark", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SavedComparison)
class SavedComparisonAdmin(admin.ModelAdmin):
    """Saved comparisons, to find and remove unwanted ones (they are made without signing in)."""

    inlines = [SavedNoteInline]

    list_display = ["code", "title", "plans", "created_at", "created_by", "note_length"]
    list_filter = ["created_at"]
    search_fields = ["code", "title", "note", "plans"]
    list_select_related = ["created_by"]
    readonly_fields = ["code", "plans", "query", "created_at", "created_by"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    @admin.display(description=gettext_lazy("说明长度"))
    def note_length(self, obj: SavedComparison) -> int:
        return len(obj.note)
