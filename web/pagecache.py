"""Whole pages kept between requests, for what every anonymous reader of an address sees alike.

A page is rendered once per version of what it shows (the view's ``version`` callable, one small
query) and kept in this process as bytes, already compressed. What differs from one request to
the next is cut out and put back on every view: the Content-Security-Policy nonce of the
request (so its scripts still carry the nonce its header names) and its CSRF token (so a form
posts with the visitor's own cookie). A repeat view renders nothing and compresses almost
nothing: the kept pieces are raw deflate streams flushed to a byte boundary, so the pieces and
the request's own values (as stored, uncompressed deflate blocks) join into one valid gzip
stream. Keeping the secrets out of the compressed pieces also keeps them out of reach of
compression-length attacks (BREACH), which is why Django's GZipMiddleware pads its output.

Only what is the same for everyone is kept: GET requests of people who are not signed in, not
htmx fragments, with no message waiting, answering 200 with HTML or JSON and setting no cookie.
The key holds the version, the address as asked (path and query), the host and scheme, and the
interface language.
"""

from __future__ import annotations

import functools
import re
import struct
import threading
import time
import zlib
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from operator import attrgetter

from cachetools import TTLCache
from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

KEEP_SECONDS = 300  # a hand edit in the admin that changes no version shows within this
_CACHED_TYPES = ("text/html", "application/json")
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, no mtime
_LAST_BLOCK = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS).flush()  # empty, final
_NONCE, _TOKEN = 0, 1


@dataclass(frozen=True)
class _Page:
    status: int
    headers: tuple[tuple[str, str], ...]
    pieces: tuple[bytes, ...]  # the text around the holes: one more piece than holes
    holes: tuple[int, ...]  # what each hole takes: _NONCE or _TOKEN
    deflated: tuple[bytes, ...]  # each piece as raw deflate, ending on a byte boundary
    size: int

    @property
    def weight(self) -> int:
        """The bytes it takes in memory (both forms of its text)."""
        return self.size + sum(map(len, self.deflated))


def _clock() -> float:
    return time.monotonic()


def _new_cache(max_bytes: int) -> TTLCache:
    """Pages by key, at most ``max_bytes`` of them (the least recently read go first), each for
    KEEP_SECONDS."""
    return TTLCache(
        maxsize=max(1, max_bytes),
        ttl=KEEP_SECONDS,
        timer=lambda: _clock(),  # looked up on each call, so tests can move the clock
        getsizeof=attrgetter("weight"),
    )


_lock = threading.Lock()
_kept: TTLCache = _new_cache(0)
_versions_read: ContextVar[dict | None] = ContextVar("versions_read", default=None)


def cache_shared_page(*, version: Callable[[], str]):
    """Serve the view's page from memory while ``version()`` returns the same string."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _shareable(request):
                return view(request, *args, **kwargs)
            reset = _versions_read.set({})
            try:
                return _serve(request, view, args, kwargs, version)
            finally:
                _versions_read.reset(reset)

        return wrapper

    return decorator


def read_once_per_page(version: Callable[[], str]) -> Callable[[], str]:
    """``version``, asked once while a kept page is looked up and, on a miss, rendered: the
    key and the view then see the same version for the price of one query."""

    @functools.wraps(version)
    def wrapper() -> str:
        read = _versions_read.get()
        if read is None:
            return version()
        if version not in read:
            read[version] = version()
        return read[version]

    return wrapper


def _serve(request, view, args, kwargs, version) -> HttpResponse:
    key = (
        view.__module__,
        view.__qualname__,
        version(),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        get_language(),
    )
    page = _get(key)
    if page is None:
        response, page = _render(request, view, args, kwargs)
        if page is None:
            return response
        _put(key, page)
    return _respond(request, page)


def forget() -> None:
    """Drop every kept page (tests)."""
    with _lock:
        _kept.clear()


def _shareable(request) -> bool:
    if request.method != "GET" or _max_bytes() <= 0:
        return False
    if request.headers.get("HX-Request") or request.user.is_authenticated:
        return False
    return not len(get_messages(request))  # counting shows none and keeps them for the page


def _render(request, view, args, kwargs) -> tuple[HttpResponse, _Page | None]:
    """The view's own response, and the page to keep from it (None if it is not for everyone).
    The CSRF token the templates print is recorded (web.pagecache.csrf_token), so it can be
    cut out; django's own csrf context processor would hand out a new one each time."""
    response = view(request, *args, **kwargs)
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or not response.get("Content-Type", "").startswith(_CACHED_TYPES)
        or getattr(request, "session", None) is not None
        and request.session.modified
    ):
        return response, None
    secrets = {}
    nonce = getattr(request, "csp_nonce", None)
    if nonce:  # evaluated: the page printed it and the header will name it
        secrets[str(nonce)] = _NONCE
    token = getattr(request, "_shared_page_token", None)
    if token:
        secrets[token] = _TOKEN
    pieces, holes = [response.content], []
    if secrets:
        parts = re.split(b"(" + b"|".join(re.escape(s.encode()) for s in secrets) + b")", pieces[0])
        pieces, holes = parts[0::2], [secrets[p.decode()] for p in parts[1::2]]
    headers = tuple((k, v) for k, v in response.items() if k.lower() != "content-length")
    page = _Page(
        status=response.status_code,
        headers=headers,
        pieces=tuple(pieces),
        holes=tuple(holes),
        deflated=tuple(map(_deflated, pieces)),
        size=sum(map(len, pieces)),
    )
    return response, page


def csrf_token(request) -> dict:
    """Template context processor: the CSRF token a page prints, taken once per request and
    recorded on it, so a page kept for everyone can have each visitor's own put back."""

    def token() -> str:
        if not hasattr(request, "_shared_page_token"):
            request._shared_page_token = get_token(request)
        return request._shared_page_token

    return {"csrf_token": SimpleLazyObject(token)}


def _respond(request, page: _Page) -> HttpResponse:
    values = {}
    if _NONCE in page.holes:
        values[_NONCE] = str(request.csp_nonce).encode()
    if _TOKEN in page.holes:
        values[_TOKEN] = get_token(request).encode()
    filled = [values[h] for h in page.holes]
    if page.size >= 200 and _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        body = _gzip(page, filled)
        encoding = "gzip"
    else:
        body = b"".join(_interleave(page.pieces, filled))
        encoding = None
    response = HttpResponse(body, status=page.status)
    for name, value in page.headers:
        response[name] = value
    if encoding:
        response["Content-Encoding"] = encoding
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _gzip(page: _Page, filled: list[bytes]) -> bytes:
    crc, size = 0, 0
    for piece in _interleave(page.pieces, filled):
        crc = zlib.crc32(piece, crc)
        size += len(piece)
    stream = _interleave(page.deflated, [_stored(v) for v in filled])
    trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
    return b"".join([_GZIP_HEADER, *stream, _LAST_BLOCK, trailer])


def _interleave(pieces, filled):
    for i, piece in enumerate(pieces):
        yield piece
        if i < len(filled):
            yield filled[i]


def _deflated(piece: bytes) -> bytes:
    """``piece`` as deflate blocks that refer to nothing before them and end on a byte
    boundary (a sync flush), so another stream's blocks may follow."""
    squeezer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return squeezer.compress(piece) + squeezer.flush(zlib.Z_SYNC_FLUSH)


def _stored(data: bytes) -> bytes:
    """``data`` as stored (uncompressed) deflate blocks, not final (RFC 1951, 3.2.4)."""
    blocks = []
    for start in range(0, len(data), 0xFFFF):
        chunk = data[start : start + 0xFFFF]
        blocks.append(b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(blocks)


def _max_bytes() -> int:
    return settings.SHARED_PAGES_MAX_BYTES


def _get(key: tuple) -> _Page | None:
    with _lock:
        return _kept.get(key)


def _put(key: tuple, page: _Page) -> None:
    global _kept
    limit = _max_bytes()
    if page.weight > limit // 4:  # one page never pushes out most of the others
        return
    with _lock:
        if _kept.maxsize != limit:  # the setting changed (tests): start afresh
            _kept = _new_cache(limit)
        _kept[key] = page
