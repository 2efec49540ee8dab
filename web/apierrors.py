"""The JSON API answers in JSON whatever goes wrong: a wrong method, an unknown path, a crash."""

from __future__ import annotations

from django.http import JsonResponse

_PREFIX = "/api/"


class JsonApiErrorsMiddleware:
    """Error responses under /api/ that are not JSON already (Django's 404, 405, 500 pages)
    become ``{"error": "..."}`` with the same status."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        error = JsonResponse(
            {"error": _message(request, response)},
            status=response.status_code,
            json_dumps_params={"ensure_ascii": False},
        )
        if allowed := response.get("Allow"):
            error["Allow"] = allowed
        return error


def _message(request, response) -> str:
    status = response.status_code
    if status == 405:
        return (
            f"{request.method} is not allowed: the API is read-only; use GET "
            f"(allowed: {response.get('Allow', 'GET, HEAD')})"
        )
    if status == 404:
        return f"no such endpoint: {request.path}; the endpoints are listed at {_PREFIX}"
    if status == 429:
        return "too many requests; wait a little and try again"
    if status >= 500:
        return (
            "internal error; it has been logged under request id "
            f"{getattr(request, 'id', '-')} (quote it when reporting the problem)"
        )
    return response.reason_phrase
