"""A reader's notes on the rows of a comparison (compare/noting.py): the notes, their history and
the copies kept with a saved comparison."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from compare.models.saved import SavedComparison
from plans.models import Section


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
        verbose_name_plural = pgettext_lazy("model, plural", "行笔记")
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
        verbose_name_plural = pgettext_lazy("model, plural", "行笔记历史")

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
        verbose_name_plural = pgettext_lazy("model, plural", "保存的笔记")

    def __str__(self) -> str:
        return f"{self.saved} · {self.section_id}"
