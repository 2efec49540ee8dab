"""The formats a comparison or a report is exported in (?format=), and the answer to any other."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

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
