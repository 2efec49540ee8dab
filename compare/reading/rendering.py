"""The comparison's rows as HTML, written in Python.

A three-plan comparison has some 150 rows, 450 cells and 300 sections: through Django template
includes that took most of the page's time (a lookup per variable, a translation per tag per
row). Here each row is a few string joins, every interface word is translated once per request,
and all text is escaped. The markup is what the page's CSS, scripts and tests expect; the page
around the rows stays a template (``compare/compare.html``), which calls ``row_html``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from compare.lib.topic import mentions_any, searchable
from compare.models import RowNote
from compare.reading.comparing import Cell, RowView, SectionView
from compare.reading.picking import short_labels
from compare.reading.values import untitled_name
from compare.templatetags.compare_tags import link_reason, render_diff, render_marks, render_topic


def row_html(
    row: RowView,
    *,
    form,
    focus: bool,
    curator: bool,
    request,
    notes: list | None = None,
    note_plans: str = "",
    shown: Collection[str] | None = None,
) -> str:
    """One row; with ``notes`` (compare.noting.ShownNote) beside it, editable when
    ``note_plans`` names the plan set the notes are written on. ``shown``: the anchors of the
    rows on the page (None: all of them), where a pointer to another row may lead in place."""
    words = _words()
    classes = "row" + (" unique" if row.unique else "") + (" focused" if focus else "")
    differs = " data-differs" if row.differs and not row.unique else ""
    terms = form.filters().terms  # the topic's words, highlighted wherever they occur
    # A row the filters hide is pointed to in the whole comparison, where it is.
    whole = "" if shown is None else f"{reverse('compare:compare')}?{form.whole_query()}"
    cells = "".join(
        _cell(row, cell, words, focus, curator, request, terms, _Away(shown, whole))
        for cell in row.cells
    )
    block = ""
    if note_plans or notes:
        where = NoteRow(
            anchor=row.anchor,
            sections=tuple(v.section.pk for c in row.cells for v in c.sections),
            plans=note_plans,
            back="",  # the rows carry links only; a form gets the way back when it opens
        )
        block = notes_html(where, notes or [])
    return (
        f'<tr id="{row.anchor}" class="{classes}" data-part="{row.part}"{differs}>\n'
        f"{cells}\n{_tools(row, form, words, block)}\n</tr>"
    )


@dataclass(frozen=True)
class NoteRow:
    """Where a row's notes are written: the row, the sections it shows (a note on any of them
    is the row's), the plan set ("" for notes kept with a saved link: read-only) and the
    address to go back to without JavaScript."""

    anchor: str
    sections: tuple[int, ...]
    plans: str
    back: str

    def query(self, **more) -> str:
        """What a note's URL needs to answer for this row (the way back comes from the page
        asking: htmx's current URL or the referrer, not from every row's links)."""
        sections = ",".join(map(str, self.sections))
        return urlencode({"plans": self.plans, "row": self.anchor, "sections": sections} | more)


@dataclass(frozen=True)
class FailedNote:
    """What a reader posted for a note that could not be kept (``pk`` None: a new one), shown
    again in its form with the reason."""

    pk: int | None
    mark: str
    text: str
    error: str


NEW = 0  # ``editing``: the form for a new note


def notes_html(
    where: NoteRow,
    notes: list,
    *,
    editing: int | None = None,
    failed: FailedNote | None = None,
    token: str = "",
) -> str:
    """A row's notes (compare.noting.ShownNote). With ``where.plans`` (the reader's own notes),
    each has a link that opens its form in place, or one to write a note; ``editing`` (a
    note's pk or NEW) shows that form itself, with ``failed`` in it when it came back. Forms
    post without JavaScript too; with htmx, links and forms answer with this block."""
    words = _words()
    if failed:
        editing = failed.pk or NEW
    # Links and forms inside answer with the block, which replaces itself.
    out = [
        f'<div class="row-notes" id="notes-{where.anchor}" hx-target="this" hx-swap="outerHTML">'
    ]
    for note in notes:
        mark = (
            f'<span class="note-mark mark-{note.mark}">{escape(note.mark_label)}</span> '
            if note.mark
            else ""
        )
        out.append(f'<p class="note">{mark}<span class="note-text">{escape(note.text)}</span></p>')
        if where.plans and note.pk:
            url = reverse("compare:note", args=[note.pk])
            if editing == note.pk:
                out.append(_note_form(where, url, note, failed, token))
            else:
                out.append(_note_link(where, url, words["note_edit"]))
    if where.plans and not any(n.pk for n in notes):
        url = reverse("compare:notes")
        if editing == NEW:
            out.append(_note_form(where, url, None, failed, token))
        else:
            out.append(_note_link(where, url, words["note_add"]))
    out.append("</div>")
    return "".join(out)


def _note_link(where: NoteRow, url: str, word: str) -> str:
    href = escape(f"{url}?{where.query(form='1')}")
    return f'<a class="note-open" href="{href}" hx-get="{href}">{word}</a>'


def _note_form(where: NoteRow, url: str, note, failed: FailedNote | None, token: str) -> str:
    words = _words()
    mark, text = (
        (failed.mark, failed.text) if failed else (note.mark, note.text) if note else ("", "")
    )
    marks = "".join(
        f'<option value="{value}"{" selected" if mark == value else ""}>{escape(label)}</option>'
        for value, label in _mark_choices()
    )
    hidden = {
        "csrfmiddlewaretoken": token,
        "plans": where.plans,
        "section": where.anchor[1:],
        "row": where.anchor,
        "sections": ",".join(map(str, where.sections)),
        "next": where.back,
    }
    fields = "".join(
        f'<input type="hidden" name="{name}" value="{escape(value)}">'
        for name, value in hidden.items()
    )
    delete = (
        f'<button type="submit" name="action" value="delete">{words["note_delete"]}</button>'
        if note
        else ""
    )
    alert = f'<p class="form-error" role="alert">{escape(failed.error)}</p>' if failed else ""
    cancel = escape(f"{url}?{where.query()}")
    return (
        f'<form class="note-form" method="post" action="{url}" hx-post="{url}">{fields}{alert}'
        f'<label>{words["note_mark"]}<select name="mark" autofocus>{marks}</select></label>'
        f'<label>{words["note_text"]}<textarea name="text" rows="3" '
        f'maxlength="{RowNote.TEXT_LENGTH}">{escape(text)}</textarea></label>'
        f'<span class="note-buttons"><button type="submit" name="action" value="save">'
        f"{words['note_save']}</button>{delete}"
        f'<a href="{escape(where.back)}" hx-get="{cancel}">{words["note_cancel"]}</a>'
        "</span></form>"
    )


def _mark_choices() -> list[tuple[str, str]]:
    return [("", _("（无标记）")), *RowNote.Mark.choices]


_WORDS: dict[str, dict[str, str]] = {}


def _words() -> dict[str, str]:
    """The interface words of a row, translated once per language and process."""
    language = get_language()
    if language not in _WORDS:
        _WORDS[language] = _translated()
    return _WORDS[language]


def _translated() -> dict[str, str]:
    return {
        "also": _("也见于其他行："),
        "sep": _("；"),
        "none": _("无对应"),
        "more": _("展开"),
        "anchor": _("本行链接"),
        "marks": _("标记"),
        "diff": _("逐字"),
        "lang": get_language(),
        "implied": _("补充"),
        "implied_why": _("原文没有这一层标题，导入时补充，以便下级各节有所归属"),
        "garbled": _("乱码"),
        "garbled_why": _("原文这里有乱码，请对照原件"),
        "confirm": pgettext("button", "确认"),
        "reject": pgettext("button", "否决"),
        "reopen": pgettext("button", "恢复为自动"),
        "replace": _("更换对应"),
        "note_why": _("说明（可选）"),
        "link_note": _("说明："),
        "history": _("对应变更记录"),
        "note_add": _("写笔记"),
        "note_edit": _("改笔记"),
        "note_mark": pgettext("a note's mark", "标记"),
        "note_text": _("笔记（一句，500 字以内）"),
        "note_save": pgettext("button", "保存笔记"),
        "note_delete": pgettext("button", "删除笔记"),
        "note_cancel": _("取消"),
    }


@dataclass(frozen=True)
class _Away:
    """Where a pointer to row ``anchor`` leads: in place when the row is on the page (or
    ``shown`` is None), else to it in the whole comparison at ``whole``."""

    shown: Collection[str] | None
    whole: str

    def href(self, anchor: str) -> str:
        if self.shown is None or anchor in self.shown:
            return f"#{anchor}"
        return escape(f"{self.whole}#{anchor}")


def _cell(row, cell: Cell, words, focus, curator, request, terms, away: _Away) -> str:
    lang = "zh-Hant" if cell.plan.is_traditional else "zh-Hans"
    parts = [_section(row, v, words, focus, curator, request, terms) for v in cell.sections]
    if cell.also:
        links = words["sep"].join(
            f'<a href="{away.href(v.anchor)}">{escape(_heading_text(v.section, 20))}</a>'
            + (f' <span class="score">{v.link.score:.2f}</span>' if v.link else "")
            for v in cell.also
        )
        parts.append(f'<div class="also"><span class="muted">{words["also"]}</span>{links}</div>')
    if not cell.sections and not cell.also:
        if row.unique and row.only_in:
            plans = [c.plan for c in row.cells]
            name = short_labels(plans)[plans.index(row.only_in)]
            only = _("仅见于%(name)s") % {"name": name}
            parts.append(f'<p class="only-in muted">{escape(only)}</p>')
        else:
            parts.append(f'<p class="none muted" aria-label="{words["none"]}">—</p>')
    return f'<td data-plan="{cell.plan.slug}" lang="{lang}">\n' + "\n".join(parts) + "\n</td>"


def _section(row, view: SectionView, words, focus, curator, request, terms) -> str:
    s = view.section
    # A first-plan section gathered into another's row keeps its own anchor for older links.
    own = f"r{s.pk}"
    kept = f' id="{own}"' if s in row.base and own != row.anchor else ""
    out = [f'<article class="cmp-section"{kept}>']
    if view.chapter:
        out.append(f'<p class="in-chapter">{escape(_heading_text(view.chapter, 16))}</p>')
    label = f'<span class="label">{escape(s.label)}</span>' if s.label else ""
    if view.diff and view.diff_on == "title":
        title = render_diff(view.diff, terms)
    elif s.title:
        title = render_topic(s.title, terms)
    elif kind := untitled_name(s):
        # No heading in the document: named by its kind, a word of the interface, said as such.
        title = f'<span class="untitled" lang="{words["lang"]}">{escape(kind)}</span>'
    else:
        title = ""
    badges = ""
    if s.implied:
        badges += (
            f' <span class="badge badge-implied" title="{words["implied_why"]}">'
            f"{words['implied']}</span>"
        )
    if "mojibake" in (s.flags or []):
        badges += (
            f' <span class="badge badge-bad" title="{words["garbled_why"]}">'
            f"{words['garbled']}</span>"
        )
    out.append(f'<h3><a href="{s.get_absolute_url()}">{label}{title}</a>{badges}</h3>')
    if view.link:
        out.append(_why(row, view, words, focus, curator, request))
    for rejection in view.rejected:
        out.append(_rejected(s, rejection, words))
    if s.body:
        if view.diff and view.diff_on == "body":
            text = render_diff(view.diff, terms)
        elif view.pieces:
            text = render_marks(view.pieces, terms)
        else:
            text = render_topic(s.body, terms)
        if row.folds and not focus:
            more = _("展开全文（%(n)s 字）") % {"n": len(s.body)}
            # A text that mentions the topic is open: the reader filtered for those words.
            topical = terms and mentions_any(searchable(s.body_simplified), terms)
            out.append(
                f'<details class="fold"{" open" if topical else ""}><summary>'
                f'<span class="excerpt">{escape(_truncate(s.body, 60))}</span> '
                f'<span class="more">{more}</span></summary>'
                f'<div class="text">{text}</div></details>'
            )
        else:
            out.append(f'<div class="text">{text}</div>')
    if duty_line := s.duty_line:
        out.append(f'<p class="duties">{escape(duty_line)}</p>')
    out.append("</article>")
    return "\n".join(out)


def _why(row, view, words, focus, curator, request) -> str:
    link = view.link
    status = "" if link.status == "auto" else f" status-{link.status}"
    out = [
        f'<details class="why"{" open" if focus else ""}><summary>'
        f'<span class="score">{link.score:.2f}</span> '
        f'<span class="status{status}">{escape(link.status_label)}</span></summary>'
        f"<p>{escape(link_reason(link))}</p>"
    ]
    if link.note:
        out.append(f'<p class="link-note">{words["link_note"]}{escape(link.note)}</p>')
    if curator:
        url = reverse("compare:curate", args=[link.id])
        back = escape(f"{request.get_full_path()}#{row.anchor}")
        buttons = []
        if link.status != "confirmed":
            buttons.append(f'<button name="action" value="confirm">{words["confirm"]}</button>')
        buttons.append(f'<button name="action" value="reject">{words["reject"]}</button>')
        if link.status != "auto":
            buttons.append(f'<button name="action" value="reopen">{words["reopen"]}</button>')
        replace = reverse("admin:compare_sectionlink_replace", args=[link.id])
        out.append(
            f'<form method="post" action="{url}" class="curate" hx-post="{url}" '
            f'hx-target="#{row.anchor}" hx-select="#{row.anchor}" hx-swap="outerHTML">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}">'
            f'<input type="hidden" name="next" value="{back}">'
            f'<input type="text" name="note" placeholder="{words["note_why"]}" '
            f'aria-label="{words["note_why"]}">'
            + "".join(buttons)
            + f'<a href="{replace}">{words["replace"]}</a></form>'
        )
    out.append("</details>")
    return "".join(out)


def _rejected(section, rejection, words) -> str:
    """Why a counterpart is no longer beside the section: the curator's rejection and its note,
    with the way to the link history of the two plans."""
    plans = ",".join(sorted({section.plan.slug, rejection.other.plan.slug}))
    history = escape(f"{reverse('compare:history')}?{urlencode({'plans': plans})}")
    return (
        f'<p class="link-rejected muted">{escape(rejection.line)} '
        f'<a href="{history}">{words["history"]}</a></p>'
    )


def _tools(row: RowView, form, words, notes: str = "") -> str:
    # data-fetch links replace their row in place (script in compare.html); plain links without JS
    a = row.anchor
    out = [
        f'<td class="row-tools"><a class="focus-link" data-fetch '
        f'href="?{escape(form.query(row=a, rowmode=""))}#{a}">{words["more"]}</a>',
        f'<a class="anchor-link" href="#{a}" aria-label="{words["anchor"]}">#</a>',
    ]
    if row.comparable:
        mode, word = ("marks", "marks") if row.redline else ("redline", "diff")
        out.append(
            f'<a class="row-mode" data-fetch href="?{escape(form.query(row=a, rowmode=mode))}#{a}">'
            f"{words[word]}</a>"
        )
    return "\n".join(out) + notes + "</td>"


def _heading_text(section, limit: int) -> str:
    title = _truncate(section.title, limit)
    return f"{section.label} {title}" if section.label else title


def _truncate(text: str, limit: int) -> str:
    """As Django's ``truncatechars``: at most ``limit`` characters, the last one an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
