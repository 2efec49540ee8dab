"""Curators' decisions on whether a lower plan takes up an item of a higher plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plans.models import Plan, Section


class CoverageDecision(models.Model):
    """A curator's word on whether a lower plan takes up one item of a higher plan.

    Rows are never changed: the latest for an (item, lower plan) is in force, and all of them
    are its history, so a decision survives every re-run of the engine and can be traced.
    """

    class Status(models.TextChoices):
        COVERED = "covered", _("已落实")
        MISSING = "missing", _("未体现")
        CLEARED = "cleared", _("撤销人工判断")

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="+", verbose_name=_("上级规划条目")
    )
    lower = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="+", verbose_name=_("下级规划")
    )
    status = models.CharField(_("判断"), max_length=10, choices=Status.choices)
    note = models.TextField(_("说明"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("落实情况判断")
        verbose_name_plural = pgettext_lazy("model, plural", "落实情况判断")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.section_id} → {self.lower_id}"
