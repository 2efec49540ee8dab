"""Alignment runs as background jobs on Django's Tasks framework (django-tasks on Django 5.2).

A web request never aligns: it records an AlignmentRun and queues the job `align_plan_set`;
a worker (`manage.py worker`) does it. While it works, a heartbeat thread touches the run every
JOB_HEARTBEAT_SECONDS; a run whose heartbeat stops for JOB_DEAD_AFTER_SECONDS died with its
worker, and `reap_dead_runs` marks it failed and queues it again (up to JOB_MAX_ATTEMPTS), as it
does a run left queued that long whose job a broker lost.

The queue is whatever TASKS names: the app's database (django-tasks-db, the default) or Redis
(django-tasks-rq). The queue's primitives (`Heartbeat`, `enqueue_after_commit`) are web.jobqueue.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import timedelta
from itertools import combinations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from compare.models import AlignmentClient, AlignmentRun, plan_set_key
from compare.runs.aligning import run_alignment
from plans.models import Plan
from web.jobqueue import (
    LOST,
    NOT_RETRIED,
    enqueue_after_commit,
    fail_queue_entry,
    job_lost,
    not_queued_again,
    overdue,
    silent_error,
    silent_since,
    too_long_error,
)

logger = logging.getLogger(__name__)

# A failed run older than this no longer blocks the page from starting a new one by itself.
STALE_AFTER = timedelta(minutes=15)
# The anonymous cap counts a client's runs over this window.
CAP_WINDOW = timedelta(hours=1)
# Client rows quiet for longer than the window hold nothing the cap reads: each start deletes up
# to this many of them, so the table keeps to about the clients of the last hour whatever the
# traffic was, and no start pays for a backlog at once.
PRUNE_CLIENTS = 100


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
    claimed = AlignmentRun.objects.filter(pk=run_id, status=AlignmentRun.Status.QUEUED).update(
        status=AlignmentRun.Status.RUNNING, heartbeat_at=timezone.now()
    )
    if not claimed:  # done, failed or taken by another worker meanwhile
        return {"run": run_id, "skipped": True}
    try:
        run = AlignmentRun.objects.select_related("started_by").get(pk=run_id)
        plans = list(run.plans.order_by("slug"))
        run_alignment(plans, actor=run.started_by, run=run, step=_progress(run_id))
    except Exception as exc:
        # run_alignment fails its run once under way; what fails before (a plan deleted since
        # the run was queued leaves too few) would leave it "running", without a heartbeat,
        # until a sweep took it for a dead worker's and queued it again to fail alike.
        AlignmentRun.objects.filter(pk=run_id, status=AlignmentRun.Status.RUNNING).update(
            status=AlignmentRun.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}",
            finished_at=timezone.now(),
        )
        raise
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
    dead = AlignmentRun.objects.filter(silent_since(cutoff), status=AlignmentRun.Status.RUNNING)
    too_long = f"{too_long_error('ALIGN')}; {NOT_RETRIED}"
    settled = 0
    for run in dead.prefetch_related("plans"):
        if overdue(run):
            settled += _settle(run, AlignmentRun.Status.RUNNING, too_long, retry=False)
        else:
            settled += _settle(run, AlignmentRun.Status.RUNNING, silent_error())
    for run in _lost_from_queue(cutoff):
        settled += _settle(run, AlignmentRun.Status.QUEUED, LOST)
    return settled


def _settle(run: AlignmentRun, status: str, error: str, *, retry: bool = True) -> bool:
    """Fail ``run`` if it is still in ``status`` (False when another process got there first)
    and, with ``retry``, queue it again while it has attempts left."""
    with transaction.atomic():
        won = AlignmentRun.objects.filter(pk=run.pk, status=status).update(
            status=AlignmentRun.Status.FAILED, finished_at=timezone.now(), error=error
        )
        if not won:
            return False
        fail_queue_entry(run.task_id)
        again = _retry(run) if retry and run.attempt < settings.JOB_MAX_ATTEMPTS else None
    # Whoever reads the log after a worker died learns which run it took with it, and what next.
    logger.warning(
        "alignment run %s (%s, attempt %s) failed: %s%s",
        run.pk,
        run.plan_key,
        run.attempt,
        error,
        f"; queued again as run {again.pk}" if again else _not_again(retry),
    )
    return True


def _not_again(retry: bool) -> str:
    """Why a settled run is not queued again, when its error does not say it already."""
    return f"; {not_queued_again()}" if retry else ""


def _lost_from_queue(cutoff) -> list[AlignmentRun]:
    """Runs queued before ``cutoff`` whose job will never take them (web.jobqueue.job_lost): a
    broker lost it, or it ended, or its worker died, before it took the run. In the database
    queue a job is never lost, but it can fail at its first query or die right after a worker
    took it, as a job on a broker can."""
    waiting = AlignmentRun.objects.filter(status=AlignmentRun.Status.QUEUED, started_at__lt=cutoff)
    return [run for run in waiting if job_lost(run.task_id, cutoff)]


def _retry(run: AlignmentRun) -> AlignmentRun | None:
    try:
        with transaction.atomic():
            again = AlignmentRun.objects.create(
                plan_key=run.plan_key, started_by=run.started_by, attempt=run.attempt + 1
            )
            again.plans.set(run.plans.all())
            queue_run(again)
    except IntegrityError:  # someone asked for the plan set again meanwhile: theirs stands
        return None
    return again


def alignment_status(plans: Sequence[Plan]) -> tuple[str, AlignmentRun | None]:
    """("ready", run) when every pair of ``plans`` was aligned by a finished run; ("running",
    run) while a run for them is queued or under way; ("failed", run) after one failed; else
    ("missing", None)."""
    ids = {p.pk for p in plans}
    members = done_runs_of(ids)
    if every_pair_aligned(ids, members):
        latest = max(members, default=None)
        return "ready", AlignmentRun(pk=latest) if latest else None
    reap_dead_runs()
    latest = AlignmentRun.objects.filter(plan_key=plan_set_key(plans)).first()
    if latest and latest.status in (AlignmentRun.Status.QUEUED, AlignmentRun.Status.RUNNING):
        return "running", latest
    recent = latest and latest.started_at >= timezone.now() - STALE_AFTER
    if recent and latest.status == AlignmentRun.Status.FAILED:
        return "failed", latest
    return "missing", None


def done_runs_of(plan_ids, *, after: int = 0) -> dict[int, set[int]]:
    """The finished runs (later than run ``after``) that aligned any of ``plan_ids``: each with
    those of its plans among them."""
    through = AlignmentRun.plans.through.objects.filter(
        plan_id__in=plan_ids,
        alignmentrun__status=AlignmentRun.Status.DONE,
        alignmentrun_id__gt=after,
    ).values_list("alignmentrun_id", "plan_id")
    members: dict[int, set[int]] = defaultdict(set)
    for run_id, plan_id in through:
        members[run_id].add(plan_id)
    return members


def every_pair_aligned(plan_ids, runs: dict[int, set[int]]) -> bool:
    """Whether each pair of ``plan_ids`` is among the plans of one of ``runs`` (done_runs_of)."""
    covered = {frozenset(pair) for m in runs.values() for pair in combinations(m, 2)}
    return all(frozenset(pair) in covered for pair in combinations(plan_ids, 2))


def start_alignment(
    plans: Sequence[Plan], *, actor=None, client: str = "", cap: int | None = None
) -> AlignmentRun | None:
    """Queue the job that aligns ``plans`` and return its run at once; a page never waits for
    it. When a run for the same plans is already queued or under way, that one is returned:
    one job per plan set, whoever asks and however many ask at once. With ``cap``, ``client``
    may have started runs of at most that many pairs of plans in the last hour (a set of n
    plans aligns n(n-1)/2 pairs): None (nothing started) when this set's pairs would pass it.
    With the DUIZHAO_ALIGN_IN_BACKGROUND setting off (tests, benchmarks) the job runs here and
    now."""
    plans = list(dict.fromkeys(plans))
    key = plan_set_key(plans)
    try:
        with transaction.atomic():
            if cap is not None and _started_lately(client) + pairs_of(len(plans)) > cap:
                return None
            run = AlignmentRun.objects.create(plan_key=key, started_by=actor, client=client)
            run.plans.set(plans)
            if settings.ALIGN_IN_BACKGROUND:
                queue_run(run)
    except IntegrityError:  # another request queued this plan set first
        runs = AlignmentRun.objects.filter(plan_key=key)
        return runs.active().first() or runs.first()
    if not settings.ALIGN_IN_BACKGROUND:
        align_plan_set.call(run.pk)
        run.refresh_from_db()
    return run


def pairs_of(plans: int) -> int:
    """The pairs of plans a run of ``plans`` plans aligns, which the anonymous cap counts: a set
    of four plans costs six alignments of two, not one."""
    return plans * (plans - 1) // 2


def pairs_started(client: str, since) -> int:
    """The pairs of plans of the runs ``client`` started since ``since`` (its retries, started
    by no client, count nothing). The runs are few: a capped client's are at most its cap."""
    keys = AlignmentRun.objects.filter(client=client, started_at__gte=since)
    return sum(pairs_of(key.count(",") + 1) for key in keys.values_list("plan_key", flat=True))


def _started_lately(client: str) -> int:
    """The pairs of plans of the runs ``client`` started in the last hour, counted while
    holding its row until the caller's transaction ends. The hold is a write (an upsert), not a
    read: PostgreSQL locks the row (a second start of the client waits for the first to commit,
    then counts its run), and on SQLite the write lock, which IMMEDIATE transactions take at
    their start, already serialises them. A row in the database, not a lock in one process, so
    it holds across gunicorn's processes and machines; not a counter in the cache, so the count
    stays the runs themselves (the last hour, sliding) and a start that joins a plan set already
    queued, or fails, counts nothing."""
    now = timezone.now()
    AlignmentClient.objects.bulk_create(
        [AlignmentClient(client=client, last_start_at=now)],
        update_conflicts=True,
        unique_fields=["client"],
        update_fields=["last_start_at"],
    )
    since = now - CAP_WINDOW
    _prune_clients(since)
    return pairs_started(client, since)


def _prune_clients(since) -> None:
    """Delete up to PRUNE_CLIENTS client rows last seen before ``since``. Rows another start
    holds are skipped, not waited for: two starts each holding its own row and waiting for the
    other's would deadlock on PostgreSQL (SQLite's write lock already serialises starts)."""
    quiet = AlignmentClient.objects.filter(last_start_at__lt=since).order_by("last_start_at")
    pks = list(
        quiet.select_for_update(skip_locked=True).values_list("pk", flat=True)[:PRUNE_CLIENTS]
    )
    if pks:
        AlignmentClient.objects.filter(pk__in=pks, last_start_at__lt=since).delete()
