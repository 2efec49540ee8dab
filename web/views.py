from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from web.health import parts


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the app answers, its database does and every part the apps registered (the job
    queue) is healthy; 503 (with the reason) when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # a health check reports every failure, it does not raise
        return JsonResponse({"status": "error", "database": str(exc)}, status=503)
    report = {"status": "ok", "database": "ok"}
    for name, check in parts():
        try:
            healthy, report[name] = check()
        except Exception as exc:  # a broker that is down
            healthy, report[name] = False, {"error": str(exc)}
        if not healthy:
            report["status"] = "error"
            return JsonResponse(report, status=503)
    return JsonResponse(report)
