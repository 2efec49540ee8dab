"""Curators' coverage decisions: a history, read-only."""

from __future__ import annotations

from django.contrib import admin

from compare.admin.readonly import ReadOnlyAdmin
from compare.models import CoverageDecision


@admin.register(CoverageDecision)
class CoverageDecisionAdmin(ReadOnlyAdmin):
    """Curators' coverage decisions: a history, read-only (decided on the coverage page)."""

    list_display = ["at", "actor", "section", "lower", "status", "note"]
    list_filter = ["status", "lower"]
    list_select_related = ["actor", "section", "lower"]
    search_fields = ["section__title", "note"]
    date_hierarchy = "at"
