"""Who a request comes from, for per-client limits (never stored as a raw address)."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import caches


def client_id(request) -> str:
    """A stable, opaque id of the request's client: a keyed hash of its IP address (the one the
    reverse proxy saw, with BEHIND_PROXY)."""
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        address = forwarded.rsplit(",", 1)[-1].strip() or address
    digest = hashlib.blake2b(
        address.encode(), key=settings.SECRET_KEY.encode()[:64], digest_size=16
    )
    return digest.hexdigest()


def over_limit(scope: str, request, *, limit: int, seconds: int) -> bool:
    """Count one more event of ``scope`` for the request's client in a fixed window of
    ``seconds``; True when that makes more than ``limit`` (the event is then not counted)."""
    return take_place(scope, request, limit=limit, seconds=seconds) is None


def take_place(scope: str, request, *, limit: int, seconds: int) -> str | None:
    """One of ``limit`` places for the request's client in this fixed window of ``seconds``:
    its cache key (``release`` gives it back), or None when every place is taken.

    Places are kept, not a count: a count read and written back (``cache.incr`` on the database
    cache) lets concurrent requests all read the same number and all pass. A place is a key new
    to the window that one ``cache.add`` alone wins (a unique row in the database cache; atomic
    in Redis, memcached and local memory too). Counters live in the `limits` cache, shared by
    every server process (the database by default).
    """
    cache = caches["limits"]
    window = int(time.time() // seconds)
    keys = [f"{scope}:{client_id(request)}:{window}:{n}" for n in range(limit)]
    taken = cache.get_many(keys)
    for key in keys:
        if key not in taken and cache.add(key, 1, timeout=seconds):
            return key
    return None


def release(key: str) -> None:
    """Give back a place ``take_place`` returned (the event it stood for did not count)."""
    caches["limits"].delete(key)
