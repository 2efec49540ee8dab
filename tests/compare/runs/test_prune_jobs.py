"""`prune_jobs` removes what finished jobs leave behind once JOB_KEEP_DAYS old, and nothing a
page still reads: not a recent row, not a run whose links are current, not the only finished
run that aligned a pair of plans."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from compare.models import AlignmentRun, CatalogueIndex, CatalogueMatch, CatalogueRun, SectionLink
from compare.runs.jobs import align_plan_set
from plans.models import PendingImport, Section

OLD = timezone.now() - timedelta(days=31)
LATELY = timezone.now() - timedelta(days=2)


def _run(plans, status="done", finished_at=OLD) -> AlignmentRun:
    run = AlignmentRun.objects.create(
        plan_key=",".join(p.slug for p in plans), status=status, finished_at=finished_at
    )
    run.plans.set(plans)
    return run


def _entry(status: str, finished_at) -> str:
    entry = align_plan_set.enqueue(0)
    DBTaskResult.objects.filter(id=entry.id).update(status=status, finished_at=finished_at)
    return str(entry.id)


def _import(status: str, finished_at) -> PendingImport:
    return PendingImport.objects.create(
        name="scan.pdf", data=b"%PDF-1", status=status, finished_at=finished_at
    )


@pytest.fixture
def left(seeded):
    a, b, c = seeded[:3]
    with_links = _run([b, c])
    SectionLink.objects.create(
        left=b.sections.first(), right=c.sections.first(), score=0.9, run=with_links
    )
    _run([b, c], finished_at=LATELY)  # aligned again later, but its links are still current
    return {
        "failed_old": _run([a, b], "failed"),
        "failed_lately": _run([a, b], "failed", LATELY),
        "superseded": _run([a, b]),
        "only_one_for_its_pair": _run([a, c]),
        "newer": _run([a, b], finished_at=LATELY),
        "with_current_links": with_links,
        "entry_done_old": _entry("SUCCESSFUL", OLD),
        "entry_failed_old": _entry("FAILED", OLD),
        "entry_done_lately": _entry("SUCCESSFUL", LATELY),
        "entry_waiting": _entry("READY", None),
        "import_failed_old": _import("failed", OLD),
        "import_done_lately": _import("done", LATELY),
        "import_running": _import("running", None),
    }


def test_pruning_removes_only_what_finished_long_ago_and_no_page_reads(left):
    call_command("prune_jobs", verbosity=0)

    runs = set(AlignmentRun.objects.values_list("pk", flat=True))
    assert left["failed_old"].pk not in runs and left["superseded"].pk not in runs
    assert {left["failed_lately"].pk, left["only_one_for_its_pair"].pk, left["newer"].pk} <= runs
    assert left["with_current_links"].pk in runs
    entries = set(DBTaskResult.objects.values_list("id", flat=True))
    entries = {str(e) for e in entries}
    assert left["entry_done_old"] not in entries and left["entry_failed_old"] not in entries
    assert {left["entry_done_lately"], left["entry_waiting"]} <= entries
    data = dict(PendingImport.objects.values_list("pk", "data"))
    assert bytes(data[left["import_failed_old"].pk]) == b""
    assert bytes(data[left["import_done_lately"].pk]) == b"%PDF-1"
    assert bytes(data[left["import_running"].pk]) == b"%PDF-1"
    assert PendingImport.objects.count() == 3  # the rows stay: their pages still show them


def _index(built_at) -> CatalogueIndex:
    index = CatalogueIndex.objects.create(plans=9, sections=1, last_section=1, data=b"x")
    CatalogueIndex.objects.filter(pk=index.pk).update(built_at=built_at)
    return index


def _catalogue_run(plan, status="done", finished_at=OLD, index=None) -> CatalogueRun:
    run = CatalogueRun.objects.create(
        plan=plan, status=status, finished_at=finished_at, index=index
    )
    if status == "done":
        section, other = plan.sections.first(), Section.objects.exclude(plan=plan).first()
        CatalogueMatch.objects.create(
            run=run, section=section, other=other, other_plan=other.plan, score=0.8
        )
    return run


def test_pruning_removes_catalogue_runs_no_page_reads_and_indexes_no_run_uses(seeded):
    a, b, c = seeded[:3]
    unused_index, used_index = _index(OLD), _index(OLD)
    latest_index = _index(OLD + timedelta(minutes=1))  # the next run reads it, however old
    older = [_catalogue_run(a, index=unused_index), _catalogue_run(a, "failed")]
    latest_of_a = _catalogue_run(a, index=used_index)  # the page shows a plan's latest run
    only_of_b = _catalogue_run(b)
    lately = _catalogue_run(c, finished_at=LATELY)
    running = _catalogue_run(c, "running", finished_at=None)

    call_command("prune_jobs", verbosity=0)

    kept = set(CatalogueRun.objects.values_list("pk", flat=True))
    assert kept == {latest_of_a.pk, only_of_b.pk, lately.pk, running.pk}
    assert not CatalogueMatch.objects.filter(run__in=older).exists()
    assert CatalogueMatch.objects.filter(run=latest_of_a).exists()
    indexes = set(CatalogueIndex.objects.values_list("pk", flat=True))
    assert indexes == {used_index.pk, latest_index.pk}


def test_pruning_refuses_a_retention_under_a_day(db):
    with pytest.raises(CommandError, match="--days must be 1 or more"):
        call_command("prune_jobs", days=0)


def test_a_workers_sweep_prunes_once_its_hour_has_passed(transactional_db, monkeypatch):
    from compare.management.commands import worker

    old = _import("failed", OLD)
    monkeypatch.setattr(worker, "PRUNE_EVERY", 0.0)
    with worker.sweeping(0.05):
        for _ in range(200):
            if not bytes(PendingImport.objects.get(pk=old.pk).data):
                break
            threading.Event().wait(0.05)
    assert bytes(PendingImport.objects.get(pk=old.pk).data) == b""
