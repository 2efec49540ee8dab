"""Jurisdictions and eras."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from plans.models import Era, Jurisdiction


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent", "division_code", "slug", "plan_count"]
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
