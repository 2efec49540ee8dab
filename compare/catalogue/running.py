"""One plan against the whole catalogue, fanned out as jobs over the queue's workers.

``start_catalogue_run(plan)`` records the run and queues its first job, nothing more, so the
click that asks for it answers at once. That job (``prepare_catalogue_run``, stage ``index``)
makes sure the catalogue index is current (built once, stored in ``CatalogueIndex``, rebuilt
only when sections were added or removed), looks up the candidate plans through it, splits
them into chunks and queues one job per chunk (``align_catalogue_chunk``, stage
``aligning``) in the same transaction as it records them. Each chunk's job, on whichever worker
takes it, reads its plans and the query plan, aligns them with the stored statistics
(compare.lib.catalogue_index.align_chunk) and stores the links as ``CatalogueMatch`` rows; the last
chunk to finish closes the run. ``run_chunks_here`` does the same work in this process (the
single-process baseline of bench/catalogue.py, and the command's ``--here``).

A job at work beats on its run (``heartbeat_at``) as alignment jobs do; a run silent for
JOB_DEAD_AFTER_SECONDS with none of its jobs still waiting for a worker died with its worker,
and ``reap_dead_catalogue_runs`` (called by every look at the run) fails it, so a new one can
be started. A chunk past its time limit marks the run so, whatever its other chunks do, and the
run is failed as too long.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django_tasks import task

from compare.alignment import AlignSection
from compare.lib.catalogue_index import CatalogueIndex as Index
from compare.lib.catalogue_index import align_chunk, build_index, candidates, chunked
from compare.models import CatalogueIndex, CatalogueMatch, CatalogueRun
from compare.runs.aligning import engine_sections
from plans.models import Plan, Section
from web.jobqueue import (
    LOST,
    Heartbeat,
    enqueue_after_commit,
    fail_queue_entry,
    job_lost,
    job_waits,
    overdue,
    silent_error,
    silent_since,
    too_long_error,
    uses_database_queue,
)

logger = logging.getLogger(__name__)
CHUNK = 50  # plans per job: large enough that a job's fixed cost is small beside its work

_loaded: dict[int, Index] = {}  # a worker reads an index once, then serves all its chunks


def current_index(*, rebuild: bool = False) -> CatalogueIndex:
    """The stored index of the catalogue as it is now, built if missing or out of date (sections
    added or removed, or a plan imported again in place)."""
    state = {
        "sections": Section.objects.count(),
        "last_section": Section.objects.aggregate(last=Max("id"))["last"] or 0,
        "last_import": Plan.objects.aggregate(last=Max("imported_at"))["last"],
    }
    stored = CatalogueIndex.objects.first()
    if (
        stored is not None
        and not rebuild
        and all(getattr(stored, key) == value for key, value in state.items())
    ):
        return stored
    index = build_index(_every_plan())
    return CatalogueIndex.objects.create(plans=index.plans, data=index.dumps(), **state)


def stored_catalogue_stats():
    """The term statistics of the latest stored catalogue index whatever its age (None when
    there is none), read once per process: for readers to whom a few imports make no difference
    (how common a word is), never worth building an index inside a request."""
    stored = CatalogueIndex.objects.first()
    return _index(stored).stats if stored is not None else None


def start_catalogue_run(plan: Plan, *, chunk: int = CHUNK) -> CatalogueRun:
    """Queue the run of ``plan`` against the catalogue and return it at once: its first job
    (``prepare_catalogue_run``) brings the index up to date, which takes seconds to minutes on
    a large catalogue, then queues one job per chunk."""
    with transaction.atomic():
        run = CatalogueRun.objects.create(plan=plan)
        enqueue_after_commit(
            prepare_catalogue_run,
            run.pk,
            chunk,
            on_queued=lambda result, pk=run.pk: _record_jobs(pk, [str(result.id)]),
            on_failure=lambda exc, pk=run.pk: _fail(pk, exc),
        )
    return run


@task()
def prepare_catalogue_run(run_id: int, chunk: int) -> dict:
    """The first job of a run: the current index (stage ``index``), the candidate plans, and
    one job per chunk of them (stage ``aligning``)."""
    claimed = CatalogueRun.objects.filter(pk=run_id, status=CatalogueRun.Status.QUEUED).update(
        status=CatalogueRun.Status.RUNNING,
        stage=CatalogueRun.Stage.INDEX,
        heartbeat_at=timezone.now(),
    )
    if not claimed:  # failed meanwhile, or taken by another worker
        return {"run": run_id, "skipped": True}
    with _beating(run_id):
        return _prepare(run_id, chunk)


def _prepare(run_id: int, chunk: int) -> dict:
    run = CatalogueRun.objects.get(pk=run_id)
    try:
        stored = current_index()
        keys = candidates(_plan_sections(run.plan_id), _index(stored))
        groups = chunked([int(k) for k in keys], chunk)
        with transaction.atomic():
            CatalogueRun.objects.filter(pk=run_id).update(
                index=stored,
                candidates=len(keys),
                chunks=len(groups),
                stage=CatalogueRun.Stage.ALIGNING,
            )
            queued: list[str] = []
            for group in groups:
                enqueue_after_commit(
                    align_catalogue_chunk,
                    run_id,
                    group,
                    on_queued=lambda result: queued.append(str(result.id)),
                    on_failure=lambda exc: _fail(run_id, exc),
                )
            # A broker gives the ids once the transaction commits (sending each first).
            if uses_database_queue():
                _record_jobs(run_id, queued)
            else:
                transaction.on_commit(lambda: _record_jobs(run_id, queued))
    except Exception as exc:
        logger.exception("catalogue run %s failed", run_id)
        _fail(run_id, exc)
        raise
    if not groups:
        _finish(run_id)
    return {"run": run_id, "candidates": len(keys), "chunks": len(groups)}


def run_chunks_here(plan: Plan, *, chunk: int = CHUNK) -> CatalogueRun:
    """The same run without the queue: every chunk in this process, one after another."""
    stored = current_index()
    keys = candidates(_plan_sections(plan.pk), _index(stored))
    groups = chunked([int(k) for k in keys], chunk)
    run = CatalogueRun.objects.create(
        plan=plan,
        index=stored,
        candidates=len(keys),
        chunks=len(groups),
        status=CatalogueRun.Status.RUNNING,
        stage=CatalogueRun.Stage.ALIGNING,
        heartbeat_at=timezone.now(),  # as a claim sets it (its chunks' beats only renew it)
    )
    for group in groups:
        _do_chunk(run.pk, group)
    if not groups:
        _finish(run.pk)
    run.refresh_from_db()
    return run


@task()
def align_catalogue_chunk(run_id: int, plan_ids: list[int]) -> dict:
    """The job: align the run's plan with the plans ``plan_ids`` and store the links."""
    return _do_chunk(run_id, plan_ids)


def _do_chunk(run_id: int, plan_ids: list[int]) -> dict:
    run = CatalogueRun.objects.select_related("index").get(pk=run_id)
    if run.status == CatalogueRun.Status.FAILED:
        return {"run": run_id, "skipped": True}
    CatalogueRun.objects.filter(pk=run_id, status=CatalogueRun.Status.QUEUED).update(
        status=CatalogueRun.Status.RUNNING, heartbeat_at=timezone.now()
    )
    with _beating(run_id):
        return _align_chunk(run, plan_ids)


def _beating(run_id: int) -> Heartbeat:
    """The heartbeat of one of the run's jobs, beside the others: a chunk stopped by its time
    limit marks the run so (web.jobqueue.overdue) whatever the live chunks do, and the sweep
    fails it as too long at once."""
    return Heartbeat(CatalogueRun, run_id, limit=settings.JOB_LIMIT_CATALOGUE_SECONDS, shared=True)


def _align_chunk(run: CatalogueRun, plan_ids: list[int]) -> dict:
    run_id = run.pk
    try:
        index = _index(run.index)
        query = _plan_sections(run.plan_id)
        chunk = _sections_by_plan(plan_ids)
        links = align_chunk(query, (chunk.get(pk, []) for pk in plan_ids), index.stats)
        plan_of = {s.id: int(s.plan) for sections in chunk.values() for s in sections}
        CatalogueMatch.objects.bulk_create(
            [
                CatalogueMatch(
                    run_id=run_id,
                    section_id=link.left,
                    other_id=link.right,
                    other_plan_id=plan_of[link.right],
                    score=round(link.score, 4),
                )
                for link in links
            ],
            batch_size=1000,
        )
    except Exception as exc:
        logger.exception("catalogue run %s failed", run_id)
        _fail(run_id, exc)
        raise
    CatalogueRun.objects.filter(pk=run_id).update(
        chunks_done=F("chunks_done") + 1, links=F("links") + len(links)
    )
    _finish(run_id)
    return {"run": run_id, "plans": len(plan_ids), "links": len(links)}


def reap_dead_catalogue_runs() -> int:
    """Fail running runs whose jobs stopped beating JOB_DEAD_AFTER_SECONDS ago and of which no
    job still waits for a worker (a run whose chunks wait behind other jobs is slow, not dead),
    and runs queued that long whose first job will never take them (web.jobqueue.job_lost: it
    failed at its first query, its worker died right after taking it, a broker lost it); how
    many were failed. Safe to call from many processes at once."""
    cutoff = timezone.now() - timedelta(seconds=settings.JOB_DEAD_AFTER_SECONDS)
    silent = CatalogueRun.objects.filter(
        silent_since(cutoff), status=CatalogueRun.Status.RUNNING
    ).select_related("plan")
    again = "; start the run again"
    reaped = 0
    for run in silent:
        if overdue(run):  # its other jobs, still waiting, find it failed and skip
            reaped += _settle(run, CatalogueRun.Status.RUNNING, too_long_error("CATALOGUE") + again)
        elif not any(job_waits(job) for job in run.jobs):
            reaped += _settle(run, CatalogueRun.Status.RUNNING, silent_error() + again)
    waiting = CatalogueRun.objects.filter(
        status=CatalogueRun.Status.QUEUED, started_at__lt=cutoff
    ).select_related("plan")
    for run in waiting:
        if all(job_lost(job, cutoff) for job in run.jobs or [""]):
            reaped += _settle(run, CatalogueRun.Status.QUEUED, LOST + again)
    return reaped


def _settle(run: CatalogueRun, status: str, error: str) -> bool:
    """Fail ``run`` and its queue entries if it is still in ``status`` as read (False when
    another process got there first, or a job beat meanwhile)."""
    with transaction.atomic():
        won = CatalogueRun.objects.filter(
            pk=run.pk, status=status, heartbeat_at=run.heartbeat_at
        ).update(status=CatalogueRun.Status.FAILED, error=error, finished_at=timezone.now())
        if won:
            for job in run.jobs:
                fail_queue_entry(job)
    if won:
        logger.warning("catalogue run %s (plan %s) failed: %s", run.pk, run.plan.slug, error)
    return bool(won)


def _record_jobs(run_id: int, task_ids: list[str]) -> None:
    CatalogueRun.objects.filter(pk=run_id).update(jobs=task_ids)


def _fail(run_id: int, exc: Exception) -> None:
    """Fail the run with a job's own error, unless it has already ended: the first end reason
    stands (a chunk still at work when the sweep failed the run as too long, then failing on its
    own, must not write its error over that)."""
    error = f"{type(exc).__name__}: {exc}"
    ended = not CatalogueRun.objects.filter(
        pk=run_id, status__in=[CatalogueRun.Status.QUEUED, CatalogueRun.Status.RUNNING]
    ).update(status=CatalogueRun.Status.FAILED, error=error, finished_at=timezone.now())
    if ended:
        logger.warning(
            "catalogue run %s had already ended: the error of one of its jobs, %s, is not"
            " written over its first end reason",
            run_id,
            error,
        )


def _finish(run_id: int) -> None:
    """Close the run once every chunk is done (whichever job gets here last)."""
    CatalogueRun.objects.filter(
        pk=run_id, chunks_done__gte=F("chunks"), status__in=["queued", "running"]
    ).update(status=CatalogueRun.Status.DONE, finished_at=timezone.now())


def _index(stored: CatalogueIndex) -> Index:
    if stored.pk not in _loaded:
        _loaded.clear()  # one index at a time: a newer one replaces the old
        _loaded[stored.pk] = Index.loads(bytes(stored.data))
    return _loaded[stored.pk]


def _rows(sections) -> Iterator[AlignSection]:
    """Sections as the engine reads them, a plan keyed by its id (as text), in plan order."""
    return engine_sections(sections.order_by("plan_id", "order"), plan_field="plan_id")


def _plan_sections(plan_id: int):
    return list(_rows(Section.objects.filter(plan_id=plan_id)))


def _sections_by_plan(plan_ids: list[int]) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for s in _rows(Section.objects.filter(plan_id__in=plan_ids)):
        grouped.setdefault(int(s.plan), []).append(s)
    return grouped


def _every_plan() -> Iterator[list]:
    """Every plan's sections, one plan at a time (never the whole catalogue in memory)."""
    plan: list = []
    for s in _rows(Section.objects.all()):
        if plan and plan[-1].plan != s.plan:
            yield plan
            plan = []
        plan.append(s)
    if plan:
        yield plan
