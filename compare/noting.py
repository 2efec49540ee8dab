"""Readers' notes on comparison rows: writing them (with their history), keeping them with a
saved comparison, and placing them in the rows a comparison shows.

A note names its row by the plan set and a section of the row (``RowNote``); whichever row shows
that section after a re-alignment shows the note. Nothing here touches links or curation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from compare.models import RowNote, RowNoteVersion, SavedComparison, SavedNote, plan_set_key
from compare.reading.comparing import Comparison
from plans.models import Plan, Section

Action = RowNoteVersion.Action


class NoteError(ValueError):
    """A note that cannot be written; the message tells the reader what to change."""


@dataclass(frozen=True)
class ShownNote:
    """A note as a page or an export shows it; ``pk`` is None for a kept (read-only) copy."""

    pk: int | None
    section: int
    mark: str
    text: str

    @property
    def mark_label(self) -> str:
        return str(RowNote.Mark(self.mark).label) if self.mark else ""

    @property
    def line(self) -> str:
        """The mark and the text as one line, as the exports write it: "可借鉴：…"."""
        if self.mark and self.text:
            return _("%(mark)s：%(text)s") % {"mark": self.mark_label, "text": self.text}
        return self.mark_label or self.text


def write_note(*, author, plans: Sequence[Plan], section: Section, mark: str, text: str) -> RowNote:
    """The author's note on the row holding ``section``, created or replaced, and its version."""
    text = _checked(mark, text)
    if section.plan_id not in {p.pk for p in plans}:
        raise NoteError(_("这一节不属于这组规划：请从对照页面的行上写笔记。"))
    key = plan_set_key(plans)
    with transaction.atomic():
        # One author's writes one at a time: a double-click cannot make two notes for a row,
        # nor two tabs pass the limit together.
        get_user_model().objects.select_for_update().filter(pk=author.pk).first()
        note = RowNote.objects.filter(author=author, plan_key=key, section=section).first()
        if note is None:
            limit = settings.NOTES_PER_USER
            if RowNote.objects.filter(author=author).count() >= limit:
                raise NoteError(
                    _("每人最多保存 %(n)d 条笔记；请先删去不再需要的笔记。") % {"n": limit}
                )
            note = RowNote(author=author, plan_key=key, section=section)
            action = Action.CREATED
        else:
            action = Action.EDITED
        note.mark, note.text = mark, text
        note.save()
        _record(note, action)
    return note


def edit_note(note: RowNote, *, mark: str, text: str) -> RowNote:
    """``note`` with a new mark and text, and its version."""
    note.mark, note.text = mark, _checked(mark, text)
    with transaction.atomic():
        note.save()
        _record(note, Action.EDITED)
    return note


def delete_note(note: RowNote) -> None:
    """``note`` removed; its history stays, ending with the deletion."""
    with transaction.atomic():
        _record(note, Action.DELETED)
        note.delete()


def keep_notes(saved: SavedComparison, *, author) -> int:
    """Copies of the author's notes on the saved comparison's plan set, kept with it; how many."""
    slugs = [s for s in saved.plans.split(",") if s]
    notes = RowNote.objects.filter(author=author, plan_key=",".join(sorted(slugs)))
    kept = [
        SavedNote(saved=saved, section_id=n.section_id, mark=n.mark, text=n.text) for n in notes
    ]
    SavedNote.objects.bulk_create(kept)
    return len(kept)


def notes_of(author, plans: Sequence[Plan]) -> list[ShownNote]:
    """The author's notes on this plan set (never anyone else's)."""
    if not author.is_authenticated:
        return []
    notes = RowNote.objects.filter(author=author, plan_key=plan_set_key(plans))
    return [ShownNote(n.pk, n.section_id, n.mark, n.text) for n in notes]


def kept_notes_of(saved: SavedComparison) -> list[ShownNote]:
    return [ShownNote(None, n.section_id, n.mark, n.text) for n in saved.notes.all()]


def notes_by_row(comparison: Comparison, notes: Iterable[ShownNote]) -> dict[str, list[ShownNote]]:
    """The notes by the anchor of the row they belong in: a note goes where its section is
    placed now."""
    rows: dict[str, list[ShownNote]] = {}
    for note in notes:
        if note.section in comparison.placed:
            rows.setdefault(comparison.placed[note.section], []).append(note)
    return rows


def _checked(mark: str, text: str) -> str:
    text = " ".join(text.split())  # a line: newlines and runs of spaces read as one space
    if mark and mark not in RowNote.Mark.values:
        raise NoteError(_("未知标记：请选可借鉴、待核实或不适用。"))
    if not mark and not text:
        raise NoteError(_("请选一个标记或写一句笔记。"))
    if len(text) > RowNote.TEXT_LENGTH:
        raise NoteError(
            _("笔记最多 %(limit)d 字（现在是 %(n)d 字），请删短一些。")
            % {"limit": RowNote.TEXT_LENGTH, "n": len(text)}
        )
    return text


def _record(note: RowNote, action: str) -> None:
    RowNoteVersion.objects.create(
        note=note,
        author_id=note.author_id,
        plan_key=note.plan_key,
        section_id=note.section_id,
        action=action,
        mark=note.mark,
        text=note.text,
    )
