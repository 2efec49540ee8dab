"""A plan's sections: its tree of chapters, items and paragraphs, with the text read for
matching stored beside them."""

from __future__ import annotations

from django.db import models
from django.db.models.base import DEFERRED
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from plans.models.documents import Plan
from plans.parsing.text import to_simplified

# The text a section's meaning vectors are made from: writing any of it drops them.
TEXT_FIELDS = ("title", "body", "title_simplified", "body_simplified")
MEANING_FIELDS = ("meaning", "sentence_meaning")
# Where a section stands: its parent's meaning vector reads its text, in document order, so a
# move drops the vectors of the sections above its old and its new place (not its own).
PLACE_FIELDS = ("parent", "parent_id", "order")


class SectionQuerySet(models.QuerySet):
    def for_plan(self, plan: Plan) -> SectionQuerySet:
        return self.filter(plan=plan).order_by("order")

    def roots(self) -> SectionQuerySet:
        return self.filter(parent__isnull=True)

    def update(self, **kwargs) -> int:
        if set(kwargs) & set(TEXT_FIELDS):
            kwargs.update(dict.fromkeys(MEANING_FIELDS))
        if not set(kwargs) & set(PLACE_FIELDS):
            return super().update(**kwargs)
        # bulk_update() writes through here too, its new places as expressions: read them back.
        stood = dict(self.values_list("pk", "parent_id"))
        written = super().update(**kwargs)
        stands = Section.objects.filter(pk__in=stood).values_list("parent_id", flat=True)
        _drop_meaning_above({*stood.values(), *stands})
        return written

    def bulk_update(self, objs, fields, *args, **kwargs) -> int:
        if set(fields) & set(TEXT_FIELDS):
            objs = list(objs)
            for row in objs:
                row.meaning = row.sentence_meaning = None
            fields = [*fields, *(f for f in MEANING_FIELDS if f not in fields)]
        return super().bulk_update(objs, fields, *args, **kwargs)


def _drop_meaning_above(parent_ids) -> None:
    """Drop the meaning vectors of these sections and of every section above them."""
    seen: set[int] = set()
    level = {pk for pk in parent_ids if pk is not None}
    while level:
        seen |= level
        up = Section.objects.filter(pk__in=level, parent__isnull=False)
        level = set(up.values_list("parent_id", flat=True)) - seen
    if seen:
        Section.objects.filter(pk__in=seen).update(meaning=None)


UNTITLED_WORDS = 20  # characters that name a section without a heading


def untitled_name(kind: str, body: str) -> str:
    """A section without a heading named by its kind and first words (前言：为贯彻…), marked
    as cut so that it reads as no heading."""
    words = " ".join(body.split())
    if len(words) > UNTITLED_WORDS:
        words = words[: UNTITLED_WORDS - 1] + "…"
    # Chinese sets the words off with a full-width colon, English with ": ".
    return gettext("%(kind)s：%(words)s") % {"kind": kind, "words": words}


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

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="sections", verbose_name=_("规划")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级章节"),
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
    # made at the section's first alignment, followed by a digest of the text they were made
    # from (remade when it no longer matches); dropped whenever the section's text is written.
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
        verbose_name_plural = pgettext_lazy("model, plural", "章节")

    def __str__(self) -> str:
        if self.heading:
            return self.heading
        # An untitled preface reads by its kind and first words (a bare "#0" tells no one which).
        if not self.body.split():
            return f"{self.get_kind_display()} #{self.order}"
        return untitled_name(self.get_kind_display(), self.body)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        written = TEXT_FIELDS if update_fields is None else set(TEXT_FIELDS) & set(update_fields)
        read = getattr(self, "_text_read", {})
        # A field deferred when read and loaded later is not known to be unchanged.
        changed = [
            name
            for name in written
            if name in self.__dict__ and (name not in read or read[name] != self.__dict__[name])
        ]
        if changed:
            self.meaning = self.sentence_meaning = None
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *MEANING_FIELDS}
        placed = getattr(self, "_place_read", {})
        moved = [
            name
            for name in ("parent_id", "order")
            if name in placed
            and (update_fields is None or {name, name.removesuffix("_id")} & set(update_fields))
            and placed[name] != self.__dict__.get(name, placed[name])
        ]
        super().save(*args, **kwargs)
        if moved:
            _drop_meaning_above({placed.get("parent_id"), self.parent_id})
            self._place_read = {**placed, **{name: self.__dict__[name] for name in moved}}
        if changed:
            self._text_read = {**read, **{name: self.__dict__[name] for name in changed}}
            # A section's vector reads its descendants' text too: the sections above it follow.
            Section.objects.filter(pk__in=self.ancestor_ids()).update(meaning=None)

    def get_absolute_url(self) -> str:
        return reverse("plans:section", args=[self.plan.slug, self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        row = super().from_db(db, field_names, values)
        # The text as read: save() keeps the meaning vectors only when it writes the same text.
        row._text_read = {
            name: value
            for name, value in zip(field_names, values, strict=True)
            if name in TEXT_FIELDS and value is not DEFERRED
        }
        # Where it stood as read: save() drops the vectors above when it moves the section.
        row._place_read = {
            name: value
            for name, value in zip(field_names, values, strict=True)
            if name in ("parent_id", "order") and value is not DEFERRED
        }
        return row

    def ancestor_ids(self) -> list[int]:
        above, parent = [], self.parent_id
        while parent is not None:
            above.append(parent)
            parent = Section.objects.filter(pk=parent).values_list("parent_id", flat=True).get()
        return above

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
            (_("牵头："), gettext("、").join(duties.get("lead", []))),
            (_("责任："), gettext("、").join(duties.get("responsible", []))),
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
