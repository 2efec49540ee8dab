"""The history of decisions on links (LinkEvent): a read-only record."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from compare.admin.display import changes_html, side
from compare.admin.readonly import ReadOnlyAdmin
from compare.models import LinkEvent
from plans.models import Plan, without_text


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


@admin.register(LinkEvent)
class LinkEventAdmin(ReadOnlyAdmin):
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
    list_select_related = ["actor", "link", "left__plan", "right__plan"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related(*self.list_select_related)
        return qs.defer(*without_text("left__plan", "right__plan"))

    search_fields = ["note", "left__title", "right__title"]
    date_hierarchy = "at"
    list_per_page = 100

    @admin.display(description=gettext_lazy("左侧章节"))
    def left_side(self, obj: LinkEvent) -> str:
        return side(obj.left)

    @admin.display(description=gettext_lazy("右侧章节"))
    def right_side(self, obj: LinkEvent) -> str:
        return side(obj.right)

    @admin.display(description=gettext_lazy("变化"))
    def change(self, obj: LinkEvent) -> str:
        return changes_html(obj)

    @admin.display(description=gettext_lazy("对应"))
    def link_page(self, obj: LinkEvent) -> str:
        if obj.link_id is None:
            return "—"
        url = reverse("admin:compare_sectionlink_change", args=[obj.link_id])
        return format_html('<a href="{}">#{}</a>', url, obj.link_id)
