"""Notes on comparison rows from the compare page (compare.noting): signed-in readers only,
each on their own notes. One URL per note serves its form (GET) and takes its change (POST);
with htmx the answer is the row's notes block, else a page with the form, or a redirect back
to the row once the note is kept."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from compare import noting
from compare.forms import CompareForm
from compare.models import RowNote
from compare.reading.rendering import NEW, FailedNote, NoteRow, notes_html
from plans.models import Section


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def create(request: HttpRequest) -> HttpResponse:
    """A new note on a row: its form (GET ?form=1), or the note written (POST)."""
    if not request.user.is_authenticated:
        return HttpResponseForbidden(_("请先登录，才能写笔记。"))
    if request.method != "POST":
        return _answer(request, editing=NEW if request.GET.get("form") else None)
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


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def change(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the reader's notes: its form (GET ?form=1), edited (POST action=save) or
    deleted (POST action=delete)."""
    if not request.user.is_authenticated:
        return HttpResponseForbidden(_("请先登录，才能写笔记。"))
    # Another reader's note is as absent as one that never was: notes are private.
    note = get_object_or_404(RowNote, pk=pk, author=request.user)
    if request.method != "POST":
        return _answer(request, editing=note.pk if request.GET.get("form") else None)
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


def _answer(request, *, editing: int | None = None, failed: FailedNote | None = None):
    """The row's notes block (htmx), the page with a form (GET, or a note not kept), or back
    to the row (a note kept without JavaScript)."""
    data = request.POST if request.method == "POST" else request.GET
    where = _where(request, data)
    if request.method == "POST" and not request.htmx and not failed:
        return redirect(where.back)
    notes = [
        n for n in noting.notes_of(request.user, _plans(where.plans)) if n.section in where.sections
    ]
    block = notes_html(where, notes, editing=editing, failed=failed, token=get_token(request))
    if request.htmx:  # the block replaces itself, an error (if any) inside it
        return HttpResponse(block)
    section = Section.objects.select_related("plan").filter(pk=_number(where.anchor[1:])).first()
    context = {
        "notes_block": mark_safe(block),
        "back": where.back,
        "failed": failed,
        "section": section,
    }
    return render(request, "compare/note.html", context, status=400 if failed else 200)


def _where(request, data) -> NoteRow:
    anchor = data.get("row", "")
    if not (anchor.startswith("r") and anchor[1:].isdigit()):
        anchor = f"r{_number(data.get('section'))}"
    # A form says where it came from; a link's answer takes the page that asked for it.
    back = data.get("next") or _path(request.htmx.current_url if request.htmx else None)
    back = back or _path(request.headers.get("Referer"))
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = f"{reverse('compare:compare')}?{urlencode({'plans': data.get('plans', '')})}"
    if "#" not in back:
        back += f"#{anchor}"
    sections = tuple(n for n in map(_number, data.get("sections", "").split(",")) if n)
    return NoteRow(anchor=anchor, sections=sections, plans=data.get("plans", ""), back=back)


def _path(url: str | None) -> str:
    """A URL of this site as a path with its query, so the way back stays on this host."""
    if not url:
        return ""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _plans(value: str):
    form = CompareForm({"plans": value})
    return form.cleaned_data["plans"] if form.is_valid() else []


def _number(value) -> int:
    return int(value) if str(value or "").isdigit() else 0
