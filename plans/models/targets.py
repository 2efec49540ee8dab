"""The quantitative targets a plan's sections state, read at import."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plans.models.documents import Plan
from plans.models.sections import Section


class TargetQuerySet(models.QuerySet):
    def for_plan(self, plan: Plan) -> TargetQuerySet:
        return self.filter(section__plan=plan).order_by("order")


class Target(models.Model):
    """A quantitative target a section states; derived at import, recomputed on re-import."""

    class Direction(models.TextChoices):
        RAISE = "提高", _("提高")
        LOWER = "降低", _("降低")
        KEEP = "保持", _("保持")

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="targets", verbose_name=_("章节")
    )
    indicator = models.CharField(
        _("指标"), max_length=200, help_text=_("简体，如 政务信息系统上云率")
    )
    indicator_key = models.CharField(
        _("指标组"), max_length=200, db_index=True, help_text=_("跨规划对照用的同义指标组")
    )
    value = models.FloatField(_("目标值"), null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=20, blank=True, help_text=_("%、Mbps、个…"))
    comparator = models.CharField(
        _("比较"), max_length=10, blank=True, help_text=_("达到、以上、不低于、超过、全覆盖…")
    )
    deadline = models.CharField(_("时限"), max_length=40, blank=True, help_text=_("如 2025年底"))
    deadline_year = models.PositiveSmallIntegerField(_("时限年份"), null=True, blank=True)
    scope = models.CharField(_("范围"), max_length=100, blank=True, help_text=_("如 省级非涉密"))
    text = models.TextField(_("原文"), help_text=_("陈述该目标的原文片段"))
    in_title = models.BooleanField(
        _("在标题中"), default=False, help_text=_("原文片段位于章节标题而非正文")
    )
    start = models.PositiveIntegerField(_("起始位置"), help_text=_("在章节正文（或标题）中的位置"))
    end = models.PositiveIntegerField(_("结束位置"))
    order = models.PositiveIntegerField(_("顺序"), help_text=_("在全文中的位置（文档顺序）"))
    # Where the target starts from (基期值), when the text states it (plans.lib.targets.baselines).
    baseline_value = models.FloatField(_("基期值"), null=True, blank=True)
    baseline_unit = models.CharField(_("基期单位"), max_length=20, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("基期年份"), null=True, blank=True)
    baseline_scope = models.CharField(_("基期范围"), max_length=100, blank=True)
    baseline_text = models.TextField(_("基期原文"), blank=True)
    direction = models.CharField(
        _("方向"),
        max_length=4,
        choices=Direction.choices,
        blank=True,
        help_text=_("提高、降低或保持"),
    )

    objects = TargetQuerySet.as_manager()

    class Meta:
        # ``order`` counts within a plan; read one plan at a time (``for_plan``).
        ordering = ["order", "id"]
        verbose_name = _("量化目标")
        verbose_name_plural = pgettext_lazy("model, plural", "量化目标")

    def __str__(self) -> str:
        return self.text
