"""Work that costs a server thread seconds (a coverage or evolution report, an export) is
bounded, so one client cannot hold every thread and no flood of it can starve the cheap pages.

Two bounds, each a refusal that says when to try again rather than a queue that holds a thread:

- per client (the keyed hash of its address, web.clients): at most COSTLY_PER_CLIENT such
  requests at once across every server process, else 429. A place is a row in the `limits`
  cache that one ``cache.add`` wins and the request deletes when done; it expires by itself
  after PLACE_SECONDS should its process die first.
- per server process: at most COSTLY_PER_PROCESS at once (default one fewer than gunicorn's
  WEB_THREADS), else 503, so a thread is always left for the pages that take milliseconds
  whoever sends the flood (many addresses included).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from web.clients import client_id
from web.refusals import asking_to_wait

# Longer than gunicorn's timeout (60 s), after which a request's worker is killed: a place its
# request could not give back frees itself then.
PLACE_SECONDS = 120
RETRY_AFTER_SECONDS = 5

_slots: threading.BoundedSemaphore | None = None
_slots_lock = threading.Lock()


def costly(request: HttpRequest, work: Callable[[], HttpResponse]) -> HttpResponse:
    """``work()``'s response when the client and this process have a place for it, else the
    refusal (429 for the client, 503 for the process) saying to try again shortly."""
    place = _take_place(request)
    if place is None:
        message = _("你同时打开的报告或导出太多（最多 %(n)s 个）：请等前面的完成后再试。") % {
            "n": settings.COSTLY_PER_CLIENT
        }
        return _refuse(request, message, status=429)
    try:
        if not _process_slots().acquire(blocking=False):
            message = _("服务器正忙于生成其他报告或导出：请几秒钟后再试。")
            return _refuse(request, message, status=503)
        try:
            return work()
        finally:
            _process_slots().release()
    finally:
        caches["limits"].delete(place)


def _take_place(request: HttpRequest) -> str | None:
    cache = caches["limits"]
    client = client_id(request)
    for n in range(settings.COSTLY_PER_CLIENT):
        key = f"costly:{client}:{n}"
        if cache.add(key, 1, timeout=PLACE_SECONDS):
            return key
    return None


def _process_slots() -> threading.BoundedSemaphore:
    global _slots
    with _slots_lock:
        if _slots is None:
            _slots = threading.BoundedSemaphore(settings.COSTLY_PER_PROCESS)
        return _slots


def _refuse(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    return asking_to_wait(response, RETRY_AFTER_SECONDS)
