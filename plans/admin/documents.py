"""Plans: their fields, where each came from, and the import pages (``importing``)."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from plans.admin.importing import ImportViews
from plans.forms import NamesField, TypedTextField
from plans.messages import translated_all
from plans.models import METADATA_LABELS, Plan, Section


@admin.register(Plan)
class PlanAdmin(ImportViews, admin.ModelAdmin):
    list_display = ["title", "jurisdiction", "era", "kind", "script", "issued", "doc_number"]
    list_filter = ["jurisdiction__level", "jurisdiction", "era", "kind", "script"]
    search_fields = ["title", "doc_number", "slug"]
    list_select_related = ["jurisdiction", "era"]
    date_hierarchy = "issued"
    autocomplete_fields = ["jurisdiction", "interprets"]
    # Government sites are https; a bare host typed in the form should become one.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = [
        *("sections_link", "content_hash", "fingerprint", "encoding", "imported_at"),
        "metadata_sources_display",
        "warnings_display",
    ]
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
        (
            _("发文信息"),
            {
                "fields": [
                    *("doc_number", "issuer", "issuers", "issued", "source", "source_url"),
                    "metadata_sources_display",
                ]
            },
        ),
        (
            _("原文"),
            {
                "classes": ["collapse"],
                "fields": [
                    *("script", "encoding", "content_hash", "fingerprint"),
                    *("imported_at", "warnings_display", "warnings"),
                ],
            },
        ),
        (_("全文"), {"classes": ["collapse"], "fields": ["raw_text"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "issuers":  # read as names, not as a JSON list
            return NamesField(
                label=db_field.verbose_name,
                required=False,
                help_text=_("牵头机关在前；多个机关用顿号（、）分隔"),
            )
        if db_field.name in ("title", "doc_number", "issuer"):
            kwargs["form_class"] = TypedTextField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        # The stored form beside the readable one: templates and values, for editing.
        kwargs["labels"] = {**kwargs.get("labels", {}), "warnings": _("导入提示（存储的 JSON）")}
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        # What staff correct here is no longer the importer's guess.
        for name in set(form.changed_data) & set(METADATA_LABELS):
            obj.metadata_sources[name] = "given"
        obj.issuers = obj.issuers or []  # an emptied box is no issuers, not JSON null
        if "issuer" in form.changed_data and obj.issuer:
            # The lead issuer corrected here leads the joint list too.
            obj.issuers = [obj.issuer, *(name for name in obj.issuers if name != obj.issuer)]
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        # A subquery, not Count(): the date hierarchy's query would group by every column.
        sections = Section.objects.filter(plan=OuterRef("pk")).order_by().values("plan")
        count = Subquery(sections.annotate(n=Count("pk")).values("n"))
        qs = super().get_queryset(request).annotate(section_count=Coalesce(count, 0))
        return qs.order_by(*Plan._meta.ordering)

    @admin.display(description=_("导入提示"))
    def warnings_display(self, obj: Plan) -> str:
        shown = translated_all(obj.warnings)
        return format_html_join(mark_safe("<br>"), "{}", ((w,) for w in shown)) or "—"

    @admin.display(description=_("元数据来源"))
    def metadata_sources_display(self, obj: Plan) -> str:
        how = {"read": _("读自原文"), "guessed": _("推断"), "given": _("导入时指定")}
        rows = [
            (label, how.get(obj.metadata_sources.get(name), _("未找到")))
            for name, label in METADATA_LABELS.items()
        ]
        return format_html_join(mark_safe("<br>"), "{}：{}", rows)

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
