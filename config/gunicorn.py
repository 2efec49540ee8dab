"""gunicorn settings for `make serve` (`gunicorn -c config/gunicorn.py config.wsgi`).

Environment: HOST (addr:port, default 127.0.0.1:8000), WEB_WORKERS (processes, default one per
core this process may use, at most 8), WEB_THREADS (threads each, default 4), JOB_WORKERS
(background job workers started beside the server and stopped with it, default 1; 0 when they
run elsewhere, e.g. on other machines).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

bind = os.environ.get("HOST", "127.0.0.1:8000")
# One process per core: with repeat views served from memory (config.pagecache) a request is a
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
# Load the app before forking: a refused configuration (config.checks) stops the server at once.
preload_app = True

_BASE = Path(__file__).resolve().parent.parent
_job_workers: list[subprocess.Popen] = []


def on_starting(server) -> None:
    for _ in range(int(os.environ.get("JOB_WORKERS", "1"))):
        _job_workers.append(subprocess.Popen([sys.executable, str(_BASE / "manage.py"), "worker"]))


def on_exit(server) -> None:
    for process in _job_workers:
        process.terminate()
    for process in _job_workers:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
