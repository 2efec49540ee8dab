"""An admin upload waiting for OCR before it is imported."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PendingImport(models.Model):
    """A PDF uploaded in the admin whose scanned pages a background job reads by OCR, with
    what the person asked (options, a preview first), the job's progress and its outcome."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("识别中")
        DONE = "done", _("完成")
        FAILED = "failed", _("失败")

    name = models.CharField(_("文件名"), max_length=255)
    data = models.BinaryField(_("文件"))  # at most IMPORT_MAX_BYTES, emptied once imported
    # PlanOverrides as JSON (issued as YYYY-MM-DD), and whether to replace an older text.
    overrides = models.JSONField(default=dict)
    replace = models.BooleanField(default=False)
    preview = models.BooleanField(_("先预览"), default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    pages_done = models.PositiveIntegerField(default=0)
    pages_total = models.PositiveIntegerField(default=0)  # pages to read by OCR
    error = models.TextField(blank=True)
    # What the preview shows (read values, provenance, warnings, outline), once read.
    outcome = models.JSONField(default=dict, blank=True)
    plan = models.ForeignKey(
        "Plan", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome_status = models.CharField(max_length=10, blank=True)  # created, replaced, unchanged
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attempt = models.PositiveSmallIntegerField(default=1)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("待识别的导入")
        verbose_name_plural = pgettext_lazy("model, plural", "待识别的导入")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    @property
    def page_now(self) -> int:
        """The page OCR reads now (1-based), for "OCR 第 N / M 页"."""
        return min(self.pages_done + 1, self.pages_total)
