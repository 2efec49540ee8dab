"""A 4.9 MB plan read whole (/plans/<slug>/?expand=all): unbounded, as before issue 28's polish,
beside the bound (settings.PLAN_WHOLE_MAX_CHARS) that sends the reader chapter by chapter.

Builds a temporary database with the seeds, imports tests/bigplan.py's synthetic plan, and times
the page (best and median of five warm requests through Django's test client, DEBUG=false) with
the bound lifted and with the bound as configured, in one run; a seed plan read whole for scale.
Then the folded pages, which every reader of a plan opens: the big plan's, and a seed plan citing
six documents beside a catalogue of 1,000 synthetic plans (``make_catalogue``), the cited
documents being matched to it. Prints figures, asserts nothing.

    .venv/bin/python bench/whole_plan.py
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
BIG = "/plans/big-plan/?expand=all"
SEED = "/plans/wangcang-2023-digital-gov-plan/?expand=all"
BIG_FOLDED = "/plans/big-plan/"
SEED_FOLDED = "/plans/wangcang-2023-digital-gov-plan/"


def _time(client, url: str) -> tuple[float, float, int]:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return min(times), statistics.median(times), len(response.content)


def main() -> None:
    folder, cleanup = seeded_database()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client, override_settings

    from tests.bigplan import big_plan_text

    try:
        text = folder / "big-plan.txt"
        text.write_text(big_plan_text(4_900_000), encoding="utf-8")
        call_command(
            "import_plan", str(text), "--jurisdiction", "云南省", "--level", "province",
            "--slug", "big-plan", stdout=io.StringIO(),
        )  # fmt: skip
        client = Client()
        rows = []
        with override_settings(PLAN_WHOLE_MAX_CHARS=10**9):
            rows.append(("unbounded (before)", BIG, _time(client, BIG)))
        bound = settings.PLAN_WHOLE_MAX_CHARS
        rows.append((f"bound {bound:,} chars (after)", BIG, _time(client, BIG)))
        rows.append((f"bound {bound:,} chars (after)", SEED, _time(client, SEED)))
        rows.append(("folded", BIG_FOLDED, _time(client, BIG_FOLDED)))
        call_command("make_catalogue", 1000, seed=1, stdout=io.StringIO())
        rows.append(("folded, 1,000 more plans", SEED_FOLDED, _time(client, SEED_FOLDED)))
        print(f"{'':28} {'page':52} {'best ms':>9} {'median ms':>10} {'HTML bytes':>12}")
        for label, url, (best, median, size) in rows:
            print(f"{label:28} {url:52} {best:9.1f} {median:10.1f} {size:12,d}")
    finally:
        cleanup()


if __name__ == "__main__":
    main()
