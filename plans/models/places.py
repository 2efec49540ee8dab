"""Places and periods: the jurisdictions plans belong to and the five-year eras they cover."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Jurisdiction(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", _("国家")
        PROVINCE = "province", _("省级")
        PREFECTURE = "prefecture", _("地市级")
        COUNTY = "county", _("县级")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    slug = models.SlugField(_("拼音"), max_length=100, unique=True)
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("行政区")
        verbose_name_plural = pgettext_lazy("model, plural", "行政区")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("plans:jurisdiction", args=[self.slug])

    @property
    def ancestors(self) -> list[Jurisdiction]:
        """From the top level down to (not including) this one."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]


class Era(models.Model):
    name = models.CharField(_("名称"), max_length=20, unique=True)
    start_year = models.PositiveSmallIntegerField(_("起始年"))
    end_year = models.PositiveSmallIntegerField(_("截止年"))

    class Meta:
        ordering = ["start_year"]
        verbose_name = _("规划期")
        verbose_name_plural = pgettext_lazy("model, plural", "规划期")

    def __str__(self) -> str:
        """十四五（2021—2025）; in English the page's own parentheses and dash are Latin,
        十四五 (2021–2025), the name as printed."""
        if (get_language() or "").startswith("en"):
            return f"{self.name} ({self.start_year}–{self.end_year})"
        return f"{self.name}（{self.start_year}—{self.end_year}）"
