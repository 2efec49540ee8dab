"""Refusals of query parameters shared by every page that reads them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from web.jobqueue import BUSY, BUSY_RETRY_AFTER


def nul_refused(request: HttpRequest, *names: str) -> HttpResponse | None:
    """A 400 saying what to fix when a parameter among ``names`` holds a NUL, else None: echoed
    back it would be invisible, and PostgreSQL refuses it in a query (a server error)."""
    if any("\x00" in value for name in names for value in request.GET.getlist(name)):
        refusal = _("搜索词或规划短名中有空字符（NUL）：请删去后再搜索。")
        return HttpResponse(refusal, status=400, content_type="text/plain; charset=utf-8")
    return None


def asking_to_wait(response: HttpResponse, seconds: int = BUSY_RETRY_AFTER) -> HttpResponse:
    """``response`` (a refusal that asking again may lift) with ``Retry-After: seconds``; a full
    job queue's wait unless told."""
    response["Retry-After"] = str(seconds)
    return response


def busy_page(request: HttpRequest, context: dict | None = None, template: str = "busy.html"):
    """503 with Retry-After for a start refused because the job queue is full (queue_full):
    ``template`` (the site's page for the start) shows ``reason``."""
    context = {"state": "busy", "reason": BUSY, **(context or {})}
    return asking_to_wait(TemplateResponse(request, template, context, status=503))
