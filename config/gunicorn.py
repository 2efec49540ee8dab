"""gunicorn settings for `make serve` (`gunicorn -c config/gunicorn.py config.wsgi`).

Environment: HOST (addr:port, default 127.0.0.1:8000), WEB_WORKERS (processes, default one per
core this process may use, at most 8), WEB_THREADS (threads each, default 4), JOB_WORKERS
(background job workers started beside the server, replaced within seconds when one dies and
stopped with it, default 1; 0 when they run elsewhere, e.g. as their own service).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

bind = os.environ.get("HOST", "127.0.0.1:8000")
# One process per core: with repeat views served from memory (web.pagecache) a request is a
# few milliseconds of CPU, and a third process on two cores only made some clients wait longer
# (bench/load.py, 50 clients: p95 72 ms with 2 processes, 185 ms with 3, the same req/s). At most
# 8, so processes x threads database connections stay well under PostgreSQL's default 100.
workers = int(os.environ.get("WEB_WORKERS", min(len(os.sched_getaffinity(0)), 8)))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
timeout = 60
graceful_timeout = 20
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
# Load the app before forking: a refused configuration (config.safety) stops the server at once.
preload_app = True

_BASE = Path(__file__).resolve().parent.parent
# How often the master looks at its job workers, and the longest it waits before starting one
# again after quick deaths in a row (a worker that cannot start must not spin the CPU).
SUPERVISE_EVERY = 1.0
MAX_RESTART_DELAY = 60.0
_job_workers: list[subprocess.Popen] = []
_stopping = threading.Event()
_starting = threading.Lock()
_log = logging.getLogger("gunicorn.error")


def on_starting(server) -> None:
    from django.conf import settings

    from config.safety import DEBUG_MESSAGE

    if settings.DEBUG:  # the WSGI app lets DEBUG by (`make run` needs it): this server does not
        sys.exit(DEBUG_MESSAGE)
    for _ in range(int(os.environ.get("JOB_WORKERS", "1"))):
        _job_workers.append(_start_job_worker())
    if _job_workers:
        # gunicorn 27's master offers no periodic hook, so a thread of its own watches them.
        threading.Thread(target=_supervise, name="job-worker-supervisor", daemon=True).start()


def on_exit(server) -> None:
    with _starting:  # none is being started meanwhile, and none will be
        _stopping.set()
    for process in _job_workers:
        process.terminate()
    for process in _job_workers:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _start_job_worker() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(_BASE / "manage.py"), "worker"])


def _supervise() -> None:
    """Start a job worker again when one dies (killed, out of memory, crashed): at once after a
    long life, then 1, 2, 4... up to MAX_RESTART_DELAY seconds after quick deaths in a row. Its
    job, left running, is failed and queued again by the new worker (compare.runs.jobs)."""
    started = dict.fromkeys(range(len(_job_workers)), time.monotonic())
    delay = dict.fromkeys(started, 0.0)
    due: dict[int, float] = {}  # slot -> when its next worker starts
    while not _stopping.wait(SUPERVISE_EVERY):
        now = time.monotonic()
        for slot, process in enumerate(_job_workers):
            # The master reaps any child that exits, so poll() may only learn it is gone (and
            # say 0): the exit status is in gunicorn's own log line.
            if process.poll() is None:
                continue
            if slot not in due:
                if now - started[slot] < MAX_RESTART_DELAY:  # died young: wait longer each time
                    delay[slot] = min(MAX_RESTART_DELAY, 2 * delay[slot] or SUPERVISE_EVERY)
                else:
                    delay[slot] = 0.0
                due[slot] = now + delay[slot]
                _log.error(
                    "job worker (pid %s) stopped: another starts in %.0f s",
                    process.pid,
                    delay[slot],
                )
            if now < due[slot]:
                continue
            with _starting:
                if _stopping.is_set():
                    return
                _job_workers[slot] = _start_job_worker()
            started[slot] = now
            del due[slot]
