from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from plans.forms import ImportPlanForm
from plans.importing import PlanImportError, import_plan
from plans.models import Era, Jurisdiction, Plan, Section, Target, without_text
from plans.parsing import PlanParseError


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent", "slug", "plan_count"]
    list_filter = ["level"]
    search_fields = ["name", "slug"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]

    def get_queryset(self, request):
        # An aggregate drops Meta.ordering: keep the list (and autocomplete pages) in name order.
        return super().get_queryset(request).annotate(plan_count=Count("plans")).order_by("name")

    @admin.display(description=_("规划数"), ordering="plan_count")
    def plan_count(self, obj: Jurisdiction) -> int:
        return obj.plan_count


@admin.register(Era)
class EraAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year"]
    search_fields = ["name"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "jurisdiction", "era", "kind", "script", "issued", "doc_number"]
    list_filter = ["jurisdiction__level", "jurisdiction", "era", "kind", "script"]
    search_fields = ["title", "doc_number", "slug"]
    list_select_related = ["jurisdiction", "era"]
    date_hierarchy = "issued"
    autocomplete_fields = ["jurisdiction", "interprets"]
    # Government sites are https; a bare host typed in the form should become one.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["sections_link", "content_hash", "fingerprint", "encoding", "imported_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "jurisdiction",
                    "era",
                    "kind",
                    "interprets",
                    "sections_link",
                ]
            },
        ),
        (_("发文信息"), {"fields": ["doc_number", "issuer", "issued", "source", "source_url"]}),
        (
            _("原文"),
            {
                "classes": ["collapse"],
                "fields": [
                    *("script", "encoding", "content_hash", "fingerprint"),
                    *("imported_at", "warnings"),
                ],
            },
        ),
        (_("全文"), {"classes": ["collapse"], "fields": ["raw_text"]}),
    ]

    def get_queryset(self, request):
        # A subquery, not Count(): the date hierarchy's query would group by every column.
        sections = Section.objects.filter(plan=OuterRef("pk")).order_by().values("plan")
        count = Subquery(sections.annotate(n=Count("pk")).values("n"))
        qs = super().get_queryset(request).annotate(section_count=Coalesce(count, 0))
        return qs.order_by(*Plan._meta.ordering)

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="plans_plan_import"), *super().get_urls()]

    def import_view(self, request):
        """Upload a document and import it as `manage.py import_plan` would."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportPlanForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            document = form.cleaned_data["document"]
            try:
                result = import_plan(
                    data=document.read(),
                    source=document.name,
                    overrides=form.overrides(),
                    replace=form.cleaned_data["replace"],
                )
            except PlanImportError as exc:
                # Beside the field that fixes it (the message names the command's option).
                form.add_error(exc.option if exc.option in form.fields else None, str(exc))
            except PlanParseError as exc:
                form.add_error("document", str(exc))
            else:
                plan = result.plan
                done = {
                    "created": _("已导入《%(title)s》：%(n)s 个章节。"),
                    "replaced": _("已用新文本替换《%(title)s》：%(n)s 个章节。"),
                    "unchanged": _("《%(title)s》的这份文本已导入过，没有改动。"),
                }[result.status]
                self.message_user(request, done % {"title": plan.title, "n": plan.sections.count()})
                for warning in result.warnings:
                    self.message_user(request, warning, messages.WARNING)
                return redirect("admin:plans_plan_change", plan.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": _("导入规划文件"),
        }
        return TemplateResponse(request, "admin/plans/plan/import.html", context)

    # A plan has hundreds of sections: an inline would be unusable, the filtered list is not.
    @admin.display(description=_("章节"))
    def sections_link(self, obj: Plan) -> str:
        if obj.pk is None:
            return "—"
        url = (
            reverse("admin:plans_section_changelist") + "?" + urlencode({"plan__id__exact": obj.pk})
        )
        return format_html(
            '<a href="{}">{}</a>', url, _("查看 %(n)s 个章节") % {"n": obj.section_count}
        )


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "kind", "depth", "order", "implied", "flags"]
    list_display_links = ["__str__"]
    list_filter = ["plan", "kind", "implied", "depth"]
    # "云南 总体要求" finds Yunnan's 总体要求: every word must match one of these.
    search_fields = [
        "label",
        "title",
        "title_simplified",
        "body",
        "body_simplified",
        "plan__title",
        "plan__jurisdiction__name",
    ]
    list_select_related = ["plan"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("plan")
        return qs.defer(*without_text("plan"))

    raw_id_fields = ["parent"]
    autocomplete_fields = ["plan"]
    readonly_fields = ["title_tokens", "body_tokens"]
    ordering = ["plan", "order"]
    fieldsets = [
        (None, {"fields": ["plan", "parent", "order", "depth", "kind", "label", "title", "body"]}),
        (_("问题"), {"fields": ["implied", "flags"]}),
        (
            _("导入时生成"),
            {
                "classes": ["collapse"],
                "fields": [
                    "title_simplified",
                    "body_simplified",
                    "title_tokens",
                    "body_tokens",
                    "start",
                    "end",
                ],
            },
        ),
    ]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    """Targets are derived from the text at import: read them here, correct the text instead."""

    list_display = ["indicator", "value", "unit", "comparator", "deadline", "scope", "section"]
    list_filter = ["section__plan", "comparator", "deadline_year"]
    search_fields = ["indicator", "indicator_key", "text", "section__title"]
    list_select_related = ["section__plan"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("section__plan")
        return qs.defer(*without_text("section__plan"))

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
