"""Alignment runs as background jobs on Django's Tasks framework (django-tasks on Django 5.2).

A web request never aligns: it records an AlignmentRun and queues the job `align_plan_set`;
a worker (`manage.py worker`) does it. While it works, a heartbeat thread touches the run every
JOB_HEARTBEAT_SECONDS; a run whose heartbeat stops for JOB_DEAD_AFTER_SECONDS died with its
worker, and `reap_dead_runs` marks it failed and queues it again (up to JOB_MAX_ATTEMPTS), as it
does a run left queued that long whose job a broker lost.

The queue is whatever TASKS names: the app's database (django-tasks-db, the default) or Redis
(django-tasks-rq). `Heartbeat` and `enqueue_after_commit` serve other kinds of jobs too.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task, task_backends
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks_db import DatabaseBackend

from compare.models import AlignmentRun, JobWorker

logger = logging.getLogger(__name__)


def uses_database_queue() -> bool:
    """Whether jobs are queued in the app's own database (else on a broker such as Redis)."""
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


class Heartbeat:
    """While open, sets ``heartbeat_at`` of row ``pk`` of ``model`` to now every few seconds,
    from a thread of its own (so a long computation needs no checkpoints)."""

    def __init__(self, model, pk: int, *, every: float | None = None) -> None:
        self.model, self.pk = model, pk
        self.every = every or settings.JOB_HEARTBEAT_SECONDS
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{pk}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self.touch()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        # A beat waiting on a lock the caller's own transaction holds ends when that does.
        self._thread.join(timeout=self.every)

    def touch(self) -> None:
        self.model.objects.filter(pk=self.pk).update(heartbeat_at=timezone.now())

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    self.touch()
                except DatabaseError:  # a busy database: the next beat tries again
                    logger.warning("heartbeat of %s %s missed", self.model.__name__, self.pk)
        finally:
            connection.close()


def enqueue_after_commit(
    job,
    *args,
    on_queued: Callable[[object], None],
    on_failure: Callable[[Exception], None],
) -> None:
    """Queue ``job(*args)`` once the surrounding transaction commits; in the database queue,
    within that transaction, so a row and its queue entry exist together or not at all.
    ``on_queued`` gets the TaskResult; ``on_failure`` the error when a broker refuses."""
    if uses_database_queue():
        on_queued(job.enqueue(*args))
        return

    def send() -> None:
        try:
            result = job.enqueue(*args)
        except Exception as exc:  # the broker is down: say so on the row, not only in a log
            logger.exception("could not queue %s%r", job.name, args)
            on_failure(exc)
        else:
            on_queued(result)

    transaction.on_commit(send)


def queue_run(run: AlignmentRun) -> None:
    """Queue the job for a run just created (inside the transaction that created it)."""

    def failed(exc: Exception) -> None:
        AlignmentRun.objects.filter(pk=run.pk).update(
            status=AlignmentRun.Status.FAILED,
            error=f"the job queue is unavailable ({type(exc).__name__}: {exc})",
            finished_at=timezone.now(),
        )

    def queued(result) -> None:
        AlignmentRun.objects.filter(pk=run.pk).update(task_id=str(result.id))

    enqueue_after_commit(align_plan_set, run.pk, on_queued=queued, on_failure=failed)


@task()
def align_plan_set(run_id: int) -> dict:
    """The job: align the plans of run ``run_id`` and store their links."""
    from compare.runs.aligning import run_alignment

    claimed = AlignmentRun.objects.filter(pk=run_id, status=AlignmentRun.Status.QUEUED).update(
        status=AlignmentRun.Status.RUNNING, heartbeat_at=timezone.now()
    )
    if not claimed:  # done, failed or taken by another worker meanwhile
        return {"run": run_id, "skipped": True}
    run = AlignmentRun.objects.select_related("started_by").get(pk=run_id)
    plans = list(run.plans.order_by("slug"))
    run_alignment(plans, actor=run.started_by, run=run, step=_progress(run_id))
    return {"run": run_id, "status": "done"}


def _progress(run_id: int) -> Callable[[str, int, int], None]:
    def step(note: str, done: int, total: int) -> None:
        AlignmentRun.objects.filter(pk=run_id).update(
            progress_note=note, progress_done=done, progress_total=total
        )

    return step


def reap_dead_runs() -> int:
    """Mark runs whose worker stopped beating failed, and queue each again (a new run, one
    attempt more) unless it used up its attempts; likewise runs still queued whose job the queue
    no longer holds (a broker restarted without its data). Returns how many were settled. Safe
    to call from many processes at once: each run is settled by exactly one of them."""
    cutoff = timezone.now() - timedelta(seconds=settings.JOB_DEAD_AFTER_SECONDS)
    dead = AlignmentRun.objects.filter(status=AlignmentRun.Status.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    silent = (
        f"the worker stopped responding (no heartbeat for {settings.JOB_DEAD_AFTER_SECONDS} s):"
        " it was stopped or crashed"
    )
    settled = sum(
        _settle(run, AlignmentRun.Status.RUNNING, silent) for run in dead.prefetch_related("plans")
    )
    lost = "the job queue lost this job (its broker restarted without it): it never ran"
    for run in _lost_from_queue(cutoff):
        settled += _settle(run, AlignmentRun.Status.QUEUED, lost)
    return settled


def _settle(run: AlignmentRun, status: str, error: str) -> bool:
    """Fail ``run`` if it is still in ``status`` (False when another process got there first)
    and queue it again while it has attempts left."""
    with transaction.atomic():
        won = AlignmentRun.objects.filter(pk=run.pk, status=status).update(
            status=AlignmentRun.Status.FAILED, finished_at=timezone.now(), error=error
        )
        if not won:
            return False
        _fail_queue_entry(run.task_id)
        if run.attempt < settings.JOB_MAX_ATTEMPTS:
            _retry(run)
    return True


def _lost_from_queue(cutoff) -> list[AlignmentRun]:
    """Runs queued before ``cutoff`` whose job a broker does not know (the database queue keeps
    its jobs in the same transactions as the runs: none is lost there)."""
    if uses_database_queue():
        return []
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    waiting = AlignmentRun.objects.filter(status=AlignmentRun.Status.QUEUED, started_at__lt=cutoff)
    lost = []
    for run in waiting:
        try:
            if run.task_id:
                backend.get_result(run.task_id)
                continue
        except TaskResultDoesNotExist:
            pass
        except Exception:  # the broker is down: whether it lost the job cannot be told yet
            logger.warning("could not ask the job queue about run %s", run.pk, exc_info=True)
            continue
        lost.append(run)
    return lost


def _retry(run: AlignmentRun) -> None:
    try:
        with transaction.atomic():
            again = AlignmentRun.objects.create(
                plan_key=run.plan_key, started_by=run.started_by, attempt=run.attempt + 1
            )
            again.plans.set(run.plans.all())
            queue_run(again)
    except IntegrityError:  # someone asked for the plan set again meanwhile: theirs stands
        pass


def _fail_queue_entry(task_id: str) -> None:
    """The database queue's own record of a dead worker's job says "running" forever too."""
    if not task_id or not uses_database_queue():
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED", finished_at=timezone.now()
    )


@contextmanager
def registered_worker() -> Iterator[JobWorker]:
    """Record this process as a live job worker, beating while the block runs; a worker killed
    without a chance to say so leaves a row whose beat stops."""
    cutoff = timezone.now() - timedelta(seconds=settings.JOB_DEAD_AFTER_SECONDS)
    JobWorker.objects.filter(heartbeat_at__lt=cutoff).delete()  # the dead, long silent
    worker = JobWorker.objects.create(name=f"{socket.gethostname()}:{os.getpid()}")
    try:
        with Heartbeat(JobWorker, worker.pk):
            yield worker
    finally:
        JobWorker.objects.filter(pk=worker.pk).delete()


@dataclass(frozen=True)
class QueueState:
    """What /healthz says of the job queue."""

    live_workers: int
    last_worker_seen: datetime | None
    waiting: int
    oldest_waiting_since: datetime | None

    @property
    def stalled(self) -> bool:
        """Jobs wait and no worker has been seen for JOB_DEAD_AFTER_SECONDS (a minute)."""
        if not self.waiting:
            return False
        cutoff = timezone.now() - timedelta(seconds=settings.JOB_DEAD_AFTER_SECONDS)
        return self.last_worker_seen is None or self.last_worker_seen < cutoff


def queue_state() -> QueueState:
    """Live workers (beating within JOB_DEAD_AFTER_SECONDS) and the jobs waiting for one."""
    cutoff = timezone.now() - timedelta(seconds=settings.JOB_DEAD_AFTER_SECONDS)
    last_seen = JobWorker.objects.aggregate(last=Max("heartbeat_at"))["last"]
    waiting, oldest = _waiting_jobs()
    return QueueState(
        live_workers=JobWorker.objects.filter(heartbeat_at__gte=cutoff).count(),
        last_worker_seen=last_seen,
        waiting=waiting,
        oldest_waiting_since=oldest,
    )


def _waiting_jobs() -> tuple[int, datetime | None]:
    """How many jobs of any kind wait for a worker, and since when the oldest has."""
    if uses_database_queue():
        from django_tasks_db.models import DBTaskResult

        ready = DBTaskResult.objects.ready().aggregate(n=Count("id"), oldest=Min("enqueued_at"))
        return ready["n"], ready["oldest"]
    from django_rq import get_queue

    queue = get_queue("default")
    first = queue.get_jobs(0, 1)
    return queue.count, first[0].enqueued_at if first else None
