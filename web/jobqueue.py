"""The job queue's primitives, for every app that queues jobs (compare's runs, plans' imports).

Which queue is whatever TASKS names; a job is queued with the transaction that records its row
(`enqueue_after_commit`), and a running job shows it lives by a `Heartbeat` on that row.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend

logger = logging.getLogger(__name__)

BUSY = _("等待处理的后台任务太多：现在不能开始新的对齐、全目录比对或导入，请过一分钟再试。")
# Seconds a refusal for a full queue asks the client to wait (Retry-After).
BUSY_RETRY_AFTER = 60


def uses_database_queue() -> bool:
    """Whether jobs are queued in the app's own database (else on a broker such as Redis)."""
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


# Called (from the heartbeat's thread) when a job runs past its time limit; the worker command
# sets it to end its process, so that its supervisor starts a fresh one (web.jobqueue.Heartbeat).
when_overdue: Callable[[str], None] | None = None


def overdue(row) -> bool:
    """Whether running ``row`` was stopped by its time limit: its heartbeat cleared, which no
    live job does (a job's claim sets it, and so does its Heartbeat at once)."""
    return row.heartbeat_at is None


class Heartbeat:
    """While open, sets ``heartbeat_at`` of row ``pk`` of ``model`` to now every few seconds,
    from a thread of its own (so a long computation needs no checkpoints).

    With ``limit`` (seconds), a job still open after that long is taken as wedged: a thread
    stuck on a lock or a read would otherwise be kept alive by this thread's beats for good.
    The heartbeat then clears ``heartbeat_at`` (see `overdue`) and stops, so the next sweep
    fails the row saying it ran too long, and `when_overdue` is called.

    ``shared`` when several jobs beat on the row at once (a catalogue run's chunks): their
    beats leave a cleared ``heartbeat_at`` cleared, so the sweep reads that one of them was
    stopped by its limit (not, once they end, that their worker fell silent). The job's claim
    must then set ``heartbeat_at``, as every claim does."""

    def __init__(
        self,
        model,
        pk: int,
        *,
        every: float | None = None,
        limit: float | None = None,
        shared: bool = False,
    ) -> None:
        self.model, self.pk = model, pk
        self.every = every or settings.JOB_HEARTBEAT_SECONDS
        self.limit = limit
        self.shared = shared
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
        rows = self.model.objects.filter(pk=self.pk)
        if self.shared:
            rows = rows.filter(heartbeat_at__isnull=False)
        rows.update(heartbeat_at=timezone.now())

    def _beat(self) -> None:
        deadline = None if self.limit is None else time.monotonic() + self.limit
        try:
            while not self._stop.wait(self.every):
                if deadline is not None and time.monotonic() >= deadline:
                    self._give_up()
                    return
                try:
                    self.touch()
                except DatabaseError:  # a busy database: the next beat tries again
                    logger.warning("heartbeat of %s %s missed", self.model.__name__, self.pk)
        finally:
            connection.close()

    def _give_up(self) -> None:
        if self._stop.is_set():  # it ended just now
            return
        message = (
            f"{self.model.__name__} {self.pk} ran longer than its limit of {self.limit:g} s:"
            " its heartbeat stops, so the sweep fails it"
        )
        logger.error(message)

        def mark() -> None:
            try:
                for _ in range(3):  # a busy database: the sweep must see the mark, so try again
                    try:
                        self.model.objects.filter(pk=self.pk).update(heartbeat_at=None)
                        return
                    except DatabaseError:
                        self._stop.wait(self.every)
            finally:
                connection.close()

        # The stuck job may hold its row's lock (PostgreSQL): the worker is not kept waiting for
        # the mark. Unmarked, the row is failed as silent by the sweep, and retried.
        marking = threading.Thread(target=mark, name=f"overdue-{self.pk}", daemon=True)
        marking.start()
        marking.join(timeout=4 * self.every)
        if when_overdue is not None:
            when_overdue(message)


# What the sweeps (compare.runs.jobs, compare.catalogue.running, plans.pending) write on the rows
# they settle; each adds what follows for its kind of job.
LOST = (
    "the job queue lost this job (a broker restarted without it), or the job stopped before it"
    " started (its worker failed or died): it never ran"
)
# Why a job stopped at its time limit is not queued again.
NOT_RETRIED = "it is not retried, as it would most likely run as long again"


def not_queued_again() -> str:
    """Why a settled job is not queued again once its attempts are used (for the sweeps' logs)."""
    return f"not queued again: its {settings.JOB_MAX_ATTEMPTS} attempts are used"


def silent_since(cutoff, *, taken: str = "started_at") -> Q:
    """The rows whose job beat last before ``cutoff``, or never since ``taken`` (the field a row
    is started or created at) before it."""
    return Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, **{f"{taken}__lt": cutoff})


def silent_error() -> str:
    return (
        f"the worker stopped responding (no heartbeat for {settings.JOB_DEAD_AFTER_SECONDS} s):"
        " it was stopped or crashed"
    )


def too_long_error(kind: str) -> str:
    """For a job of ``kind`` (ALIGN, IMPORT, CATALOGUE) stopped by its JOB_LIMIT_<kind>_SECONDS."""
    limit = getattr(settings, f"JOB_LIMIT_{kind}_SECONDS")
    return (
        f"the job ran longer than its limit of {limit} s (DUIZHAO_JOB_LIMIT_{kind}) and was stopped"
    )


def jobs_waiting() -> int:
    """How many jobs wait in the queue for a worker (0 when the broker cannot be asked: its
    refusal of the job, if it is down, says so on the row)."""
    if uses_database_queue():
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.filter(status="READY").count()
    try:
        import django_rq

        return django_rq.get_queue("default").count
    except Exception:
        logger.warning("could not ask the job queue how many jobs wait", exc_info=True)
        return 0


def queue_full() -> bool:
    """Whether JOB_MAX_WAITING jobs wait already: no new alignment, catalogue run or import
    may start (web.refusals.busy_page, compare.views.api.busy)."""
    return jobs_waiting() >= settings.JOB_MAX_WAITING


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


# What `_queue_result` answers for a job the queue holds no more, and for a queue that could not
# be asked: each caller decides what these mean for it.
_GONE, _UNKNOWN = "gone", "unknown"


def _queue_result(task_id: str):
    """The queue's TaskResult for job ``task_id``, `_GONE` when it holds none, or `_UNKNOWN`
    when it cannot be asked (logged)."""
    from django_tasks.exceptions import TaskResultDoesNotExist

    try:
        return task_backends[DEFAULT_TASK_BACKEND_ALIAS].get_result(task_id)
    except TaskResultDoesNotExist:
        return _GONE
    except Exception:
        logger.warning("could not ask the job queue about job %s", task_id, exc_info=True)
        return _UNKNOWN


def job_waits(task_id: str) -> bool:
    """Whether job ``task_id`` still waits in the queue for a worker (True when the queue
    cannot be asked: a job that may still run is not given up on)."""
    from django_tasks import TaskResultStatus

    result = _queue_result(task_id)
    if result in (_GONE, _UNKNOWN):
        return result == _UNKNOWN
    return result.status == TaskResultStatus.READY


def job_lost(task_id: str, cutoff) -> bool:
    """Whether job ``task_id``, queued for a row that still says "queued", will never take it:
    the queue no longer holds it (a broker restarted without its data), it ended without
    taking the row (it raised at its first query, e.g. on a locked database), or a worker took
    it before ``cutoff`` and died before taking the row. False while it waits for a worker, and
    when the queue cannot be asked (a job that may still run is not given up on)."""
    from django_tasks import TaskResultStatus

    if not task_id:  # the broker never answered for it (a refusal fails the row at once)
        return True
    result = _queue_result(task_id)
    if result in (_GONE, _UNKNOWN):
        return result == _GONE
    if result.status == TaskResultStatus.READY:
        return False
    if result.status == TaskResultStatus.RUNNING:
        taken = result.started_at or result.last_attempted_at
        return taken is not None and taken < cutoff
    return True  # finished (failed, or successful without the row): it will not run again


def fail_queue_entry(task_id: str) -> None:
    """The database queue's own record of a dead worker's job says "running" forever too."""
    if not task_id or not uses_database_queue():
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED", finished_at=timezone.now()
    )
