"""Pages with 10 and with 1,000 synthetic plans: queries and server time, side by side.

Builds a database (the seeds, two seed plans aligned, ``make_catalogue 10``; PostgreSQL under
.ci/with-postgres, else a temporary SQLite file), times each page warm through Django's test
client (DEBUG=false; best and median of REPEAT after one discarded), then replaces the
catalogue by 1,000 plans and times the same pages again. Prints figures, asserts nothing.

    .ci/with-postgres .venv/bin/python bench/pages.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import catalogue_database  # noqa: E402

REPEAT = 7
Y22, HN = "yunnan-2022-egov-plan", "hunan-13th-egov-plan"


def main() -> None:
    database, cleanup = catalogue_database(10, before=_align)
    try:
        small = _measure()
        from django.core.management import call_command

        call_command("make_catalogue", 1000, seed=1)
        large = _measure()
        _report(database, small, large)
    finally:
        cleanup()


def _align() -> None:
    import io

    from django.core.management import call_command

    call_command("align", Y22, HN, stdout=io.StringIO())


def _pages() -> dict[str, str]:
    from plans.models import Plan

    plan = Plan.objects.select_related("jurisdiction").get(slug=Y22)
    section = plan.sections.filter(parent__isnull=False).first()
    return {
        "home": "/",
        "home, 云南省 open": f"/?region={plan.jurisdiction.slug}",
        "picker": "/compare/",
        "picker, find 十四五 县": "/compare/?find=十四五+县&look=1",
        "plan": plan.get_absolute_url(),
        "plan, section open": f"{plan.get_absolute_url()}?open={section.pk}",
        "compare (2 plans)": f"/compare/?plans={Y22},{HN}",
        "search 一网通办": "/search/?q=一网通办",
        "search 安全": "/search/?q=安全",
        "search 安全, page 2": "/search/?q=安全&page=2",
    }


def _measure() -> dict[str, tuple[int, int, float, float]]:
    from django.db import connection
    from django.test import Client

    from plans.models import Plan

    client = Client()
    figures = {}
    for name, url in _pages().items():
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)  # a wrapper survives the reconnection each request makes
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            size = len(client.get(url).content)
        times = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        figures[name] = (len(queries), size, min(times), statistics.median(times))
    figures["_plans"] = (Plan.objects.count(), 0, 0.0, 0.0)
    return figures


def _report(database, small, large) -> None:
    print(
        f"Duizhao pages, {small['_plans'][0]} vs {large['_plans'][0]} plans, {database}; "
        f"warm, best and median of {REPEAT}, DEBUG=false"
    )
    print(
        f"{'page':22} {'queries':>7} {'kB':>6} {'best ms':>8} {'median':>7}   "
        f"{'queries':>7} {'kB':>6} {'best ms':>8} {'median':>7}"
    )
    for name in small:
        if name.startswith("_"):
            continue
        a, b = small[name], large[name]
        print(
            f"{name:22} {a[0]:7} {a[1] / 1024:6.0f} {a[2]:8.1f} {a[3]:7.1f}   "
            f"{b[0]:7} {b[1] / 1024:6.0f} {b[2]:8.1f} {b[3]:7.1f}"
        )


if __name__ == "__main__":
    main()
