"""One plan against a catalogue of 1,000 synthetic plans: 1 and 2 workers beside one process.

Builds a database (the seeds and ``make_catalogue 1000``, about 120,000 sections; PostgreSQL
under .ci/with-postgres, else a temporary SQLite file), builds the catalogue index once, then
aligns yunnan-2022-egov-plan against the catalogue three ways, each a fresh run:

- one process doing every chunk itself (``align_catalogue --here``), the single-process baseline;
- the run queued as jobs (one per chunk) and done by 1 worker (``manage.py worker --batch``);
- the same with 2 workers.

Prints wall time, and the peak memory (VmHWM) and CPU seconds of each process: on a machine
shared with other work the CPU time shows how the work divides between workers. Also the cost
the index saves: the term statistics over the whole catalogue, which aligning pair by pair
with ``align`` recomputes for every pair. Last, the start request (a staff member's click on
"与整个目录比对"), beside what it cost when it built the index in the request (the baseline:
the same steps timed here, with the index current and after the catalogue changed). Asserts
nothing about time. ``--start-only`` measures the start request alone (no worker rows).

    .ci/with-postgres .venv/bin/python bench/catalogue.py    # targets: < 60 s with 2 workers,
                                                             # < 1 GB per worker
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import ROOT, catalogue_database  # noqa: E402

PLANS = 1000
QUERY = "yunnan-2022-egov-plan"
CHUNK = 25


def main() -> None:
    database, cleanup = catalogue_database(PLANS)
    try:
        _report(database)
    finally:
        cleanup()


def _report(database: str) -> None:
    from compare.catalogue.running import current_index
    from plans.models import Section

    sections = Section.objects.count()
    started = time.perf_counter()
    index = current_index(rebuild=True)
    built = time.perf_counter() - started
    print(
        f"Duizhao catalogue alignment: {QUERY} against {PLANS} synthetic plans + seeds "
        f"({sections} sections), {database}, chunks of {CHUNK} plans"
    )
    print(f"catalogue index built once in {built:.1f} s, {len(index.data) / 1024:.0f} KiB stored")
    print(
        f"(aligning pair by pair would recompute the catalogue's term statistics for each of "
        f"~{PLANS} pairs: ~{built * PLANS / 60:.0f} min of that alone)"
    )
    if "--start-only" not in sys.argv:
        rows = [("one process (baseline)", *_here())]
        for workers in (1, 2):
            rows.append((f"{workers} worker{'s' if workers > 1 else ''}", *_workers(workers)))
        print(f"{'how':24} {'seconds':>8} {'links':>7} {'plans':>6}  per process: peak memory, CPU")
        for how, seconds, links, plans, peaks in rows:
            print(f"{how:24} {seconds:8.1f} {links:7} {plans:6}  {'; '.join(peaks)}")
    print("start request (POST /catalogue/<plan>/start/, staff):")
    for how, seconds in _start_request():
        print(f"  {how:66} {seconds:6.2f} s")
    print(f"load average (other work on this machine): {os.getloadavg()[0]:.1f}")


def _start_request() -> list[tuple[str, float]]:
    """The start click now, beside the steps it took before the index moved into the job."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from compare.catalogue import running as catalogue
    from compare.lib.catalogue_index import candidates, chunked
    from plans.models import Plan

    plan = Plan.objects.get(slug=QUERY)
    client = Client()
    client.force_login(get_user_model().objects.create_user("bench", is_staff=True))
    figures = []
    for changed in (False, True):  # a web worker's first start: the index read from the table
        catalogue._loaded.clear()
        started = time.perf_counter()
        stored = catalogue.current_index(rebuild=changed)
        keys = candidates(catalogue._plan_sections(plan.pk), catalogue._index(stored))
        chunked([int(k) for k in keys], CHUNK)
        how = "catalogue changed, index rebuilt" if changed else "index current"
        figures.append((f"before: index in the request ({how})", time.perf_counter() - started))
    started = time.perf_counter()
    response = client.post(f"/catalogue/{QUERY}/start/")
    seconds = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    figures.append(("now: run recorded and queued, index left to the job", seconds))
    return figures


def _manage(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _watch(processes: list[subprocess.Popen]) -> list[str]:
    """Wait for the processes; the peak resident memory (MiB) and CPU seconds of each, read
    while it runs (the CPU time says what each did on a machine shared with other work)."""
    peaks = [0] * len(processes)
    cpu = [0.0] * len(processes)
    while any(p.poll() is None for p in processes):
        for i, p in enumerate(processes):
            peaks[i] = max(peaks[i], _hwm(p.pid))
            cpu[i] = max(cpu[i], _cpu(p.pid))
        time.sleep(0.2)
    for p in processes:
        if p.returncode:
            raise SystemExit(f"{p.args} failed: {p.stderr.read().decode()[-2000:]}")
    return [f"{peak} MiB {seconds:.0f} s" for peak, seconds in zip(peaks, cpu, strict=True)]


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _hwm(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def _here() -> tuple[float, int, int, list[str]]:
    from compare.models import CatalogueRun

    started = time.perf_counter()
    peaks = _watch([_manage("align_catalogue", QUERY, "--here", "--chunk", str(CHUNK))])
    seconds = time.perf_counter() - started
    return (seconds, *_result(CatalogueRun.objects.first()), peaks)


def _workers(count: int) -> tuple[float, int, int, list[str]]:
    from compare.catalogue.running import start_catalogue_run
    from plans.models import Plan

    run = start_catalogue_run(Plan.objects.get(slug=QUERY), chunk=CHUNK)
    started = time.perf_counter()
    peaks = _watch([_manage("worker", "--batch") for _ in range(count)])
    seconds = time.perf_counter() - started
    run.refresh_from_db()
    assert run.status == "done", (run.status, run.error)
    return (seconds, *_result(run), peaks)


def _result(run) -> tuple[int, int]:
    return run.links, run.matches.values("other_plan").distinct().count()


if __name__ == "__main__":
    main()
