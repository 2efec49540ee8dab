"""Search over a catalogue of 1,000 synthetic plans, today's counting beside the new, in one run.

Builds a database (the seeds and ``make_catalogue 1000``; PostgreSQL under .ci/with-postgres,
else a temporary SQLite file), then times plans.searching.search and the whole /search/ page
(the page cache off, so every request renders) for a few queries, warm, best and median of
REPEAT: first with the counting and the page's sections found as before (kept below as
_today_counts: the substring test on every section on SQLite, an exact count through the
trigram and grams indexes of plans_section on PostgreSQL; _today_first_sections), then as it
is. The search template is today's in both. Checks that both find the same counts;
prints figures, asserts nothing about time.

    .ci/with-postgres .venv/bin/python bench/search.py     # the target: page < 100 ms
    .venv/bin/python bench/search.py                       # SQLite, the target: page < 60 ms
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import catalogue_database  # noqa: E402

PLANS = 1000
REPEAT = 7
TARGET_MS = {"PostgreSQL": 100, "SQLite": 60}  # the whole page
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
    os.environ["DUIZHAO_SHARED_PAGES_MB"] = "0"  # every request renders its page
    database, cleanup = catalogue_database(PLANS)
    try:
        _report(database)
    finally:
        cleanup()


def _report(database: str) -> None:
    from django.test import Client

    from plans import searching
    from plans.models import Section

    sections = Section.objects.count()
    print(f"Duizhao search: {PLANS} synthetic plans + seeds, {sections} sections, {database}")
    target = TARGET_MS[database.split()[0]]
    print(f"warm, best and median of {REPEAT} (ms); target: page < {target} ms")
    print(
        f"{'query':16} {'sections':>8} {'plans':>5} | {'today: search':>13} {'page':>5} "
        f"{'median':>6} | {'new: search':>11} {'page':>5} {'median':>6}"
    )
    client = Client()
    for query in QUERIES:
        terms = searching.terms_of(query)
        with _counting(_today_counts, _today_first_sections):
            today = searching.search(terms)
            old = _times(lambda terms=terms: searching.search(terms))
            old_page = _times(lambda query=query: client.get("/search/", {"q": query}))
        found = searching.search(terms)
        assert _shown(found) == _shown(today), query  # the same plans, counts and sections
        new = _times(lambda terms=terms: searching.search(terms))
        new_page = _times(lambda query=query: client.get("/search/", {"q": query}))
        shown = f"{found.total}"
        print(
            f"{query:16} {shown:>8} {found.plans:5} | {min(old):13.1f} {min(old_page):5.1f} "
            f"{statistics.median(old_page):6.1f} | {min(new):11.1f} {min(new_page):5.1f} "
            f"{statistics.median(new_page):6.1f}"
        )


def _shown(found) -> list:
    return [(g.plan.pk, g.count, [h.section.pk for h in g.hits]) for g in found.groups]


def _today_counts(terms: list[str], plans) -> list[tuple[int, int]]:
    """The counting before FTS5 and plans_search_doc: exact, through the indexes of 0005/0006 on
    PostgreSQL, the substring test on every section on SQLite."""
    from django.db.models import Count

    from plans.models import Section
    from plans.searching import _mentions

    matching = Section.objects.filter(*_mentions(terms, indexed=plans is None))
    if plans is not None:
        matching = matching.filter(plan__in=plans)
    return list(matching.order_by().values_list("plan_id").annotate(n=Count("id")))


def _today_first_sections(terms: list[str], plans, shown: list[int], per_plan: int):
    """The page's sections as found before: a substring test on every row of the shown plans,
    ranked by a window over whole rows."""
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    from plans.models import Section, without_text
    from plans.searching import _mentions

    # Their ids: the search reads the rows (with the sections above them) in a query of its own.
    return (
        Section.objects.filter(*_mentions(terms, indexed=False), plan_id__in=shown)
        .defer("title_tokens", "body_tokens", *without_text("plan"))
        .annotate(rank=Window(RowNumber(), partition_by=F("plan_id"), order_by=F("order").asc()))
        .filter(rank__lte=per_plan)
        .values("pk")
    )


@contextmanager
def _counting(counts, first_sections):
    from plans import searching

    kept = searching._counts, searching._first_sections
    searching._counts, searching._first_sections = counts, first_sections
    try:
        yield
    finally:
        searching._counts, searching._first_sections = kept


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
