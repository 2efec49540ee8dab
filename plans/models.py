from __future__ import annotations

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.lib.citations import title_keys
from plans.parsing.text import is_web_url, to_simplified


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
        verbose_name_plural = _("行政区")

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
        verbose_name_plural = _("规划期")

    def __str__(self) -> str:
        return f"{self.name}（{self.start_year}—{self.end_year}）"


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
    def for_picker(self) -> PlanQuerySet:
        """Plans as a picker names them (place, era, title), without their text."""
        return (
            self.select_related("jurisdiction", "era")
            .only(
                "slug", "title", "issued", "jurisdiction__name", "jurisdiction__level", "era__name"
            )
            .order_by("jurisdiction__level", "jurisdiction__name", "issued", "slug")
        )


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
        verbose_name_plural = _("规划")

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
        PlanTitleKey.objects.bulk_create(
            PlanTitleKey(plan=self, key=key) for key in sorted(wanted - stored)
        )


class PlanTitleKey(models.Model):
    """One form under which a plan's title may be cited (plans.lib.citations.title_keys), kept
    by ``Plan.save``: a plan page matches the documents it cites to the catalogue through the
    index on ``key``, never by reading every plan's title."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="cited_as")
    key = models.CharField(max_length=300, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="one_title_key")]

    def __str__(self) -> str:
        return self.key

    @classmethod
    def rows_for(cls, plans: list[Plan]) -> list[PlanTitleKey]:
        """Rows for plans written with ``bulk_create``, which skips ``Plan.save``."""
        return [cls(plan=plan, key=key) for plan in plans for key in sorted(title_keys(plan.title))]


class PlanCitation(models.Model):
    """A document a plan names in 《》 (plans.lib.citations), read once when the plan is
    imported; matched to the catalogue when a page shows it (plans.citing), so a cited plan
    imported later is found."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="citations")
    order = models.PositiveIntegerField()  # of first mention
    title = models.CharField(max_length=200)  # as first printed, whitespace removed
    key = models.CharField(max_length=200, db_index=True)  # title_key(title)
    # Every form the cited title takes (title_keys): what a PlanTitleKey may equal.
    keys = models.JSONField(default=list)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="one_citation_per_order")
        ]

    def __str__(self) -> str:
        return f"《{self.title}》 ×{self.count}"


class SectionQuerySet(models.QuerySet):
    def for_plan(self, plan: Plan) -> SectionQuerySet:
        return self.filter(plan=plan).order_by("order")

    def roots(self) -> SectionQuerySet:
        return self.filter(parent__isnull=True)


UNTITLED_WORDS = 20  # characters that name a section without a heading


class Section(models.Model):
    class Kind(models.TextChoices):
        PREFACE = "preface", _("前言")
        CHAPTER = "chapter", _("章")
        SECTION = "section", _("节")
        ITEM = "item", _("条")
        SUBITEM = "subitem", _("款")
        PARAGRAPH = "paragraph", _("段")
        BOX = "box", _("专栏")
        BOX_ITEM = "box_item", _("专栏条目")
        GOAL = "goal", _("目标")
        PRINCIPLE = "principle", _("原则")
        ATTACHMENT = "attachment", _("附件")
        TEXT = "text", _("全文")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    order = models.PositiveIntegerField(_("顺序"), help_text=_("在全文中的位置（文档顺序）"))
    depth = models.PositiveSmallIntegerField(_("层级"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("编号"), max_length=40, blank=True)
    title = models.CharField(_("标题"), max_length=500, blank=True)
    body = models.TextField(_("正文"), blank=True)
    title_simplified = models.CharField(_("标题（简体）"), max_length=500, blank=True)
    body_simplified = models.TextField(_("正文（简体）"), blank=True)
    title_tokens = models.TextField(_("标题分词"), blank=True, help_text=_("空格分隔"))
    body_tokens = models.TextField(_("正文分词"), blank=True, help_text=_("空格分隔"))
    start = models.PositiveIntegerField(_("起始位置"))
    end = models.PositiveIntegerField(_("结束位置"))
    implied = models.BooleanField(_("补充节点"), default=False)
    flags = models.JSONField(_("问题标记"), default=list, blank=True)
    # Read from the text at import (plans.lib.duties): {"lead", "responsible", "deadline",
    # "year"} when the section names who does it, else null.
    duties = models.JSONField(_("责任与时限"), null=True, blank=True)
    # A 专栏's items or a table's rows: [{"name", "content", "period", "investment", "lead",
    # "responsible"}].
    projects = models.JSONField(_("项目清单"), default=list, blank=True)
    # Sentence vectors of the title and of the start of the content (compare/lib/meaning.py),
    # made at the section's first alignment; cleared when its plan is imported again.
    meaning = models.BinaryField(_("语义向量"), null=True, blank=True, editable=False)
    # One vector per sentence of its own text (compare.lib.meaning.sentences), made with the
    # vectors above: the coverage report reads which sentence takes an item up.
    sentence_meaning = models.BinaryField(_("逐句语义向量"), null=True, blank=True, editable=False)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="section_unique_order"),
        ]
        verbose_name = _("章节")
        verbose_name_plural = _("章节")

    def __str__(self) -> str:
        if self.heading:
            return self.heading
        # An untitled preface reads by its kind and first words (a bare "#0" tells no one which).
        words = " ".join(self.body.split())
        if not words:
            return f"{self.get_kind_display()} #{self.order}"
        if len(words) > UNTITLED_WORDS:
            words = words[: UNTITLED_WORDS - 1] + "…"
        return f"{self.get_kind_display()}：{words}"

    def get_absolute_url(self) -> str:
        return reverse("plans:section", args=[self.plan.slug, self.pk])

    @property
    def heading(self) -> str:
        """The heading as printed: label and title."""
        # 第三章 and 专栏3 are followed by a space in print; 一、 and （一） are not.
        sep = " " if self.label[-1:] in "章节栏" or self.label[-1:].isdigit() else ""
        if self.label.endswith(".") or self.label.endswith("．"):
            sep = ""
        return f"{self.label}{sep}{self.title}".strip()

    @property
    def anchor(self) -> str:
        return f"s{self.pk}"

    @property
    def duty_bodies(self) -> list[str]:
        """Every body the section or its projects name as lead or responsible."""
        named = [*(self.duties or {}).get("lead", []), *(self.duties or {}).get("responsible", [])]
        for project in self.projects or []:
            named += [*project.get("lead", []), *project.get("responsible", [])]
        return named

    @property
    def duty_line(self) -> str:
        """Who leads and by when, as one line: 牵头：… · 责任：… · 时限：… ("" when unnamed).

        A 专栏 names its projects' bodies, each once."""
        duties = self.duties or {}
        if not duties and self.projects:
            named = {key: [] for key in ("lead", "responsible")}
            for project in self.projects:
                for key, bodies in named.items():
                    bodies += [b for b in project.get(key, []) if b not in bodies]
            duties = named
        parts = [
            (_("牵头："), "、".join(duties.get("lead", []))),
            (_("责任："), "、".join(duties.get("responsible", []))),
            (_("时限："), duties.get("deadline", "")),
        ]
        return " · ".join(f"{label}{value}" for label, value in parts if value)

    @property
    def project_columns(self) -> set[str]:
        """The project fields some project fills: a column for each, none left empty."""
        keys = ("period", "investment", "lead", "responsible")
        return {key for project in self.projects or [] for key in keys if project.get(key)}

    def names_body(self, body: str) -> bool:
        """Whether a body whose name holds ``body`` leads or shares this section's work, in
        either script (大数据局 finds 省大數據局)."""
        wanted = to_simplified(body)
        return bool(wanted) and any(wanted in to_simplified(named) for named in self.duty_bodies)


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
        verbose_name_plural = _("量化目标")

    def __str__(self) -> str:
        return self.text

    @property
    def source_text(self) -> str:
        """The section text the offsets point into."""
        return self.section.title if self.in_title else self.section.body


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
        verbose_name_plural = _("待识别的导入")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    @property
    def page_now(self) -> int:
        """The page OCR reads now (1-based), for "OCR 第 N / M 页"."""
        return min(self.pages_done + 1, self.pages_total)
