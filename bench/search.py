"""Search over a catalogue of 1,000 synthetic plans, beside the scan it replaced.

Builds a database (the seeds and ``make_catalogue 1000``; PostgreSQL under .ci/with-postgres,
else a temporary SQLite file), then times plans.searching.search for a few queries, warm, best
and median of REPEAT, beside the former search in the same run: every section's title and text
tested with icontains and every hit read. Also the whole /search/ request. Prints figures,
asserts nothing.

    .ci/with-postgres .venv/bin/python bench/search.py     # the target: < 100 ms
    .venv/bin/python bench/search.py                       # SQLite
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import catalogue_database  # noqa: E402

PLANS = 1000
REPEAT = 7
TARGET_MS = 100
# Long words (trigram index), short ones (index of characters and pairs; 数据 is in almost half
# the sections), both together, Latin and digits, traditional script.
QUERIES = [
    "一网统管",
    "政务云 迁移",
    "数据共享交换平台",
    "电子证照",
    "安全",
    "数据",
    "云",
    "数据 安全",
    "政务云 安全",
    "12345",
    "ipv6",
    "數據共享",
]


def main() -> None:
    database, cleanup = catalogue_database(PLANS)
    try:
        _report(database)
    finally:
        cleanup()


def _report(database: str) -> None:
    from django.test import Client

    from plans.models import Section
    from plans.searching import search, terms_of

    sections = Section.objects.count()
    print(f"Duizhao search: {PLANS} synthetic plans + seeds, {sections} sections, {database}")
    print(f"warm, best and median of {REPEAT}; target < {TARGET_MS} ms (PostgreSQL)")
    header = (
        f"{'query':18} {'sections':>8} {'plans':>5} {'search best':>11} {'median':>7} "
        f"{'page best':>9} {'scan best':>9} {'median':>7}  (ms)"
    )
    print(header)
    client = Client()
    for query in QUERIES:
        terms = terms_of(query)
        found = search(terms)
        scanned = _scan(terms)
        assert found.total == scanned, (query, found.total, scanned)  # the same sections
        new = _times(lambda terms=terms: search(terms))
        page = _times(lambda query=query: client.get("/search/", {"q": query}))
        old = _times(lambda terms=terms: _scan(terms), repeat=3)
        print(
            f"{query:18} {found.total:8} {found.plans:5} {min(new):11.1f} "
            f"{statistics.median(new):7.1f} {min(page):9.1f} {min(old):9.1f} "
            f"{statistics.median(old):7.1f}"
        )


def _scan(terms: list[str]) -> int:
    """The search this replaced: icontains on title and text for each word, every hit read."""
    from django.db.models import Q

    from plans.models import Section

    sections = Section.objects.select_related("plan__jurisdiction", "plan__era")
    for term in terms:
        sections = sections.filter(
            Q(title_simplified__icontains=term) | Q(body_simplified__icontains=term)
        )
    return sum(1 for _ in sections.order_by("plan_id", "order").iterator(chunk_size=500))


def _times(work, *, repeat: int = REPEAT) -> list[float]:
    work()  # warm
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return times


if __name__ == "__main__":
    main()
