"""Request bodies are bounded before anything reads them.

Django reads a body lazily, but the first reader (the CSRF check reading the form) spools a
multipart upload over FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file as it arrives, whatever its
declared size. This middleware runs before any reader and refuses a declared size over the route's
limit with 413, reading nothing. A chunked body (no Content-Length) is refused with 411: Django
reads no byte of it, so the view would see an empty form.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _

# The admin's plan import takes a file up to IMPORT_MAX_BYTES; its form, the plan forms (which
# carry the plan's whole text) and the multipart framing get this much on top.
_IMPORT_ROUTES = {"plans_plan_import", "plans_plan_add", "plans_plan_change"}
_FORM_ALLOWANCE = 1024 * 1024


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            return _refuse(request, status=411, size=None, limit=body_limit(request))
        size = _declared_size(request)
        # Only a body over the small limit pays for resolving the route.
        if size > settings.REQUEST_MAX_BYTES and size > (limit := body_limit(request)):
            return _refuse(request, status=413, size=size, limit=limit)
        return self.get_response(request)


def body_limit(request: HttpRequest) -> int:
    """The most bytes a request to this route may send."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return settings.REQUEST_MAX_BYTES
    if match.namespace == "admin" and match.url_name in _IMPORT_ROUTES:
        return settings.IMPORT_MAX_BYTES + _FORM_ALLOWANCE
    return settings.REQUEST_MAX_BYTES


def _declared_size(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:  # Django reads such a body as empty too
        return 0


def _refuse(request: HttpRequest, *, status: int, size: int | None, limit: int) -> HttpResponse:
    # This runs before LocaleMiddleware: the reader's language is chosen here, not left over from
    # the last request the thread served.
    with translation.override(translation.get_language_from_request(request)):
        return _refusal(request, status=status, size=size, limit=limit)


def _refusal(request: HttpRequest, *, status: int, size: int | None, limit: int) -> HttpResponse:
    if status == 411:
        message = _(
            "请求没有注明长度（Content-Length）：请不要分块（chunked）发送，"
            "整体发送不超过 %(limit)s 字节的内容。"
        ) % {"limit": limit}
    else:
        message = _("这次提交有 %(size)s 字节，超过这个地址的上限 %(limit)s 字节，没有读取。") % {
            "size": size,
            "limit": limit,
        }
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": message, "limit": limit},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    context = {"message": message, "limit": limit, "status": status}
    return render(request, "request_too_large.html", context, status=status)
