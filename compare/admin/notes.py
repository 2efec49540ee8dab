"""Readers' notes on comparison rows, their history, and the copies kept with saved
comparisons: written on the compare page, shown here to staff read-only."""

from __future__ import annotations

from django.contrib import admin

from compare.admin.readonly import ReadOnlyAdmin
from compare.models import RowNote, RowNoteVersion, SavedNote


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
