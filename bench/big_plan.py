"""Pages with a 4.9 MB plan in the catalogue, beside the same pages on the seeds alone.

Builds a temporary SQLite database (migrate, load_seeds), times the pages people open most
(best and median of five warm requests through Django's test client, DEBUG=false), imports a
synthetic 4.9 MB plan (tests/bigplan.py, just under the 5 MB import limit) and times them
again. Before issue 13 the home page took 18.6 s and /goals/ ended in a 500 with such a plan.
Prints figures, asserts nothing.

    .venv/bin/python bench/big_plan.py
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import seeded_database  # noqa: E402

REPEAT = 5
PAGES = [
    "/",
    "/api/plans/",
    "/search/?q=政务云 共享",
    "/goals/?plans=yunnan-2022-egov-plan,wangcang-2023-digital-gov-plan",
    "/goals/?plans=big-plan,yunnan-2022-egov-plan",
    "/api/plans/big-plan/",
]


def _time(client, url: str) -> tuple[float, float, int] | None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if client.get(url).status_code != 200:
        return None
    times = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
    return min(times), statistics.median(times), len(queries)


def main() -> None:
    folder, cleanup = seeded_database()
    from django.core.management import call_command
    from django.test import Client

    from tests.bigplan import big_plan_text

    try:
        client = Client()
        before = {url: _time(client, url) for url in PAGES}
        text = folder / "big-plan.txt"
        text.write_text(big_plan_text(4_900_000), encoding="utf-8")
        started = time.perf_counter()
        call_command(
            "import_plan", str(text), "--jurisdiction", "云南省", "--level", "province",
            "--slug", "big-plan", stdout=io.StringIO(),
        )  # fmt: skip
        imported = time.perf_counter() - started
        after = {url: _time(client, url) for url in PAGES}
        print(f"imported a {text.stat().st_size / 1e6:.1f} MB plan in {imported:.1f} s")
        print(f"{'page':62} {'seeds only: best/median ms, queries':>36}   with the 5 MB plan")
        for url in PAGES:
            a, b = before[url], after[url]
            left = f"{a[0]:8.1f} {a[1]:8.1f} {a[2]:4d}" if a else f"{'(no such plan yet)':>22}"
            print(f"{url:62} {left:>36}   {b[0]:8.1f} {b[1]:8.1f} {b[2]:4d}")
    finally:
        cleanup()


if __name__ == "__main__":
    main()
