"""Comparisons saved under a short address (/c/<code>/)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _share_code() -> str:
    import secrets

    alphabet = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: read aloud and typed by hand
    return "".join(secrets.choice(alphabet) for _ in range(8))


class SavedComparison(models.Model):
    """A comparison stored under a short address; it shows the current curated alignment."""

    code = models.CharField(_("短码"), max_length=12, unique=True, default=_share_code)
    plans = models.CharField(_("规划"), max_length=500, help_text=_("列顺序的规划 slug，逗号分隔"))
    query = models.CharField(_("筛选"), max_length=1000, blank=True)
    title = models.CharField(_("标题"), max_length=200, blank=True)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("保存时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("保存人"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("保存的对照")
        verbose_name_plural = pgettext_lazy("model, plural", "保存的对照")

    def __str__(self) -> str:
        return self.title or self.plans

    def get_absolute_url(self) -> str:
        return reverse("compare:saved", args=[self.code])
