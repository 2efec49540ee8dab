"""A plan, the document imported whole: its metadata, its text, and how lists read it without
its text."""

from __future__ import annotations

from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plans.lib.citations import title_key, title_keys
from plans.models.places import Era, Jurisdiction
from plans.parsing.text import is_web_url

# The metadata a document says about itself, in the order the plan page and admin show them.
METADATA_LABELS = {
    "title": _("标题"),
    "jurisdiction": _("行政区"),
    "level": _("层级"),
    "era": _("规划期"),
    "kind": _("类型"),
    "doc_number": _("文号"),
    "issuer": _("发文机关"),
    "issued": _("发布日期"),
}
METADATA_FIELDS = tuple(METADATA_LABELS)


class PlanQuerySet(models.QuerySet):
    """Multi-row queries on plans live here (house style)."""

    def titled(self, terms: list[str]) -> PlanQuerySet:
        """Plans whose title holds every term, in either script and whatever its punctuation
        (matched on the indexed forms a title is cited by, ``PlanTitleKey``). A term of
        punctuation alone is no word of a title: terms that are all punctuation match none."""
        keys = list(filter(None, (title_key(term) for term in terms)))
        if not keys:
            return self.none()
        plans = self
        for key in keys:
            plans = plans.filter(cited_as__key__contains=key)
        return plans.distinct()


class PlanManager(models.Manager.from_queryset(PlanQuerySet)):
    """Plans without their text: ``raw_text`` (up to the import limit, 5 MB) is read only
    where it is used (importing, the admin's form), never for lists and aggregates. Joins
    reaching a plan from elsewhere defer it by name (``without_text("plan")``)."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().defer(*LARGE_PLAN_FIELDS)


# Plan columns too large to read for a list (a Count() grouped by them reads them too).
LARGE_PLAN_FIELDS = ("raw_text",)


def without_text(*paths: str) -> list[str]:
    """``defer()`` arguments leaving out the large columns of the plans at ``paths``
    (relation paths as in ``select_related``, e.g. "plan", "left__plan")."""
    return [f"{path}__{field}" for path in paths for field in LARGE_PLAN_FIELDS]


class Plan(models.Model):
    class Kind(models.TextChoices):
        PLAN = "plan", _("规划")
        PROGRAMME = "programme", _("方案")
        OPINION = "opinion", _("意见")
        MEASURES = "measures", _("办法")
        INTERPRETATION = "interpretation", _("解读")

    class Script(models.TextChoices):
        SIMPLIFIED = "simplified", _("简体")
        TRADITIONAL = "traditional", _("繁体")

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="plans", verbose_name=_("行政区")
    )
    era = models.ForeignKey(
        Era,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("规划期"),
    )
    title = models.CharField(_("标题"), max_length=300)
    slug = models.SlugField(_("短名"), max_length=120, unique=True)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    issuer = models.CharField(_("发文机关"), max_length=200, blank=True)
    # Every issuer of a jointly issued document (联合发文), the lead (``issuer``) first.
    issuers = models.JSONField(_("联合发文机关"), default=list, blank=True)
    issued = models.DateField(_("发布日期"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=500, help_text=_("导入的文件名或网址"))
    # http(s) only: the plan page shows it as a link, and a javascript: link would run there.
    source_url = models.URLField(
        _("原文网址"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("以 http:// 或 https:// 开头的网址"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.PLAN)
    script = models.CharField(
        _("原文字体"), max_length=20, choices=Script.choices, default=Script.SIMPLIFIED
    )
    raw_text = models.TextField(_("原文"))
    # len(raw_text), kept beside it: a page that only needs the size never reads 5 MB of text.
    text_chars = models.PositiveIntegerField(_("原文字数"), default=0, editable=False)
    content_hash = models.CharField(_("内容指纹"), max_length=64, db_index=True)
    # The words alone (simplified, no spaces, punctuation or layout): the same plan imported as
    # text, web page or Word file, or in the other script, has the same fingerprint.
    fingerprint = models.CharField(_("文字指纹"), max_length=64, db_index=True, blank=True)
    encoding = models.CharField(_("原始编码"), max_length=20, blank=True)
    interprets = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interpretations",
        verbose_name=_("解读对象"),
    )
    warnings = models.JSONField(_("导入提示"), default=list, blank=True)
    # How each metadata field was found: "read" (the text states it), "guessed" (inferred) or
    # "given" (by the person importing, or the seed catalogue); a field left out was not found.
    metadata_sources = models.JSONField(_("元数据来源"), default=dict, blank=True)
    imported_at = models.DateTimeField(_("导入时间"), auto_now=True)

    objects = PlanManager()

    class Meta:
        ordering = ["jurisdiction__name", "issued", "title"]
        verbose_name = _("规划")
        verbose_name_plural = pgettext_lazy("model, plural", "规划")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if "raw_text" not in self.get_deferred_fields():  # bulk_create callers set it themselves
            self.text_chars = len(self.raw_text or "")
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "title" in update_fields:
            self.store_title_keys()

    def get_absolute_url(self) -> str:
        return reverse("plans:plan", args=[self.slug])

    @property
    def source_link(self) -> str:
        """The source address when it is safe to show as a link (http/https), else ""."""
        return self.source_url if is_web_url(self.source_url) else ""

    @property
    def issuer_names(self) -> list[str]:
        """Every issuer, lead first (rows imported before ``issuers`` existed: the lead alone)."""
        if self.issuers:
            return list(self.issuers)
        return [self.issuer] if self.issuer else []

    @property
    def is_traditional(self) -> bool:
        return self.script == self.Script.TRADITIONAL

    @property
    def guessed_fields(self) -> list[str]:
        """The metadata fields the importer inferred rather than read, in display order."""
        return [name for name in METADATA_FIELDS if self.metadata_sources.get(name) == "guessed"]

    def store_title_keys(self) -> None:
        """Keep the forms under which the title may be cited in step with the title (one query
        when it has not changed)."""
        wanted = title_keys(self.title)
        stored = set(self.cited_as.values_list("key", flat=True))
        if stored == wanted:
            return
        self.cited_as.exclude(key__in=wanted).delete()
        self.cited_as.bulk_create(
            self.cited_as.model(plan=self, key=key) for key in sorted(wanted - stored)
        )
