"""gunicorn settings for `make serve` (`gunicorn -c config/gunicorn.py config.wsgi`).

Environment: HOST (addr:port, default 127.0.0.1:8000), WEB_WORKERS (processes, default one per
core this process may use, at most 8), WEB_THREADS (threads each, default 4), JOB_WORKERS
(background job workers started beside the server, replaced within seconds when one dies and
stopped with it, default 1; 0 when they run elsewhere, e.g. as their own service).
"""

from __future__ import annotations

import logging
import os
import signal
import sys

from config.env import env_int
from config.workers import STOP_WAIT, run_keeper, stop_keeper

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
# gunicorn 27 opens a control socket (for `gunicornc`) at one path per user,
# $XDG_RUNTIME_DIR/gunicorn.ctl or ~/.gunicorn/gunicorn.ctl: a second server one user starts
# takes it over from the first, and the first, stopping, removes the second's. This server has
# no files of its own to put it beside (it logs to its standard error and keeps no pid file),
# and nothing here uses it: a reload is SIGHUP, a stop SIGTERM (docs/deployment.md).
control_socket_disable = True

# The master reaps every child it has (and logs how one ended at debug level only), so the job
# workers are not its children: a light keeper of their own keeps them and logs why each stopped
# (config.workers.keep_running), and the master keeps the keeper.
# Stopped by a signal to the whole group (systemd), the master calls no hook before on_exit,
# which comes only once its web workers stopped (child_exit comes for each of them, as for any
# that dies in service; worker_int runs in the web workers), so it cannot be told in time not to
# start the keeper again. The keeper is not stopped by the signal instead: it stops its workers
# and stays, as long as its pipe from the master is open (closed by on_exit, or by the master's
# end however it ends).
_count = env_int("JOB_WORKERS", 1)
_log = logging.getLogger("gunicorn.error")


def on_starting(server) -> None:
    from django.conf import settings

    from config.safety import DEBUG_MESSAGE

    if settings.DEBUG:  # the WSGI app lets DEBUG by (`make run` needs it): this server does not
        sys.exit(DEBUG_MESSAGE)
    # gunicorn 27's master offers no periodic hook, so a thread of its own watches the keeper.
    run_keeper(_count, log=_log)


def on_reload(server) -> None:
    # SIGHUP: gunicorn has read this file again, in the environment it started with (it reads
    # neither a changed environment file nor systemd's): a number of job workers changed here
    # is applied, a changed JOB_WORKERS in the environment is not.
    if run_keeper(_count, log=_log):
        _log.warning(
            "job workers: %s now, as this reload reads them; those of before finish their jobs"
            " and stop",
            _count,
        )
    else:
        _log.warning(
            "job workers: still %s. A reload (SIGHUP) does not read the environment again:"
            " a changed JOB_WORKERS (or WEB_WORKERS, WEB_THREADS, HOST) takes effect only when"
            " the server is restarted",
            _count,
        )


def post_worker_init(worker) -> None:
    # A SIGHUP to the whole group (`kill -HUP -PGID`, a terminal's hang-up) reaches the web
    # workers too, which gunicorn leaves at SIGHUP's default, to end: requests under way were
    # cut. A reload is the master's: it starts new web workers and stops these with SIGTERM,
    # letting their requests finish. Set here, after the worker has set its signals
    # (post_fork comes before, and the worker resets SIGHUP to its default).
    signal.signal(signal.SIGHUP, signal.SIG_IGN)


def on_exit(server) -> None:
    stop_keeper(timeout=STOP_WAIT + 5)  # the keeper stops its workers first
