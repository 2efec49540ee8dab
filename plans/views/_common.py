"""What the pages of plans share: how a page tells an htmx request for a fragment, and how far
up a place's chain a query reaches."""

from __future__ import annotations

from django.http import HttpRequest

# A county's chain up to the national level is three parents deep: fetch it with the row.
PLACE_CHAIN = "parent__parent__parent"


def wants_fragment(request: HttpRequest) -> bool:
    # htmx restoring a page it has no snapshot of needs the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request
