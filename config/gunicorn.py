"""gunicorn settings for `make serve` (`gunicorn -c config/gunicorn.py config.wsgi`).

Environment: HOST (addr:port, default 127.0.0.1:8000), WEB_WORKERS (processes, default one per
core this process may use, at most 8), WEB_THREADS (threads each, default 4), JOB_WORKERS
(background job workers started beside the server, replaced within seconds when one dies and
stopped with it, default 1; 0 when they run elsewhere, e.g. as their own service).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable

from config.env import env_int
from config.workers import JobWorkers

bind = os.environ.get("HOST", "127.0.0.1:8000")
# One process per core: with repeat views served from memory (web.pagecache) a request is a
# few milliseconds of CPU, and a third process on two cores only made some clients wait longer
# (bench/load.py, 50 clients: p95 72 ms with 2 processes, 185 ms with 3, the same req/s). At most
# 8, so processes x threads database connections stay well under PostgreSQL's default 100.
workers = env_int("WEB_WORKERS", min(len(os.sched_getaffinity(0)), 8))
threads = env_int("WEB_THREADS", 4)
worker_class = "gthread"
timeout = 60
graceful_timeout = 20
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
# Load the app before forking: a refused configuration (config.safety) stops the server at once.
preload_app = True

_job_workers = JobWorkers(env_int("JOB_WORKERS", 1), log=logging.getLogger("gunicorn.error"))


def on_starting(server) -> None:
    from django.conf import settings

    from config.safety import DEBUG_MESSAGE

    if settings.DEBUG:  # the WSGI app lets DEBUG by (`make run` needs it): this server does not
        sys.exit(DEBUG_MESSAGE)
    # gunicorn 27's master offers no periodic hook, so a thread of its own watches them.
    _job_workers.start()
    # Stopped with the master by the same signal (systemd signals the whole group), a job worker
    # is not started again while the master waits for its web workers before on_exit. gunicorn
    # has no hook for that moment: its master looks up its handle_<signal> methods by name.
    for name in ("handle_term", "handle_int", "handle_quit"):
        setattr(server, name, _holding(getattr(server, name)))


def on_exit(server) -> None:
    _job_workers.stop()


def _holding(handle: Callable[[], None]) -> Callable[[], None]:
    def stopping() -> None:
        _job_workers.hold()
        handle()

    return stopping
