"""The links between sections of plans that runs propose and people confirm, reject or draw, with
every change to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from compare.models.runs import AlignmentRun
from plans.models import Plan, Section


class SectionLinkQuerySet(models.QuerySet):
    def between(self, plans) -> SectionLinkQuerySet:
        """Links whose two sections both belong to ``plans``."""
        ids = [p.pk for p in plans]
        return self.filter(left__plan_id__in=ids, right__plan_id__in=ids)

    def shown(self) -> SectionLinkQuerySet:
        """Links a reader sees: everything but rejected ones."""
        return self.exclude(status=SectionLink.Status.REJECTED)

    def for_pair(self, a: Plan, b: Plan) -> SectionLinkQuerySet:
        return self.filter(Q(left__plan=a, right__plan=b) | Q(left__plan=b, right__plan=a))


class SectionLink(models.Model):
    class Status(models.TextChoices):
        AUTO = "auto", _("自动")
        CONFIRMED = "confirmed", _("已确认")
        REJECTED = "rejected", _("已否决")
        MANUAL = "manual", _("人工添加")

    HUMAN = (Status.CONFIRMED, Status.REJECTED, Status.MANUAL)

    left = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="links_as_left", verbose_name=_("左侧章节")
    )
    right = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        related_name="links_as_right",
        verbose_name=_("右侧章节"),
    )
    score = models.FloatField(_("得分"), default=0.0)
    reason = models.TextField(_("理由"), blank=True)
    # The engine's reason as data ({"shared", "title", "content", "support"}), so a page can say
    # it in the reader's language; empty for a link a person made.
    evidence = models.JSONField(_("依据"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.AUTO, db_index=True
    )
    run = models.ForeignKey(
        AlignmentRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="links",
        verbose_name=_("来源运行"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("决定人"),
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    objects = SectionLinkQuerySet.as_manager()

    class Meta:
        ordering = ["left__plan_id", "left__order", "right__order"]
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="link_unique_pair"),
            models.CheckConstraint(
                condition=Q(left__lt=models.F("right")), name="link_left_lt_right"
            ),
        ]
        verbose_name = _("章节对应")
        verbose_name_plural = pgettext_lazy("model, plural", "章节对应")

    def __str__(self) -> str:
        return f"{self.left} ↔ {self.right} ({self.get_status_display()})"

    @property
    def is_human(self) -> bool:
        return self.status in self.HUMAN

    def oriented(self, first: Plan) -> tuple[Section, Section]:
        """The two sections with ``first``'s section first."""
        if self.left.plan_id == first.pk:
            return self.left, self.right
        return self.right, self.left


class LinkEvent(models.Model):
    """One change to a link: who, when, what it was before and after, and why."""

    class Action(models.TextChoices):
        PROPOSED = "proposed", _("运行生成")
        WITHDRAWN = "withdrawn", _("运行撤回")
        CONFIRMED = "confirmed", _("确认")
        REJECTED = "rejected", _("否决")
        EDITED = "edited", _("编辑")
        ADDED = "added", _("人工添加")
        REOPENED = "reopened", _("恢复为自动")

    link = models.ForeignKey(
        SectionLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    # Kept on the event so the history survives even if a link row is ever removed.
    left = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(_("动作"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("操作人"),
    )
    run = models.ForeignKey(AlignmentRun, on_delete=models.SET_NULL, null=True, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    before = models.JSONField(_("之前"), null=True, blank=True)
    after = models.JSONField(_("之后"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("对应变更记录")
        verbose_name_plural = pgettext_lazy("model, plural", "对应变更记录")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.left_id}↔{self.right_id}"
