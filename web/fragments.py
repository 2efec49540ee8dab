"""Which answer an htmx request gets: the one rule every page that serves a fragment on its own
URL shares."""

from __future__ import annotations

from django.http import HttpRequest


def wants_fragment(request: HttpRequest) -> bool:
    """Whether to answer with the page's fragment rather than the whole page."""
    # htmx restoring a page it has no snapshot of needs the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request
