"""Comparisons kept between requests: what does not change until the alignment, the curation or
a plan's text does is built once per process and reused.

The key holds a version of what a comparison is made of: the latest finished run, the latest
link event (every curation, proposal and withdrawal records one), the latest import and the
number of plans (a removed plan). Those changes show at once; a section edited by hand in the
admin shows within KEEP_SECONDS. Reading the version is one small query.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Mapping, Sequence

from cachetools import TTLCache
from django.db import connection
from django.utils.translation import get_language

from compare.models import AlignmentRun, LinkEvent
from compare.reading.comparing import Comparison, Filters, build_comparison
from plans.models import Plan
from web.pagecache import read_once_per_page

KEEP = 32  # comparisons per process (a few MB each at most)
KEEP_SECONDS = 300
_lock = threading.Lock()
_kept: TTLCache = TTLCache(maxsize=KEEP, ttl=KEEP_SECONDS)  # the least recently read go first


@read_once_per_page
def alignment_version() -> str:
    """A string that changes whenever a comparison's links or plans change."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(connection.vendor), [AlignmentRun.Status.DONE])
        return ":".join(map(str, cursor.fetchone()))


@functools.cache
def _version_sql(vendor: str) -> str:
    """Every page view asks for the version: written once as SQL, since the ORM takes longer
    to compile this aggregate (about a millisecond) than the database takes to answer it."""
    q = connection.ops.quote_name
    run, event, plan = (q(m._meta.db_table) for m in (AlignmentRun, LinkEvent, Plan))
    run_id, event_id = (q(m._meta.pk.column) for m in (AlignmentRun, LinkEvent))
    imported = q(Plan._meta.get_field("imported_at").column)
    status = q(AlignmentRun._meta.get_field("status").column)
    return (
        f"SELECT (SELECT MAX({run_id}) FROM {run} WHERE {status} = %s),"
        f" (SELECT MAX({event_id}) FROM {event}),"
        f" (SELECT MAX({imported}) FROM {plan}), (SELECT COUNT(*) FROM {plan})"
    )


def cached_comparison(
    plans: Sequence[Plan], filters: Filters, *, version: str, **options
) -> Comparison:
    """build_comparison(plans, filters, **options), reused while ``version`` stays the same.

    The catalogue's formula (an option) changes only with an import, which changes ``version``.
    """
    shown = (options.get("mode", ""), tuple(sorted(options.get("row_modes", {}).items())))
    key = (version, tuple(p.pk for p in plans), filters, shown)
    with _lock:
        kept = _kept.get(key)
    if kept is not None:
        return kept
    comparison = build_comparison(plans, filters, **options)
    with _lock:
        _kept[key] = comparison
    return comparison


def forget() -> None:
    """Drop every kept comparison (tests)."""
    with _lock:
        _kept.clear()


def rows_key(
    version: str, path: str, query: str, curator: bool, whose: object, notes: Mapping
) -> str:
    """The key a comparison's rows' HTML is kept under: what they are made of, where, how and in
    which language they are shown. A reader's notes make the rows theirs: kept under a key of
    whose they are and what they say (the notes' links carry no token, so the rows can be
    kept)."""
    noted = "|".join(f"{n.pk}:{n.section}:{n.mark}:{n.text}" for ns in notes.values() for n in ns)
    digest = hashlib.sha256(noted.encode()).hexdigest()
    return f"{version}|{path}|{query}|{get_language()}|{curator}|{whose}|{digest}"
