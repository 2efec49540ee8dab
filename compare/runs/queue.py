"""The job queue: Django's Tasks framework (django-tasks on Django 5.2) and its workers.

The queue is whatever TASKS names: the app's database (django-tasks-db, the default) or Redis
(django-tasks-rq). A job is queued with the transaction that records its row
(`enqueue_after_commit`); a running job and a worker show they live by a `Heartbeat`; /healthz
reads `queue_state`. Nothing here knows what a job does (compare.runs.jobs, compare.catalogue).
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
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Max, Min
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend

from compare.models import JobWorker

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
