"""One plan against the whole catalogue (compare/catalogue/running.py): the catalogue's index, the
runs and the counterparts they found."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import Plan, Section


class CatalogueIndex(models.Model):
    """Term statistics and informative-term postings of the whole catalogue, built once and
    read by every job of every catalogue run until the catalogue changes."""

    built_at = models.DateTimeField(auto_now_add=True)
    plans = models.PositiveIntegerField()
    sections = models.PositiveIntegerField()
    last_section = models.PositiveBigIntegerField(help_text="highest section id when built")
    last_import = models.DateTimeField(null=True, help_text="latest plan import when built")
    data = models.BinaryField(help_text="compare.catalogue_index.CatalogueIndex.dumps()")

    class Meta:
        ordering = ["-built_at"]

    def __str__(self) -> str:
        return f"{self.plans} plans, {self.sections} sections ({self.built_at:%Y-%m-%d %H:%M})"


class CatalogueRun(models.Model):
    """One plan aligned against every candidate plan of the catalogue, in chunks (jobs)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("完成")
        FAILED = "failed", _("失败")

    class Stage(models.TextChoices):
        # What the first job (compare.catalogue.running.prepare_catalogue_run) is doing, then
        # the chunks.
        INDEX = "index", _("建立目录索引")
        ALIGNING = "aligning", _("逐份比对")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="catalogue_runs")
    # Empty until the run's first job has the catalogue index (built then if out of date).
    index = models.ForeignKey(
        CatalogueIndex, on_delete=models.PROTECT, related_name="runs", null=True, blank=True
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=10, choices=Stage.choices, blank=True)
    candidates = models.PositiveIntegerField(default=0)
    chunks = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    links = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Its jobs' last sign of life, and the queue's ids of the jobs it waits on: a run silent
    # for JOB_DEAD_AFTER_SECONDS with none of them still waiting died with its worker
    # (compare.catalogue.running.reap_dead_catalogue_runs).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    jobs = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.plan} × catalogue ({self.status})"

    @property
    def step(self) -> int:
        """Which of the run's two stages it is in (0 before its first job starts)."""
        return list(self.Stage).index(self.stage) + 1 if self.stage else 0


class CatalogueMatch(models.Model):
    """A section of the run's plan and a counterpart in another plan of the catalogue."""

    run = models.ForeignKey(CatalogueRun, on_delete=models.CASCADE, related_name="matches")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    other_plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()

    class Meta:
        ordering = ["section", "-score"]
        indexes = [models.Index(fields=["run", "section"], name="catalogue_match_section")]

    def __str__(self) -> str:
        return f"{self.section_id}↔{self.other_id} {self.score:.2f}"
