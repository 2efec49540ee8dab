from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from compare.runs.queue import queue_state


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the app answers, its database does and jobs that wait have a worker; 503 (with
    the reason) when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # a health check reports every failure, it does not raise
        return JsonResponse({"status": "error", "database": str(exc)}, status=503)
    try:
        state = queue_state()
    except Exception as exc:  # a broker that is down
        return JsonResponse(
            {"status": "error", "database": "ok", "jobs": {"error": str(exc)}}, status=503
        )
    now = timezone.now()
    jobs = {
        "workers": state.live_workers,
        "waiting": state.waiting,
        "oldest_waiting_seconds": _seconds(now, state.oldest_waiting_since),
        "last_worker_seen_seconds": _seconds(now, state.last_worker_seen),
    }
    if state.stalled:
        silent = settings.JOB_DEAD_AFTER_SECONDS
        jobs["error"] = f"jobs wait and no job worker has been seen for {silent} s"
        return JsonResponse({"status": "error", "database": "ok", "jobs": jobs}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "jobs": jobs})


def _seconds(now, then) -> int | None:
    return None if then is None else max(0, round((now - then).total_seconds()))
