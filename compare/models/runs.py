"""Alignment runs: what a run aligns and how far it got, the clients that start them (for the
anonymous cap), and the workers that do them (compare.runs)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plans.models import Plan


def plan_set_key(plans) -> str:
    """The plans of a run as one sorted, comma-separated string of slugs."""
    return ",".join(sorted(p.slug for p in plans))


# What run_alignment reports as it goes (compare.runs.aligning), as the waiting page says it.
STAGES = {
    "reading": _("读取章节"),
    "weighting": _("按全部规划计算词语权重"),
    "aligning": _("逐节比对"),
    "candidates": _("寻找候选对应"),
    "selecting": _("打分并选取对应"),
    "storing": _("保存对应关系"),
    "done": _("完成"),
}
PAIR_STAGES = ("candidates", "selecting")


class AlignmentRunQuerySet(models.QuerySet):
    def active(self) -> AlignmentRunQuerySet:
        """Runs queued or under way."""
        return self.filter(status__in=[AlignmentRun.Status.QUEUED, AlignmentRun.Status.RUNNING])


class AlignmentRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("运行中")
        DONE = "done", _("完成")
        FAILED = "failed", _("失败")

    plans = models.ManyToManyField(Plan, related_name="alignment_runs", verbose_name=_("规划"))
    plan_key = models.CharField(_("规划组合"), max_length=500, db_index=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("发起人"),
    )
    engine = models.CharField(_("引擎版本"), max_length=40, blank=True)
    stats = models.JSONField(_("统计"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    # The job that does the run (compare.runs.jobs): its queue entry, its worker's last sign of
    # life, how far it got, which attempt it is, and who asked (a hash, for anonymous caps).
    task_id = models.CharField(_("任务编号"), max_length=64, blank=True)
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    progress_done = models.PositiveIntegerField(_("已完成"), default=0)
    progress_total = models.PositiveIntegerField(_("总数"), default=0)
    progress_note = models.CharField(_("进度"), max_length=200, blank=True)
    attempt = models.PositiveSmallIntegerField(_("第几次尝试"), default=1)
    client = models.CharField(_("发起客户端"), max_length=32, blank=True, db_index=True)

    objects = AlignmentRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("对齐运行")
        verbose_name_plural = pgettext_lazy("model, plural", "对齐运行")
        constraints = [
            # One queued or running job per plan set: two first requests for the same plans
            # cannot both start one (the second finds the first's).
            models.UniqueConstraint(
                fields=["plan_key"],
                condition=Q(status__in=["queued", "running"]),
                name="one_active_run_per_plan_set",
            )
        ]

    def __str__(self) -> str:
        # In local time, as the admin shows every other time.
        return f"{self.plan_key} @ {localtime(self.started_at):%Y-%m-%d %H:%M}"

    @property
    def stage(self) -> str:
        """The stage the job reported last, in the reader's language ('' before it starts)."""
        return str(STAGES.get(self.progress_note, ""))

    @property
    def counts_pairs(self) -> bool:
        """The engine's stages count pairs of plans; the others count sections."""
        return self.progress_note in PAIR_STAGES

    @property
    def bar_done(self) -> int:
        """What the progress bar fills: the pairs of plans finished, not the one under way."""
        return max(self.progress_done - 1, 0) if self.counts_pairs else self.progress_done

    @property
    def percent(self) -> int:
        return round(100 * self.progress_done / self.progress_total) if self.progress_total else 0


class AlignmentClient(models.Model):
    """A client (compare.models.AlignmentRun.client) that started an alignment. Starts of one
    client queue on its row (compare.runs.jobs.start_alignment): each counts the client's runs
    of the last hour and records its own while holding it, so concurrent requests cannot all
    pass the anonymous cap."""

    client = models.CharField(_("客户端"), max_length=32, unique=True)
    last_start_at = models.DateTimeField(_("最近开始"))

    class Meta:
        verbose_name = _("发起客户端")
        verbose_name_plural = pgettext_lazy("model, plural", "发起客户端")

    def __str__(self) -> str:
        return self.client


class JobWorker(models.Model):
    """A running `manage.py worker`: it beats while it lives (web.jobqueue.Heartbeat), so a
    health check can tell live workers from ones killed without a chance to say so."""

    name = models.CharField(_("名称"), max_length=200)  # host and process id
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)

    class Meta:
        ordering = ["-heartbeat_at"]
        verbose_name = _("任务进程")
        verbose_name_plural = pgettext_lazy("model, plural", "任务进程")

    def __str__(self) -> str:
        return self.name
