"""What the job queue leaves behind, removed once JOB_KEEP_DAYS old (`manage.py prune_jobs`,
and the worker's sweep once an hour): the queue's finished entries, the uploaded bytes of
finished imports, and alignment and catalogue runs no page reads any more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from compare.models import AlignmentRun, CatalogueIndex, CatalogueRun, LinkEvent, SectionLink
from compare.runs.jobs import done_runs_of, every_pair_aligned
from plans.models import PendingImport
from web.jobqueue import uses_database_queue


@dataclass(frozen=True)
class Pruned:
    queue_entries: int
    uploads: int
    runs: int
    catalogue_runs: int = 0
    catalogue_indexes: int = 0


def prune_jobs(days: int | None = None) -> Pruned:
    """Remove what finished more than ``days`` (JOB_KEEP_DAYS) days ago:

    - the database queue's finished entries (successful or failed);
    - the uploaded PDF of each finished import (its row stays: its page still shows its outcome
      or error; a preview not confirmed by then is not confirmed at all, its session gone);
    - failed alignment runs (a page shows a failed run for 15 minutes), and finished ones whose
      links and events have all been replaced or removed, when every pair of their plans was
      aligned by a later finished run: the compare page reads finished runs to know a plan set
      is aligned, and a run whose links are current is where they came from;
    - finished catalogue runs, with their matches, but each plan's latest run (the only one its
      catalogue page reads), and the catalogue indexes no run uses, but the latest (the one
      the next run reads).
    """
    days = settings.JOB_KEEP_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    entries = 0
    if uses_database_queue():
        from django_tasks_db.models import DBTaskResult

        entries, _ = DBTaskResult.objects.filter(
            status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=cutoff
        ).delete()
    uploads = (
        PendingImport.objects.filter(
            status__in=[PendingImport.Status.DONE, PendingImport.Status.FAILED],
            finished_at__lt=cutoff,
        )
        .exclude(data=b"")
        .update(data=b"")
    )
    runs = _prune_runs(cutoff)
    catalogue_runs = _prune_catalogue_runs(cutoff)
    return Pruned(entries, uploads, runs, catalogue_runs, _prune_catalogue_indexes(cutoff))


def _prune_runs(cutoff) -> int:
    old = AlignmentRun.objects.filter(finished_at__lt=cutoff).exclude(
        Exists(SectionLink.objects.filter(run=OuterRef("pk")))
    )
    failed = list(old.filter(status=AlignmentRun.Status.FAILED).values_list("pk", flat=True))
    done = old.filter(status=AlignmentRun.Status.DONE).exclude(
        Exists(LinkEvent.objects.filter(run=OuterRef("pk")))
    )
    superseded = [run.pk for run in done.prefetch_related("plans") if _covered_later(run)]
    AlignmentRun.objects.filter(pk__in=failed + superseded).delete()
    return len(failed) + len(superseded)


def _covered_later(run: AlignmentRun) -> bool:
    """Whether every pair of ``run``'s plans was aligned by a finished run started after it."""
    ids = [plan.pk for plan in run.plans.all()]
    return every_pair_aligned(ids, done_runs_of(ids, after=run.pk))


def _prune_catalogue_runs(cutoff) -> int:
    latest = CatalogueRun.objects.filter(plan=OuterRef("plan")).order_by("-started_at", "-pk")
    old = CatalogueRun.objects.filter(
        status__in=[CatalogueRun.Status.DONE, CatalogueRun.Status.FAILED], finished_at__lt=cutoff
    ).exclude(pk=Subquery(latest.values("pk")[:1]))
    _, deleted = old.delete()
    return deleted.get(CatalogueRun._meta.label, 0)


def _prune_catalogue_indexes(cutoff) -> int:
    """Indexes are rebuilt whenever the catalogue changed: each is a copy of its statistics."""
    latest = CatalogueIndex.objects.order_by("-built_at", "-pk").values("pk")[:1]
    unused = (
        CatalogueIndex.objects.filter(built_at__lt=cutoff)
        .exclude(pk__in=Subquery(latest))
        .exclude(Exists(CatalogueRun.objects.filter(index=OuterRef("pk"))))
    )
    _, deleted = unused.delete()
    return deleted.get(CatalogueIndex._meta.label, 0)
