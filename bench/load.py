"""Concurrent clients against the production server (`make serve`): req/s, p50/p95, errors.

By default it starts `make serve` itself on a fresh database (a temporary SQLite file, or the
PostgreSQL database DATABASE_URL names), loads the seeds and aligns the compared plans first
(so the compare page is served, not queued), then runs two phases against it: one client for a
few seconds (the baseline), then N concurrent clients for T seconds. Each client keeps one
connection open (as a browser does), asks for gzip, and goes round the pages in turn: the
three-plan compare page, the home page, a search and the JSON API. With --url it measures a
server already running instead. Loopback addresses only; at most 200 clients for 120 s.

    .venv/bin/python bench/load.py                      # 50 clients x 30 s, SQLite
    DATABASE_URL=postgres://... .venv/bin/python bench/load.py
    .venv/bin/python bench/load.py --url http://127.0.0.1:8000 --clients 10 --seconds 10

Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
THREE = ["yunnan-2022-egov-plan", "hunan-13th-egov-plan", "wangcang-2023-digital-gov-plan"]
PAGES = {
    "compare": f"/compare/?plans={','.join(THREE)}",
    "home": "/",
    "search": "/search/?q=" + quote("政务云 共享"),
    "api": f"/api/compare/?plans={','.join(THREE[:2])}",
}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_CLIENTS, MAX_SECONDS = 200, 120


def _client(host: str, port: int, order: list[str], until: float, results: list) -> None:
    connection = http.client.HTTPConnection(host, port, timeout=60)
    i = 0
    while time.monotonic() < until:
        name = order[i % len(order)]
        i += 1
        started = time.monotonic()
        try:
            connection.request("GET", PAGES[name], headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=60)
        results.append((name, time.monotonic() - started, ok))
    connection.close()


def run(base: str, clients: int, seconds: float) -> dict:
    parts = urlsplit(base)
    names = list(PAGES)
    results: list[tuple[str, float, bool]] = []
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=_client,
            args=(
                parts.hostname,
                parts.port or 80,
                names[n % 4 :] + names[: n % 4],
                until,
                results,
            ),
        )
        for n in range(clients)
    ]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    figures = {}
    for name in [*names, "all"]:
        mine = [r for r in results if name in (r[0], "all")]
        times = sorted(r[1] * 1000 for r in mine)
        if not times:
            continue
        figures[name] = {
            "requests": len(mine),
            "rps": len(mine) / elapsed,
            "p50": statistics.median(times),
            "p95": times[min(len(times) - 1, int(0.95 * len(times)))],
            "max": times[-1],
            "errors": sum(not r[2] for r in mine),
        }
    return figures


def show(title: str, figures: dict) -> None:
    print(title)
    print(
        f"  {'page':8} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
        " errors"
    )
    for name, f in figures.items():
        print(
            f"  {name:8} {f['requests']:8d} {f['rps']:7.1f} {f['p50']:8.1f} {f['p95']:8.1f} "
            f"{f['max']:8.1f} {f['errors']:6d}"
        )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(folder: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env |= {"HOST": f"127.0.0.1:{port}", "SECRET_KEY_FILE": str(folder / "secret")}
    if "DATABASE_URL" not in env:
        env["SQLITE_PATH"] = str(folder / "load.sqlite3")
    manage = [str(ROOT / ".venv/bin/python"), str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "load_seeds", "-v0"], env=env, cwd=ROOT, check=True)
    for slugs in (THREE, THREE[:2]):
        subprocess.run(
            [*manage, "align", *slugs], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
        )
    log = (folder / "serve.log").open("w")
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server, base
        except OSError:
            pass
        if server.poll() is not None:
            sys.exit("make serve stopped:\n" + (folder / "serve.log").read_text())
        time.sleep(0.5)
    sys.exit("make serve did not answer in 120 s")


def _shape(server) -> str:
    """The server's processes and threads (config/gunicorn.py defaults unless set)."""
    if server is None:
        return ""
    workers = os.environ.get("WEB_WORKERS", min(len(os.sched_getaffinity(0)), 8))
    threads = os.environ.get("WEB_THREADS", "4")
    kept = os.environ.get("DUIZHAO_SHARED_PAGES_MB", "64")
    return f", {workers} workers x {threads} threads, pages kept: {kept} MB, {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a server already running (loopback only)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    if not 1 <= args.clients <= MAX_CLIENTS or not 1 <= args.seconds <= MAX_SECONDS:
        sys.exit(f"clients must be 1..{MAX_CLIENTS} and seconds 1..{MAX_SECONDS}")
    if args.url and urlsplit(args.url).hostname not in LOOPBACK:
        sys.exit("load is only sent to this machine (127.0.0.1, localhost, ::1)")
    server = None
    with tempfile.TemporaryDirectory(prefix="duizhao-load-") as folder:
        try:
            if args.url:
                base = args.url.rstrip("/")
            else:
                server, base = _serve(Path(folder))
            database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
            print(f"against {base} ({'make serve, ' if server else ''}{database}{_shape(server)})")
            run(base, 4, 3)  # warm every process's caches before measuring
            show("baseline: 1 client x 5 s", run(base, 1, 5))
            show(
                f"load: {args.clients} clients x {args.seconds:g} s",
                run(base, args.clients, args.seconds),
            )
        finally:
            if server is not None and server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=60)


if __name__ == "__main__":
    main()
