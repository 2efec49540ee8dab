"""Sections (corrected here, the importer's findings follow) and targets (read only)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from plans.correcting import TEXT_FIELDS, correct_section
from plans.models import Section, Target, without_text

# What a section's flags (the importer's, plans.parsing.model.Flag) mean, as staff read them.
FLAG_NAMES = {
    "mojibake": _("有乱码"),
    "implied": _("补充节点"),
    "image_only": _("只有图片"),
    "no_structure": _("没有章节结构"),
    "ocr": _("OCR 识别"),
}


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "kind", "depth", "order", "implied", "flags_display"]
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
    readonly_fields = ["title_tokens", "body_tokens", "flags_display"]
    ordering = ["plan", "order"]
    fieldsets = [
        (None, {"fields": ["plan", "parent", "order", "depth", "kind", "label", "title", "body"]}),
        (_("问题"), {"fields": ["implied", "flags_display"]}),
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

    # The importer's findings on the text: read here, not typed.
    @admin.display(description=_("问题标记"))
    def flags_display(self, obj: Section) -> str:
        return "、".join(str(FLAG_NAMES.get(flag, flag)) for flag in obj.flags) or "—"

    def save_model(self, request, obj, form, change):
        # What the importer derived from the text (citations, targets, tokens) follows the fix.
        correct_section(obj, changed=form.changed_data if change else TEXT_FIELDS)


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
