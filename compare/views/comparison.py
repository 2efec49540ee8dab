from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRefresh

from compare import curating, noting
from compare.exports import office
from compare.exports.comparison import comparison_as_dict, comparison_rows
from compare.exports.formats import export_pending, unknown_format
from compare.exports.spreadsheets import write_csv
from compare.forms import CompareForm, SaveForm
from compare.models import SavedComparison, SectionLink
from compare.reading import picking
from compare.reading.acknowledging import rejection_said
from compare.reading.addressing import SAVED_OVERRIDES, saved_initial, shared_address
from compare.reading.caching import KEEP_SECONDS, alignment_version, cached_comparison, rows_key
from compare.reading.formulas import formula
from compare.runs.opening import open_alignment
from plans.choosing import plans_to_offer
from plans.models import Plan
from web.clients import over_limit
from web.costly import costly
from web.fragments import wants_fragment
from web.pagecache import cache_shared_page
from web.refusals import asking_to_wait, nul_refused

_CHAIN = "parent__parent__parent"  # a county's chain up to the national level
# A link a curator just rejected and the page (path and query) the Reject returns to: said there.
REJECTED = "compare:rejected"
_NAMED = ("left__plan__jurisdiction", "right__plan__jurisdiction")
CURATION = {
    "confirm": curating.confirm_link,
    "reject": curating.reject_link,
    "reopen": curating.reopen_link,
}


@require_safe
@cache_shared_page(version=alignment_version)
def compare(request: HttpRequest) -> HttpResponse:
    if refused := nul_refused(request, "plans", "first", "find"):  # the picker queries them all
        return refused
    if not any(request.GET.getlist("plans")) or request.GET.get("look"):
        return _picker(request, CompareForm())
    form = CompareForm(request.GET)
    if not form.is_valid():
        if set(form.errors) == {"q"}:
            return _bad_topic(request, form)
        return _picker(request, form, status=400)
    if len(request.GET.getlist("plans")) > 1:  # picker columns: one canonical URL to share
        return redirect(f"{reverse('compare:compare')}?{form.query()}")
    return _comparison(request, form)


@require_safe
def saved(request: HttpRequest, code: str) -> HttpResponse:
    share = SavedComparison.objects.filter(code=code).first()
    if share is None:
        # Codes are 8 of 31 characters: a client that keeps missing is guessing, slow it down.
        if over_limit("share-miss", request, limit=settings.SHARE_MISSES_PER_HOUR, seconds=3600):
            return HttpResponse(_("找不到的短链接太多，请一小时后再试。"), status=429)
        raise Http404(_("没有这个保存的对照。"))
    form = CompareForm(
        {**dict(parse_qsl(share.query)), **_overrides(request), "plans": share.plans}
    )
    if not form.is_valid():
        return _picker(request, form, status=410)
    return _comparison(request, form, saved=share)


@require_safe
@vary_on_headers("HX-Request")
def suggestions(request: HttpRequest) -> HttpResponse:
    """Counterparts of the plan chosen first: ?first=slug (or the picker's first ?plans=)."""
    if refused := nul_refused(request, "first", "plans"):
        return refused
    slug = request.GET.get("first") or request.GET.get("plans", "")
    return render(request, "compare/_suggestions.html", _suggested(slug))


@require_POST
def save(request: HttpRequest) -> HttpResponse:
    staff = request.user.is_staff or curating.may_curate(request.user)
    if not staff and over_limit("save", request, limit=settings.SAVES_PER_HOUR, seconds=3600):
        return HttpResponse(_("一小时内保存的对照太多了，请稍后再试。"), status=429)
    form = SaveForm(request.POST)
    if not form.is_valid():
        return _picker(request, CompareForm({"plans": request.POST.get("plans", "")}), status=400)
    share = form.save(commit=False)
    share.created_by = request.user if request.user.is_authenticated else None
    with transaction.atomic():
        share.save()
        if form.cleaned_data.get("include_notes") and share.created_by:
            noting.keep_notes(share, author=share.created_by)
    return redirect(share)


@require_POST
@permission_required(curating.CURATE_PERMISSION, raise_exception=True)
def curate(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, reject or reopen a link from the compare page (curators only)."""
    link = get_object_or_404(SectionLink, pk=pk)
    action = CURATION.get(request.POST.get("action", ""))
    if action is None:
        return HttpResponse(_("未知操作：请用 confirm、reject 或 reopen。"), status=400)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("compare:compare")
    try:
        action(link, actor=request.user, note=request.POST.get("note", ""))
    except curating.CurationError as exc:
        messages.error(request, str(exc))
    else:
        if action is curating.reject_link:  # the row re-forms: the page says where the pair went
            request.session[REJECTED] = {"link": link.pk, "page": back.split("#")[0]}
    return redirect(back)


def _acknowledge_rejection(request, form: CompareForm, comparison) -> None:
    """A curator's Reject, said once the rows it re-formed are known: where each section is now.
    The first comparison built after it consumes it, and says it only if it is the page the
    Reject returned to: another comparison opened later is no place to say it."""
    rejected = request.session.pop(REJECTED, None)
    if not rejected or _address(rejected["page"]) != _address(request.get_full_path()):
        return
    link = SectionLink.objects.select_related(*_NAMED).filter(pk=rejected["link"]).first()
    if link is None:
        return
    page = reverse("compare:compare")
    messages.success(
        request,
        rejection_said(link, comparison, lambda a: f"{page}?{form.query(row=a, rowmode='')}#{a}"),
    )


def _address(url: str) -> tuple[str, list[tuple[str, str]]]:
    """A page's path and query, read alike however the query was encoded (, or %2C)."""
    parts = urlsplit(url)
    return parts.path, sorted(parse_qsl(parts.query, keep_blank_values=True))


def _bad_topic(request, form: CompareForm) -> HttpResponse:
    """An unusable ?q= (too long, too many words): what to fix, beside the unfiltered rows."""
    problem = form.errors["q"][0]
    if request.GET.get("format"):  # a download must not pass the whole comparison off as filtered
        return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
    data = request.GET.copy()
    data["q"] = ""
    unfiltered = CompareForm(data)
    if not unfiltered.is_valid():
        return _picker(request, unfiltered, status=400)
    return _comparison(request, unfiltered, topic_error=(form.data.get("q", ""), problem))


def _comparison(
    request,
    form: CompareForm,
    *,
    saved: SavedComparison | None = None,
    topic_error: tuple[str, str] | None = None,
):
    if (refused := unknown_format(request)) is not None:
        return refused
    if form.cleaned_data.get("tab") == "goals" and request.GET.get("format"):
        # The goals tab has no file: its HTML page would be saved under the name of one.
        return HttpResponse(
            _("“目标”页没有下载：下载的是对照表的各行，请去掉 tab=goals 后再下载。"),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    plans = form.cleaned_data["plans"]
    opening = open_alignment(plans, request)
    polling = request.htmx and request.htmx.trigger == "waiting"
    if opening.state != "ready":
        if (pending := export_pending(request, opening)) is not None:
            return pending
        return _waiting(request, form, plans, opening, polling=polling)
    if polling:  # the run finished: the waiting page reloads itself as the comparison
        return HttpResponseClientRefresh()
    if form.cleaned_data.get("tab") == "goals":
        return _goals_tab(request, form, plans, saved)
    version = alignment_version()
    comparison = _build(form, version)
    if form.cleaned_data.get("row"):  # a link to a row since gathered into its neighbour's
        form.cleaned_data["row"] = comparison.row_anchor(form.cleaned_data["row"])
    notes, note_plans = _notes(request, plans, saved)
    by_row = noting.notes_by_row(comparison, notes)
    if kind := request.GET.get("format"):  # a file built on each request: bounded (web.costly)
        return costly(request, lambda: _exported(kind, comparison, by_row))
    _acknowledge_rejection(request, form, comparison)
    return _page(
        request,
        form,
        comparison,
        saved,
        version=version,
        topic_error=topic_error,
        notes=by_row,
        note_plans=note_plans,
    )


def _waiting(request, form: CompareForm, plans, opening, *, polling: bool) -> HttpResponse:
    """The run aligning the plans is queued, under way, failed or refused: its state (alone
    when the waiting page polls)."""
    context = {
        "form": form,
        "plans": plans,
        "state": opening.state,
        "run": opening.run,
        "reason": opening.reason,
    }
    template = "compare/waiting.html#status" if polling else "compare/waiting.html"
    response = render(request, template, context, status=opening.status)
    return asking_to_wait(response) if opening.state == "busy" else response


def _notes(request, plans, saved: SavedComparison | None) -> tuple[list, str]:
    """The notes the page shows, and the plan set they are written on when the reader may
    write them: the notes kept with a saved comparison (read-only, for anyone with the link),
    else a signed-in reader's own."""
    if saved is not None:
        return noting.kept_notes_of(saved), ""
    if not request.user.is_authenticated:
        return [], ""
    return noting.notes_of(request.user, plans), ",".join(p.slug for p in plans)


def _build(form: CompareForm, version: str):
    """The comparison as the form asks for it, reused while nothing it is made of changes."""
    data = form.cleaned_data
    row_modes = {data["row"]: data["rowmode"]} if data.get("row") and data.get("rowmode") else {}
    return cached_comparison(
        data["plans"],
        form.filters(),
        version=version,
        mode=data.get("mode") or "",
        row_modes=row_modes,
        formula=formula(),  # one place says what formula is (compare/reading/formulas.py)
    )


def _exported(kind: str | None, comparison, notes: dict) -> HttpResponse | None:
    """The rows shown as JSON, CSV, Word or Excel (?format=), or None for the page; ``notes``
    (by row) add a column, or a key in JSON, when there are any."""
    if (
        kind == "json"
    ):  # offered under 下载 beside the others: a file too (the API is /api/compare/)
        response = JsonResponse(
            comparison_as_dict(comparison, notes=notes), json_dumps_params={"ensure_ascii": False}
        )
        slugs = "-".join(p.slug for p in comparison.plans)
        response["Content-Disposition"] = f'attachment; filename="duizhao-{slugs}.json"'
        return response
    if kind == "csv":
        return _csv(comparison, notes)
    if kind in ("docx", "xlsx"):
        return _office(comparison, kind, notes)
    return None


@vary_on_headers("HX-Request")
def _page(
    request,
    form: CompareForm,
    comparison,
    saved: SavedComparison | None,
    *,
    version,
    notes: dict,
    note_plans: str,
    topic_error: tuple[str, str] | None = None,
):
    curator = saved is None and curating.may_curate(request.user)
    address = shared_address(form, saved)
    context = {
        "form": form,
        "comparison": comparison,
        "saved": saved,
        "curator": curator,
        "row_notes": notes,
        "note_plans": note_plans,
        **_saved_context(form, comparison, saved),
        **_sharing_context(request, form, comparison, address, note_plans=note_plans),
        **_topic_context(form, topic_error),
        **_rows_cache_context(request, form, version, curator, notes, note_plans=note_plans),
    }
    if wants_fragment(request):
        return _rows_fragment(request, form, context, address)
    return render(request, "compare/compare.html", context, status=400 if topic_error else 200)


def _saved_context(form: CompareForm, comparison, saved: SavedComparison | None) -> dict:
    return {
        "saved_filters": form.filters_in_words(comparison.chapters) if saved else [],
        # A saved address ignores filters: links that set one lead to the live comparison.
        "filter_base": reverse("compare:compare") if saved else "",
    }


def _sharing_context(request, form: CompareForm, comparison, address: str, *, note_plans: str):
    """What a reader set travels with the link, the downloads and the saved comparison."""
    return {
        "share_url": request.build_absolute_uri(address),
        "save_form": SaveForm(
            notes=bool(note_plans), initial=saved_initial(form, comparison.plans)
        ),
    }


def _topic_context(form: CompareForm, topic_error: tuple[str, str] | None) -> dict:
    """The words as typed, kept in the box with what to fix when they could not be used."""
    return {
        "topic_typed": topic_error[0] if topic_error else form.cleaned_data.get("q", ""),
        "topic_error": topic_error[1] if topic_error else "",
    }


def _rows_cache_context(request, form, version, curator: bool, notes: dict, *, note_plans: str):
    """The rows' HTML is kept too, except for curators (their forms carry their CSRF token)."""
    whose = request.user.pk if note_plans else ""  # a reader's notes make the rows theirs
    return {
        "rows_seconds": 0 if curator else KEEP_SECONDS,
        "rows_key": rows_key(version, request.path, form.query(), curator, whose, notes),
    }


def _rows_fragment(request, form: CompareForm, context: dict, address: str) -> HttpResponse:
    """The rows (or the focused row) and, out of band, the share tools. htmx swaps only a 2xx
    answer, so a topic that could not be used is said inside the rows, not by the status."""
    context["partial"] = "row" if form.cleaned_data.get("row") else "rows"
    response = render(request, "compare/_update.html", context)
    response["HX-Push-Url"] = address  # the address bar gets the canonical state, not the raw form
    return response


@vary_on_headers("HX-Request")
def _goals_tab(request, form, plans, saved) -> HttpResponse:
    """The plans' quantitative and qualitative goals side by side (plans.goals)."""
    from compare.reading.comparing import row_groups
    from plans.goals import goal_table

    goals = goal_table(plans, pairing=row_groups(plans))  # paired as the rows page pairs them
    context = {"form": form, "plans": plans, "goals": goals, "saved": saved}
    template = "compare/goals_tab.html"
    if wants_fragment(request):
        template += "#panel"
    return render(request, template, context)


def _overrides(request) -> dict[str, str]:
    """What a reader of a saved comparison may change: the focus row and how rows are shown."""
    return {key: request.GET[key] for key in SAVED_OVERRIDES if request.GET.get(key)}


@vary_on_headers("HX-Request")
def _picker(request, form: CompareForm, *, status: int = 200) -> HttpResponse:
    first = request.GET.get("first", "")
    find = request.GET.get("find", "").strip()[:100]
    # What each column holds: kept while a person looks for more plans.
    if find:
        columns = [*request.GET.getlist("plans")[:4], "", "", "", ""][:4]
    elif form.is_bound:  # a bad address: its known plans stay chosen, the column to fix is empty
        given = [slug.strip() for slug in form.data.get("plans", "").split(",")]
        columns = [*given[:4], "", "", "", ""][:4]
    else:
        columns = [first, "", "", ""]
    plans, more = plans_to_offer(find, [slug for slug in columns if slug])
    context = {
        "form": form,
        "plans": plans,
        "more_plans": more,
        "find": find,
        "columns": columns,
        "first": first,
        **_suggested(first or columns[0]),
    }
    if request.htmx and request.GET.get("look"):
        return render(request, "plans/_compare_picker.html", context, status=status)
    else:
        return render(request, "compare/pick.html", context, status=status)


def _suggested(slug: str) -> dict:
    if not slug:
        return {}
    plans = Plan.objects.select_related(f"jurisdiction__{_CHAIN}", "era")
    first = plans.filter(slug=slug).first()
    if first is None:
        return {}
    found = picking.suggestions(first, picking.suggestion_candidates(first))
    return {
        "first_plan": first,
        "first_label": picking.plan_label(first),
        "suggested": [(p, picking.plan_label(p)) for p in found],
    }


def _office(comparison, kind: str, notes: dict) -> HttpResponse:
    """The 对照表 as a Word or Excel file (compare.exports.office)."""
    if kind == "docx":
        body, content_type = office.as_docx(comparison, notes=notes), office.DOCX
    else:
        body, content_type = office.as_xlsx(comparison, notes=notes), office.XLSX
    response = HttpResponse(body, content_type=content_type)
    slugs = "-".join(p.slug for p in comparison.plans)
    response["Content-Disposition"] = f'attachment; filename="duizhao-{slugs}.{kind}"'
    return response


def _csv(comparison, notes: dict) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    slugs = "-".join(p.slug for p in comparison.plans)
    # CSV has no place for a filter line before its header row (JSON says "filter", Word and
    # Excel a line): the name says a narrowed file is not the whole comparison.
    filtered = "-filtered" if comparison.filters.active else ""
    response["Content-Disposition"] = f'attachment; filename="duizhao-{slugs}{filtered}.csv"'
    write_csv(response, comparison_rows(comparison, notes=notes))
    return response
