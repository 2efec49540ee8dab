"""Alignment runs: what the engine did, read-only."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from compare.admin.readonly import ReadOnlyAdmin
from compare.models import AlignmentRun


@admin.register(AlignmentRun)
class AlignmentRunAdmin(ReadOnlyAdmin):
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
