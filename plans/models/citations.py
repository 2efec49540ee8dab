"""What plans cite and how their titles may be cited: read at import, matched by index when a
page shows them (plans.citing)."""

from __future__ import annotations

from django.db import models

from plans.lib.citations import title_keys
from plans.models.documents import Plan


class PlanTitleKey(models.Model):
    """One form under which a plan's title may be cited (plans.lib.citations.title_keys), kept
    by ``Plan.save``: a plan page matches the documents it cites to the catalogue through the
    index on ``key``, never by reading every plan's title."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="cited_as")
    key = models.CharField(max_length=300, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="one_title_key")]

    def __str__(self) -> str:
        return self.key

    @classmethod
    def rows_for(cls, plans: list[Plan]) -> list[PlanTitleKey]:
        """Rows for plans written with ``bulk_create``, which skips ``Plan.save``."""
        return [cls(plan=plan, key=key) for plan in plans for key in sorted(title_keys(plan.title))]


class PlanCitation(models.Model):
    """A document a plan names in 《》 (plans.lib.citations), read once when the plan is
    imported; matched to the catalogue when a page shows it (plans.citing), so a cited plan
    imported later is found."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="citations")
    order = models.PositiveIntegerField()  # of first mention
    title = models.CharField(max_length=200)  # as first printed, whitespace removed
    key = models.CharField(max_length=200, db_index=True)  # title_key(title)
    # Every form the cited title takes (title_keys): what a PlanTitleKey may equal.
    keys = models.JSONField(default=list)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="one_citation_per_order")
        ]

    def __str__(self) -> str:
        return f"《{self.title}》 ×{self.count}"
