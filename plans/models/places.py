"""Places and periods: the jurisdictions plans belong to and the five-year eras they cover."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from plans.parsing import find_place


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
    # The order official lists of places run in (北京 110000 … 新疆 650000), read from the
    # parser's division table when the place is saved; blank for a place the table does not know.
    division_code = models.CharField(
        _("行政区划代码"),
        max_length=12,
        blank=True,
        help_text=_(
            "保存时按名称从区划表填入；区划表没有的地方可手填，或留空（排在有代码的之后）。"
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("行政区")
        verbose_name_plural = pgettext_lazy("model, plural", "行政区")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.division_code = division_code(self.name) or self.division_code
        if "name" in (kwargs.get("update_fields") or ()):
            kwargs["update_fields"] = {*kwargs["update_fields"], "division_code"}
        super().save(*args, **kwargs)

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


def division_code(name: str) -> str:
    """The code of the division called ``name`` in the parser's table (云南省 -> 530000), or ""."""
    found = find_place(name)
    return found.code if found else ""


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
