from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from compare.catalogue.running import reap_dead_catalogue_runs
from compare.runs.jobs import reap_dead_runs
from compare.runs.pruning import prune_jobs
from compare.runs.queue import registered_worker
from config.workers import KEEPER_ENV, WEDGED_EXIT, keep_running
from plans.pending import reap_dead_imports
from web import jobqueue
from web.jobqueue import uses_database_queue

logger = logging.getLogger(__name__)


def exit_wedged(message: str) -> None:
    """A job ran past its limit: its thread may be stuck for good (on a lock, a read) and cannot
    be stopped from outside, and the worker runs one job at a time, so it would take no other.
    The process ends (the database rolls back whatever the job left open) and its supervisor
    starts a fresh one: gunicorn's master under `make serve`, `worker --processes` under
    `make run` (config.workers), systemd's Restart= as a service."""
    logger.critical("%s; this worker exits (status %s) to be started afresh", message, WEDGED_EXIT)
    sys.stderr.flush()
    os._exit(WEDGED_EXIT)


def stop_when_unkept() -> None:
    """A worker started by a keeper (config.workers, which names itself in KEEPER_ENV) stops,
    finishing its job, once that keeper is gone (killed, it could not stop its workers): the
    keeper started in its place runs workers of its own."""
    if not (keeper := os.environ.get(KEEPER_ENV, "")).isdigit():
        return

    def watch() -> None:
        while os.getppid() == int(keeper):
            time.sleep(1.0)
        logger.warning("its keeper (pid %s) is gone: this worker stops after its job", keeper)
        os.kill(os.getpid(), signal.SIGTERM)  # as a keeper stops it

    threading.Thread(target=watch, name="keeper-watch", daemon=True).start()


# How often a worker's sweep also prunes what finished jobs left behind (compare.runs.pruning).
PRUNE_EVERY = 3600.0


def sweep() -> int:
    """Settle the jobs of workers that died (failed, queued again) and the jobs that will never
    take their rows; how many were settled."""
    return reap_dead_runs() + reap_dead_imports() + reap_dead_catalogue_runs()


@contextmanager
def sweeping(every: float) -> Iterator[None]:
    """Sweep every ``every`` seconds while the block runs, from a thread of its own. A worker
    started again at once after one died finds the dead one's job still beating lately, and
    nobody may look at its page for hours: the live workers settle it."""
    stop = threading.Event()

    def loop() -> None:
        pruned_at = time.monotonic()  # not at once: many workers start together
        try:
            while not stop.wait(every):
                try:
                    sweep()
                    if time.monotonic() - pruned_at >= PRUNE_EVERY:
                        pruned_at = time.monotonic()
                        prune_jobs()
                except Exception:  # a busy or lost database: the next sweep tries again
                    logger.exception("the sweep of dead workers' jobs failed")
        finally:
            connection.close()

    thread = threading.Thread(target=loop, name="job-sweeper", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every)


class Command(BaseCommand):
    help = (
        "Run background jobs (alignment runs, OCR of scanned imports and others) from the "
        "queue the DUIZHAO_TASKS setting names: the database (default) or Redis. Start as many "
        "as there are cores."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="stop when the queue is empty (tests, cron)"
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=0,
            metavar="N",
            help=(
                "run N workers as processes of their own, starting again any that stops (killed,"
                " or ended after a job ran past its time limit) until this one is stopped, as"
                " `make run` does; without it, one worker runs in this process"
            ),
        )

    def handle(self, *args, batch: bool, processes: int, **options) -> None:
        if processes:
            if batch or processes < 0:
                raise CommandError(
                    f"--processes must be 1 or more, without --batch (got {processes}"
                    f"{' and --batch' if batch else ''}): it keeps that many workers running"
                )
            keep_running(processes, log=logger)
            return
        verbosity = options["verbosity"]
        # Jobs a crashed worker left "running" are settled (failed, queued again) before work
        # starts, not only when someone next looks at their plans; then every half of
        # JOB_DEAD_AFTER_SECONDS, for those whose worker died lately.
        if died := sweep():
            self.stderr.write(f"{died} job(s) of a worker that died were marked failed and retried")
        stop_when_unkept()
        # Seen by /healthz as a live worker while it beats.
        jobqueue.when_overdue = exit_wedged
        try:
            with registered_worker(), sweeping(max(1.0, settings.JOB_DEAD_AFTER_SECONDS / 2)):
                self._work(batch=batch, verbosity=verbosity)
        finally:
            jobqueue.when_overdue = None

    def _work(self, *, batch: bool, verbosity: int) -> None:
        if uses_database_queue():
            call_command(
                "db_worker",
                queue_name="*",
                batch=batch,
                interval=1.0,
                reload=False,
                verbosity=verbosity,
            )
            return
        call_command(
            "rqworker",
            "default",
            job_class="django_tasks_rq.Job",
            burst=batch,
            with_scheduler=False,
            verbosity=verbosity,
        )
