"""Comparisons kept between requests: what does not change until the alignment, the curation or
a plan's text does is built once per process and reused.

The key holds a version of what a comparison is made of: the latest finished run, the latest
link event (every curation, proposal and withdrawal records one) and the latest import. Those
changes show at once; a section edited by hand in the admin shows within KEEP_SECONDS.
Reading the version is one small query.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Sequence

from django.db.models import Max, Subquery

from compare.comparing import Comparison, Filters, build_comparison
from compare.models import AlignmentRun, LinkEvent
from plans.models import Plan

KEEP = 32  # comparisons per process (a few MB each at most)
KEEP_SECONDS = 300
_lock = threading.Lock()
_kept: OrderedDict[tuple, tuple[float, Comparison]] = OrderedDict()


def alignment_version() -> str:
    """A string that changes whenever a comparison's links or plans change."""
    done = AlignmentRun.objects.filter(status=AlignmentRun.Status.DONE).order_by("-pk")
    found = Plan.objects.order_by().aggregate(
        imported=Max("imported_at"),
        run=Max(Subquery(done.values("pk")[:1])),
        event=Max(Subquery(LinkEvent.objects.order_by("-pk").values("pk")[:1])),
    )
    return f"{found['run']}:{found['event']}:{found['imported']}"


def cached_comparison(
    plans: Sequence[Plan], filters: Filters, *, version: str, **options
) -> Comparison:
    """build_comparison(plans, filters, **options), reused while ``version`` stays the same.

    The catalogue's formula (an option) changes only with an import, which changes ``version``.
    """
    shown = (options.get("mode", ""), tuple(sorted(options.get("row_modes", {}).items())))
    key = (version, tuple(p.pk for p in plans), filters, shown)
    now = time.monotonic()
    with _lock:
        kept = _kept.get(key)
        if kept and now - kept[0] < KEEP_SECONDS:
            _kept.move_to_end(key)
            return kept[1]
    comparison = build_comparison(plans, filters, **options)
    with _lock:
        _kept[key] = (now, comparison)
        while len(_kept) > KEEP:
            _kept.popitem(last=False)
    return comparison


def forget() -> None:
    """Drop every kept comparison (tests)."""
    with _lock:
        _kept.clear()
