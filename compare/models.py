from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from plans.models import Plan, Section


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
        verbose_name_plural = _("对齐运行")
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
        verbose_name_plural = _("发起客户端")

    def __str__(self) -> str:
        return self.client


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
    note = models.TextField(_("备注"), blank=True)

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
        verbose_name_plural = _("章节对应")

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
        verbose_name_plural = _("对应变更记录")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.left_id}↔{self.right_id}"


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
        verbose_name_plural = _("保存的对照")

    def __str__(self) -> str:
        return self.title or self.plans

    def get_absolute_url(self) -> str:
        return reverse("compare:saved", args=[self.code])


class CoverageDecision(models.Model):
    """A curator's word on whether a lower plan takes up one item of a higher plan.

    Rows are never changed: the latest for an (item, lower plan) is in force, and all of them
    are its history, so a decision survives every re-run of the engine and can be traced.
    """

    class Status(models.TextChoices):
        COVERED = "covered", _("已落实")
        MISSING = "missing", _("未体现")
        CLEARED = "cleared", _("撤销人工判断")

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="+", verbose_name=_("上级规划条目")
    )
    lower = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="+", verbose_name=_("下级规划")
    )
    status = models.CharField(_("判断"), max_length=10, choices=Status.choices)
    note = models.TextField(_("说明"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("落实情况判断")
        verbose_name_plural = _("落实情况判断")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.section_id} → {self.lower_id}"


# -- One plan against the whole catalogue (compare/catalogue/running.py) -----------------------


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


class JobWorker(models.Model):
    """A running `manage.py worker`: it beats while it lives (web.jobqueue.Heartbeat), so a
    health check can tell live workers from ones killed without a chance to say so."""

    name = models.CharField(_("名称"), max_length=200)  # host and process id
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)

    class Meta:
        ordering = ["-heartbeat_at"]
        verbose_name = _("任务进程")
        verbose_name_plural = _("任务进程")

    def __str__(self) -> str:
        return self.name


# -- A reader's notes on the rows of a comparison (compare/noting.py) --------------------------


class RowNote(models.Model):
    """A signed-in reader's mark and line on a row of a comparison, private to its author.

    The row is named by the plan set and one section it holds (the row's lead section when the
    note was written): rows are rebuilt from links on every alignment, a section is not, so the
    note follows its section to whichever row shows it. Writing a note changes no link and no
    curation.
    """

    class Mark(models.TextChoices):
        BORROW = "borrow", _("可借鉴")
        CHECK = "check", _("待核实")
        NOT_APPLICABLE = "not_applicable", _("不适用")

    TEXT_LENGTH = 500

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="row_notes",
        verbose_name=_("作者"),
    )
    plan_key = models.CharField(_("规划组合"), max_length=500)
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="+", verbose_name=_("章节")
    )
    mark = models.CharField(_("标记"), max_length=20, choices=Mark.choices, blank=True)
    text = models.CharField(_("笔记"), max_length=TEXT_LENGTH, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["author", "plan_key", "section"]
        verbose_name = _("行笔记")
        verbose_name_plural = _("行笔记")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "plan_key", "section"], name="one_note_per_row_and_author"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author} · {self.plan_key} · {self.section_id}"


class RowNoteVersion(models.Model):
    """Every state a note has had, written in the same transaction as the change; the note's
    own row holds only the latest. A deleted note keeps its versions (``note`` set to null)."""

    class Action(models.TextChoices):
        CREATED = "created", _("新建")
        EDITED = "edited", _("修改")
        DELETED = "deleted", _("删除")

    note = models.ForeignKey(
        RowNote, on_delete=models.SET_NULL, null=True, blank=True, related_name="versions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("作者"),
    )
    plan_key = models.CharField(_("规划组合"), max_length=500)
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="+", verbose_name=_("章节")
    )
    action = models.CharField(_("动作"), max_length=10, choices=Action.choices)
    mark = models.CharField(_("标记"), max_length=20, choices=RowNote.Mark.choices, blank=True)
    text = models.CharField(_("笔记"), max_length=RowNote.TEXT_LENGTH, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("行笔记历史")
        verbose_name_plural = _("行笔记历史")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.note_id or '-'} @ {self.at:%Y-%m-%d %H:%M}"


class SavedNote(models.Model):
    """A note as its author kept it with a saved comparison: a copy, shown read-only to anyone
    with the link, unchanged by later edits of the note."""

    saved = models.ForeignKey(
        SavedComparison,
        on_delete=models.CASCADE,
        related_name="notes",
        verbose_name=_("保存的对照"),
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="+", verbose_name=_("章节")
    )
    mark = models.CharField(_("标记"), max_length=20, choices=RowNote.Mark.choices, blank=True)
    text = models.CharField(_("笔记"), max_length=RowNote.TEXT_LENGTH, blank=True)

    class Meta:
        ordering = ["saved", "section"]
        verbose_name = _("保存的笔记")
        verbose_name_plural = _("保存的笔记")

    def __str__(self) -> str:
        return f"{self.saved} · {self.section_id}"
