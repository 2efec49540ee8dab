"""Importing through the admin: upload, preview what the text says for staff to correct,
confirm; a scan goes to a background OCR job and its progress page."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect

from plans.forms import ImportPlanForm, NamesField, PlanFieldsForm, preview_record
from plans.importing import (
    PlanImportError,
    PlanOverrides,
    fields_needed,
    import_plan,
    imported_before,
    place_level,
    read_document,
)
from plans.messages import translated, translated_all
from plans.models import METADATA_LABELS, Jurisdiction, PendingImport, Plan
from plans.parsing import PlanParseError, issuer_doubts
from plans.parsing.model import as_stored
from plans.pending import (
    import_read,
    ocr_pages_to_queue,
    preview_stash,
    queue_import,
    reap_dead_imports,
)
from web.jobqueue import queue_full
from web.refusals import busy_page

_PREVIEW = "plans_import_preview"  # the session key holding a previewed upload


# What an import cannot do without (plans.importing.fields_needed), and what to do about it.
_NEEDED = {
    "jurisdiction": _(
        "行政区：文字中没有读出发文的行政区，没有它就不能导入。请在下面填写，如 云南省；"
        "目录中还没有的行政区会在导入时新建。"
    ),
    "level": _(
        "层级：目录中还没有“%(place)s”，从名称也看不出它是哪一级。请选择层级（导入时新建这个"
        "行政区）；如果是名称写错了，请改正行政区。"
    ),
}


def _form_value(form, name: str) -> str:
    """A preview field's value as shown: what the person sent, or what the text said."""
    values = form.data if form.is_bound else form.initial
    return str(values.get(name) or "").strip()


def _fields_needed(form, stash: dict) -> list[str]:
    """The fields the import would be refused for, from the values the preview shows (a value
    left as the text said it is not given, as PlanFieldsForm.overrides has it)."""
    read = stash["read"]
    given = {name: _form_value(form, name) for name in ("jurisdiction", "level")}
    moved = given["jurisdiction"] not in ("", read.get("jurisdiction", ""))
    overrides = PlanOverrides(  # a level beside a place typed over the one read is given
        **{
            name: value if value != read.get(name, "") or moved else ""
            for name, value in given.items()
        }
    )
    return fields_needed(overrides, read=read)


def _issuer_doubts(form) -> list:
    """What looks wrong in the lead issuer shown beside the 文号 shown."""
    lead = NamesField().to_python(_form_value(form, "issuer"))[:1]
    return issuer_doubts(lead[0], _form_value(form, "doc_number")) if lead else []


def _level_to_confirm(form, stash: dict) -> str:
    """The level of the place typed over the one read, when the preview still shows the read
    place's level and the new place has another (in the catalogue, or by its name): imported
    as shown, 昆明市 typed over 云南省 would become a province; "" when nothing is to ask.
    Asked once per place: a name's level is a guess (香港特别行政区 reads as a county), and a
    person who sets the read level back after the question stands by it."""
    read = stash["read"]
    name, shown = _form_value(form, "jurisdiction"), _form_value(form, "level")
    if name in ("", read.get("jurisdiction", "")) or not shown or shown != read.get("level"):
        return ""
    if name == stash.get("level_asked"):
        return ""
    level = place_level(name)
    return level if level and level != shown else ""


def _new_place(name: str) -> str:
    """What the preview says of a place the import will add to the catalogue: a misspelt name
    would otherwise become a second place beside the right one without a word."""
    if not name or Jurisdiction.objects.filter(name=name).exists():
        return ""
    return _(
        "目录中还没有“%(place)s”：确认导入时会新建这个行政区。如果是名称写错了，请在下面改正行政区。"
    ) % {"place": name}


_DISPLAY = {"level": dict(Jurisdiction.Level.choices), "kind": dict(Plan.Kind.choices)}


class ImportViews:
    """The plan admin's import pages (a mixin of PlanAdmin)."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        progress = self.admin_site.admin_view(self.import_progress_view)
        return [
            path("import/", view, name="plans_plan_import"),
            path("import/<int:pk>/", progress, name="plans_plan_import_progress"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a document and import it as `manage.py import_plan` would; "预览" first shows
        what the text says (read or guessed) for staff to correct before anything is saved."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and ("_confirm" in request.POST or "_check" in request.POST):
            return self._confirm_import(request)
        form = ImportPlanForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            document = form.cleaned_data["document"]
            data = document.read()
            if pages := ocr_pages_to_queue(data):
                return self._queue_ocr(request, form, name=document.name, data=data, pages=pages)
            if "_preview" in request.POST:
                return self._preview(request, form, document.name, data)
            done = self._import(request, form, name=document.name, data=data)
            if done is not None:
                return done
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": _("导入规划文件"),
        }
        return TemplateResponse(request, "admin/plans/plan/import.html", context)

    def _queue_ocr(self, request, form, *, name: str, data: bytes, pages: int):
        """A scan: OCR is left to a background job, and the person to its progress page."""
        if queue_full():
            return busy_page(request)
        preview = "_preview" in request.POST
        typed = {k: v for k, v in form.data.items() if k in PlanFieldsForm.base_fields and v}
        pending = queue_import(
            name=name,
            data=data,
            pages=pages,
            overrides=None if preview else form.overrides(),
            replace=form.cleaned_data["replace"],
            preview=preview,
            typed=typed,
            user=request.user,
        )
        return redirect("admin:plans_plan_import_progress", pending.pk)

    def import_progress_view(self, request, pk: int):
        """A queued OCR import: its progress (the page and, for htmx, its status fragment),
        then the plan, or the preview when the person asked for one first."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        reap_dead_imports()
        pending = get_object_or_404(
            PendingImport.objects.defer("data"), pk=pk, started_by=request.user
        )
        done = pending.status == PendingImport.Status.DONE
        if done and request.htmx:  # the whole page moves on, not the fragment
            return HttpResponseClientRedirect(request.get_full_path())
        if done and pending.preview:
            stash = preview_stash(pending)
            return self._show_preview(request, stash, typed=pending.outcome.get("typed", {}))
        if done and pending.plan is None:  # deleted since: nothing to land on
            return redirect("admin:plans_plan_changelist")
        if done:
            return self._imported(
                request, pending.plan, pending.outcome_status, pending.outcome.get("warnings", [])
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("扫描件导入没有完成") if pending.status == "failed" else _("正在识别扫描件"),
            "pending": pending,
            "failure": translated(pending.outcome.get("error") or pending.error),
        }
        template = "admin/plans/plan/import_progress.html" + ("#status" if request.htmx else "")
        response = TemplateResponse(request, template, context)
        patch_vary_headers(response, ["HX-Request"])
        return response

    def _import(self, request, form, *, name: str, data: bytes, read: dict | None = None):
        """Import with the form's options: the plan's change page, or None (errors on the form)."""
        try:
            result = import_plan(
                data=data,
                source=name,
                overrides=form.overrides(read=read),
                replace=form.cleaned_data["replace"],
            )
        except PlanImportError as exc:
            # Beside the field that fixes it (the message names the command's option).
            form.add_error(exc.option if exc.option in form.fields else None, translated(exc))
            return None
        except PlanParseError as exc:
            form.add_error("document" if "document" in form.fields else None, translated(exc))
            return None
        return self._imported(request, result.plan, result.status, result.warnings)

    def _imported(self, request, plan: Plan, status: str, warnings: list[str]):
        n = plan.sections.count()
        done = {
            "created": ngettext(
                "已导入《%(title)s》：%(n)s 个章节。", "已导入《%(title)s》：%(n)s 个章节。", n
            ),
            "replaced": ngettext(
                "已用新文本替换《%(title)s》：%(n)s 个章节。",
                "已用新文本替换《%(title)s》：%(n)s 个章节。",
                n,
            ),
            "unchanged": _("《%(title)s》的这份文本已导入过，没有改动。"),
        }[status]
        self.message_user(request, done % {"title": plan.title, "n": n})
        for warning in warnings:
            self.message_user(request, translated(warning), messages.WARNING)
        return redirect("admin:plans_plan_change", plan.pk)

    def _preview(self, request, form, name: str, data: bytes):
        try:
            parsed = read_document(data=data, source=name)
        except (PlanParseError, PlanImportError) as exc:
            form.add_error("document", translated(exc))
            context = {**self.admin_site.each_context(request), "opts": self.opts, "form": form}
            context["title"] = _("导入规划文件")
            return TemplateResponse(request, "admin/plans/plan/import.html", context)
        # What was typed on the first step stays as given; the rest is what the text says.
        typed = {k: v for k, v in form.data.items() if k in PlanFieldsForm.base_fields and v}
        stash = {
            "name": name,
            "data": base64.b64encode(data).decode("ascii"),
            **preview_record(parsed),
        }
        # Said before the person corrects the fields, not only after they confirm.
        if before := imported_before(parsed.text, source=name, slug=typed.get("slug", "")):
            stash["warnings"].insert(0, as_stored(before))
        return self._show_preview(request, stash, typed=typed)

    def _show_preview(self, request, stash: dict, *, typed: dict):
        request.session[_PREVIEW] = stash
        preview = PlanFieldsForm(initial={**stash["read"], **typed})
        return self._preview_page(request, preview, stash)

    def _confirm_import(self, request):
        stash = request.session.get(_PREVIEW)
        if not stash:
            self.message_user(request, _("预览已过期，请重新选择文件。"), messages.WARNING)
            return redirect("admin:plans_plan_import")
        form = PlanFieldsForm(request.POST)
        if form.is_valid() and (level := _level_to_confirm(form, stash)):
            # The place was changed and its level left as read: the preview again, showing
            # the new place's level, so that what is confirmed is what is shown.
            request.session[_PREVIEW] = {**stash, "level_asked": _form_value(form, "jurisdiction")}
            shown = request.POST.copy()
            shown["level"] = level
            form = PlanFieldsForm(shown)
            form.is_valid()
            form.add_error(
                "level",
                _("行政区已改为“%(place)s”，层级随之改为它的层级：请核对后再确认导入。")
                % {"place": _form_value(form, "jurisdiction")},
            )
            return self._preview_page(request, form, stash)
        if form.is_valid() and ("_check" in request.POST or _fields_needed(form, stash)):
            # Checked again, or confirmed without what the import cannot do without: the
            # preview again, each missing field saying what to do; nothing is imported.
            for name in _fields_needed(form, stash):
                form.add_error(name, _("导入前请填写这一项（见上面的说明）。"))
            return self._preview_page(request, form, stash)
        if form.is_valid() and "pending" in stash:  # a scan: imported in the background from
            # the text its preview's OCR read, which is not run again
            read = PendingImport.objects.filter(pk=stash["pending"], started_by=request.user)
            if queue_full():  # the preview stays, to be confirmed again in a minute
                return busy_page(request)
            pending = import_read(  # the import queued holds the upload now, the read row none
                read,
                overrides=form.overrides(read=stash["read"]),
                replace=form.cleaned_data["replace"],
                user=request.user,
            )
            request.session.pop(_PREVIEW, None)
            if pending is None:
                self.message_user(request, _("预览已过期，请重新选择文件。"), messages.WARNING)
                return redirect("admin:plans_plan_import")
            return redirect("admin:plans_plan_import_progress", pending.pk)
        if form.is_valid():
            data = base64.b64decode(stash["data"])
            done = self._import(request, form, name=stash["name"], data=data, read=stash["read"])
            if done is not None:
                del request.session[_PREVIEW]
                return done
        return self._preview_page(request, form, stash)

    def _preview_page(self, request, form, stash: dict):
        how = {"read": _("读自原文"), "guessed": _("推断")}
        rows, doubts = [], _issuer_doubts(form)
        for name, label in METADATA_LABELS.items():
            found = stash["provenance"].get(name, "")
            value = stash["read"].get(name, "")
            value = _DISPLAY.get(name, {}).get(value, value)  # national -> 国家
            rows.append({"label": label, "value": value, "how": how.get(found, _("未找到"))})
            # A doubted issuer is marked as a guess is: the warning below says why.
            doubted = name == "issuer" and bool(doubts)
            rows[-1]["guessed"] = found == "guessed" or not value or doubted
        needed = _fields_needed(form, stash)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": _("核对导入内容"),
            "name": stash["name"],
            "rows": rows,
            # Of the issuer and 文号 shown, as corrected so far.
            "warnings": translated_all([*doubts, *stash["warnings"]]),
            "outline": stash["outline"],
            "sections": stash["sections"],
            "needed": [
                _NEEDED[name] % {"place": _form_value(form, "jurisdiction")} for name in needed
            ],
            "new_place": "" if needed else _new_place(_form_value(form, "jurisdiction")),
        }
        return TemplateResponse(request, "admin/plans/plan/import_preview.html", context)
