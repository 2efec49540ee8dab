"""Writing notes on comparison rows from the compare page (compare.noting): signed-in readers
only, each on their own notes; with htmx the answer is the row's notes block, else a redirect
back to the row (or, when the note cannot be written, a page saying why with the form again)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from compare import noting
from compare.forms import CompareForm
from compare.models import RowNote
from compare.reading.rendering import FailedNote, notes_html
from plans.models import Section


@require_POST
def create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return HttpResponseForbidden(_("请先登录，才能写笔记。"))
    plans = CompareForm({"plans": request.POST.get("plans", "")})
    section = Section.objects.filter(pk=_number(request.POST.get("section"))).first()
    if not plans.is_valid() or section is None:
        return HttpResponse(_("请从对照页面的行上写笔记（缺少规划或章节）。"), status=400)
    try:
        noting.write_note(
            author=request.user,
            plans=plans.cleaned_data["plans"],
            section=section,
            mark=request.POST.get("mark", ""),
            text=request.POST.get("text", ""),
        )
    except noting.NoteError as error:
        return _answer(request, failed=_failed(request, None, error))
    return _answer(request)


@require_POST
def change(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit (action=save) or delete (action=delete) one of the reader's own notes."""
    if not request.user.is_authenticated:
        return HttpResponseForbidden(_("请先登录，才能写笔记。"))
    # Another reader's note is as absent as one that never was: notes are private.
    note = get_object_or_404(RowNote, pk=pk, author=request.user)
    try:
        if request.POST.get("action") == "delete":
            noting.delete_note(note)
        else:
            noting.edit_note(
                note, mark=request.POST.get("mark", ""), text=request.POST.get("text", "")
            )
    except noting.NoteError as error:
        return _answer(request, failed=_failed(request, note.pk, error))
    return _answer(request)


def _failed(request, pk: int | None, error: noting.NoteError) -> FailedNote:
    post = request.POST
    return FailedNote(pk, post.get("mark", ""), post.get("text", ""), str(error))


def _answer(request, *, failed: FailedNote | None = None) -> HttpResponse:
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("compare:compare")
    anchor = request.POST.get("row", "")
    if not (anchor.startswith("r") and anchor[1:].isdigit()):
        anchor = f"r{_number(request.POST.get('section'))}"
    if not request.htmx and not failed:
        return redirect(back)
    sections = [n for n in map(_number, request.POST.get("sections", "").split(",")) if n]
    plans = request.POST.get("plans", "")
    notes = [
        note for note in noting.notes_of(request.user, _plans(plans)) if note.section in sections
    ]
    block = notes_html(
        anchor, sections, notes, plans=plans, back=back, request=request, failed=failed
    )
    if request.htmx:  # the block replaces itself, the error (if any) inside it
        return HttpResponse(block)
    context = {"notes_block": mark_safe(block), "back": back}
    return render(request, "compare/note_error.html", context, status=400)


def _plans(value: str):
    form = CompareForm({"plans": value})
    return form.cleaned_data["plans"] if form.is_valid() else []


def _number(value) -> int:
    return int(value) if str(value or "").isdigit() else 0
