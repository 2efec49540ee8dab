"""The formats a comparison or a report is exported in (?format=), and the answer to any other."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from web.jobqueue import BUSY_RETRY_AFTER
from web.refusals import asking_to_wait

FORMATS = ("json", "csv", "docx", "xlsx")


def unknown_format(request: HttpRequest) -> HttpResponse | None:
    """A 400 that names the formats when ?format= asks for another, else None.

    Served the page instead, a script or a reader who typed ``format=pdf`` would save HTML
    under a name they chose for the file they asked for."""
    kind = request.GET.get("format", "")
    if not kind or kind in FORMATS:
        return None
    message = _("没有“%(kind)s”这种导出格式；可选：%(formats)s。") % {
        "kind": kind[:20],
        "formats": _("、").join(FORMATS),
    }
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


RETRY_AFTER = 10  # seconds: about one poll of the waiting page

# A plan set not ready, as an export request is answered: its status code, and whether asking
# again later may help (then the answer carries Retry-After).
_PENDING = {
    "running": (202, True),
    "missing": (409, True),
    "failed": (409, False),
    "capped": (429, True),
    "forbidden": (403, False),
    "busy": (503, True),
}


def export_pending(request: HttpRequest, opening) -> HttpResponse | None:
    """An export's own answer while its plans are not aligned, else None (not an export).

    The waiting page is HTML: served to ``?format=docx`` a browser saves it under the .docx
    name. JSON gets a JSON body (status, message, retry hint); a file gets plain text saying
    the alignment is running and when to ask again, with ``Retry-After``."""
    kind = request.GET.get("format", "")
    if kind not in FORMATS:
        return None
    status, retry = _PENDING.get(opening.state, (409, False))
    wait = BUSY_RETRY_AFTER if opening.state == "busy" else RETRY_AFTER
    page = _page_address(request)
    if opening.state == "running":
        message = _("这几份规划正在对齐，导出稍后才有：请 %(seconds)s 秒后再试，或打开 %(page)s。")
    elif opening.state == "failed":
        message = _("这几份规划上次对齐失败，没有可导出的内容：请打开 %(page)s 重试。")
    elif opening.state == "capped":
        message = _(
            "本客户端这一小时内开始的新对齐已达上限，"
            "这几份规划尚未对齐：请稍后再试，或打开 %(page)s。"
        )
    elif opening.state == "busy":
        message = opening.reason
    elif opening.state == "forbidden":
        message = _("这几份规划尚未对齐，而您无权开始对齐：请联系管理员。")
    else:
        message = _("这几份规划尚未对齐：请打开 %(page)s 开始对齐，%(seconds)s 秒后再试。")
    message = str(message) % {"seconds": RETRY_AFTER, "page": page}
    if kind == "json":
        body = {"error": message, "status": opening.state, "page": page}
        if retry:
            body["retry_after"] = wait
        response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    return asking_to_wait(response, wait) if retry else response


def _page_address(request: HttpRequest) -> str:
    """The address asked for, without ?format=: the page that waits for the run."""
    query = request.GET.copy()
    query.pop("format", None)
    return f"{request.path}?{query.urlencode()}" if query else request.path
