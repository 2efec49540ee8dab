"""The job queue: Django's Tasks framework (django-tasks on Django 5.2) and its workers.

The queue is whatever TASKS names: the app's database (django-tasks-db, the default) or Redis
(django-tasks-rq). A job is queued with the transaction that records its row
(`enqueue_after_commit`); a running job and a worker show they live by a `Heartbeat`;
`health` is the queue's part of /healthz. Nothing here knows what a job does (compare.runs.jobs,
compare.catalogue).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, Min
from django.utils import timezone

from compare.models import JobWorker
from web.jobqueue import Heartbeat, uses_database_queue

logger = logging.getLogger(__name__)


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
    """What /healthz says of the job queue (see health)."""

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


def health() -> tuple[bool, dict]:
    """The job queue's part of /healthz: unhealthy when jobs wait and no worker is seen."""
    state = queue_state()
    now = timezone.now()
    jobs = {
        "workers": state.live_workers,
        "waiting": state.waiting,
        "oldest_waiting_seconds": _seconds(now, state.oldest_waiting_since),
        "last_worker_seen_seconds": _seconds(now, state.last_worker_seen),
    }
    if state.stalled:
        silent = settings.JOB_DEAD_AFTER_SECONDS
        jobs["error"] = f"jobs wait and no job worker has been seen for {silent} s"
    return not state.stalled, jobs


def _seconds(now, then) -> int | None:
    return None if then is None else max(0, round((now - then).total_seconds()))


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
