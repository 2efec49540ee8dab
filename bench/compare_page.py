"""Server time and HTML size of the compare page, beside serving a static file of the same size.

Builds a temporary SQLite database (migrate, load_seeds), aligns the three seed plans and
measures their page, then aligns the four plans and measures theirs: each page as a reader sees
it right after asking for it. Every figure is warm: the first request is discarded, then ten
requests through Django's test client (the whole middleware stack, no network); best and median.
Beside each page, whitenoise serves a file of exactly the page's size from a temporary
STATIC_ROOT, as the floor of what any response of that size costs here. Runs with DEBUG=false,
as in production. Prints figures, asserts nothing.

    .venv/bin/python bench/compare_page.py
"""

from __future__ import annotations

import gzip
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import seeded_database  # noqa: E402

REPEAT = 10
TARGET_MS, TARGET_KB = 100, 400  # for the three-plan page (issue 12; issue 4 had 150, 600)
THREE = ["yunnan-2022-egov-plan", "hunan-13th-egov-plan", "wangcang-2023-digital-gov-plan"]
FOUR = [*THREE, "yunnan-2023-digital-gov-programme"]


def main() -> None:
    folder, cleanup = seeded_database()

    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.STATIC_ROOT = str(folder / "static")  # read when the client's middleware loads
    Path(settings.STATIC_ROOT, "bench").mkdir(parents=True)
    try:
        sizes, pages, aligning = {}, [], {}
        for slugs in (THREE, FOUR):
            started = time.perf_counter()
            call_command("align", *slugs, stdout=io.StringIO())
            aligning[len(slugs)] = time.perf_counter() - started
            url = f"/compare/?plans={','.join(slugs)}"
            page = _measure(Client(), url)
            sizes[len(slugs)] = page["bytes"]
            pages.append((slugs, page))
        for n, size in sizes.items():  # whitenoise indexes STATIC_ROOT once, when it starts
            Path(settings.STATIC_ROOT, "bench", f"page-{n}.html").write_bytes(b"x" * size)
        static_client = Client()
        print(f"Duizhao compare page benchmark: {REPEAT} warm requests each, DEBUG=false, SQLite")
        header = (
            f"{'page':18} {'rows':>5} {'HTML kB':>8} {'gzip kB':>8} {'sent kB':>8} {'best ms':>8} "
            f"{'median ms':>9} {'cpu ms':>7} {'rebuilt ms':>10} {'rendered ms':>11} "
            f"{'static best':>11} {'static med':>10}  target"
        )
        print(header)
        print("-" * len(header))
        for slugs, page in pages:
            n = len(slugs)
            static = _measure(static_client, f"{settings.STATIC_URL}bench/page-{n}.html")
            assert static["bytes"] == page["bytes"], "whitenoise did not serve the file"
            target = f"< {TARGET_MS} ms, < {TARGET_KB} kB" if slugs == THREE else "-"
            print(
                f"{f'{n} plans':18} {page['rows']:5d} {page['bytes'] / 1000:8.1f} "
                f"{page['gzip'] / 1000:8.1f} {page['sent'] / 1000:8.1f} {page['best']:8.1f} "
                f"{page['median']:9.1f} {page['cpu']:7.1f} {page['rebuilt']:10.1f} "
                f"{page['rendered']:11.1f} "
                f"{static['best']:11.2f} {static['median']:10.2f}  {target}"
            )
        if len(pages) == 2:
            (_, three), (_, four) = pages
            print(
                f"four plans / three plans: time {four['best'] / three['best']:.2f}x, "
                f"cpu {four['cpu'] / three['cpu']:.2f}x, "
                f"HTML {four['bytes'] / three['bytes']:.2f}x (target <= 1.5x)"
            )
        print("-" * len(header))
        for n, seconds in aligning.items():
            print(f"aligning {n} plans beforehand (manage.py align): {seconds:.2f} s")
        print("plans: " + ", ".join(FOUR) + " (three = the first three)")
        print(
            "static = whitenoise serving a file of the same size; times in ms; sent = the body "
            "the server sends a client accepting gzip; cpu = best process time of one request "
            "(less sensitive than wall time to other work on a shared machine); rebuilt = best "
            "time with the kept comparisons and rows' HTML dropped first (what the first view "
            "after an alignment, a curation or an import costs; warm views reuse them); rendered = "
            "best time with only the shared page and the rows' HTML dropped (the page's rendering)"
        )
    finally:
        cleanup()


def _measure(client, url: str) -> dict:
    response = client.get(url)  # warm-up: jieba, templates, caches; discarded
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}, not 200")
    times, cpu = [], []
    for _ in range(REPEAT):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        response.close()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    rebuilt, rendered = [], []
    for _ in range(REPEAT):
        _forget()
        started = time.perf_counter()
        client.get(url).close()
        rebuilt.append((time.perf_counter() - started) * 1000)
    for _ in range(REPEAT):
        _forget(comparisons=False)
        started = time.perf_counter()
        client.get(url).close()
        rendered.append((time.perf_counter() - started) * 1000)
    sent = client.get(url, headers={"accept-encoding": "gzip"})
    sent_body = b"".join(sent) if sent.streaming else sent.content
    return {
        "bytes": len(body),
        "gzip": len(gzip.compress(body)),
        "sent": len(sent_body),
        "rows": body.count(b'<tr id="r'),
        "best": min(times),
        "median": statistics.median(times),
        "cpu": min(cpu),
        "rebuilt": min(rebuilt),
        "rendered": min(rendered),
    }


def _forget(*, comparisons: bool = True) -> None:
    """Drop what the server keeps between views: the shared page (web.pagecache), the rows' HTML
    and, unless told not to, the kept comparisons (compare.reading.caching)."""
    from django.core.cache import cache

    from compare.reading.caching import forget
    from web import pagecache

    if comparisons:
        forget()
    pagecache.forget()
    cache.clear()


if __name__ == "__main__":
    main()
