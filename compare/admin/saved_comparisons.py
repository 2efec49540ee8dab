"""Saved comparisons: found and removed when unwanted."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy

from compare.admin.notes import SavedNoteInline
from compare.models import SavedComparison


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
