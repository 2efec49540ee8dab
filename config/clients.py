"""Who a request comes from, for per-client limits (never stored as a raw address)."""

from __future__ import annotations

import hashlib

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
    ``seconds``; True when that makes more than ``limit``. Counters live in the `limits`
    cache, shared by every server process (the database by default)."""
    cache = caches["limits"]
    key = f"{scope}:{client_id(request)}"
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        count = 1
    return count > limit
