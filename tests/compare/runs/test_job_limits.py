"""A job past its kind's time limit is taken as wedged (its thread stuck on a lock or a read,
while its heartbeat thread would keep it looking alive for good): its heartbeat stops, the sweep
fails it saying it ran too long and does not retry it, and its worker process exits so that
its supervisor starts a fresh one."""

from __future__ import annotations

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.utils import timezone

from compare.management.commands import worker
from compare.models import AlignmentRun
from compare.runs.jobs import reap_dead_runs
from plans.models import PendingImport
from plans.pending import reap_dead_imports
from web import jobqueue
from web.jobqueue import Heartbeat


def _overrun(model, pk: int, settings) -> str:
    """Hold a heartbeat on row ``pk`` past a limit of a fraction of a second, as a wedged job
    does; the message the worker was told, once the heartbeat gave up."""
    told: list[str] = []
    gave_up = threading.Event()

    def overdue(message: str) -> None:
        told.append(message)
        gave_up.set()

    with (
        mock.patch.object(jobqueue, "when_overdue", overdue),
        Heartbeat(model, pk, every=0.05, limit=0.2),
    ):
        assert gave_up.wait(30), "the heartbeat never gave up"
    # As the row looks once the sweep's window has passed since the job was claimed.
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_DEAD_AFTER_SECONDS + 1)
    field = "created_at" if model is PendingImport else "started_at"
    model.objects.filter(pk=pk).update(**{field: long_ago})
    return told[0]


def test_an_alignment_past_its_limit_is_failed_as_too_long_and_not_queued_again(
    transactional_db, settings
):
    run = AlignmentRun.objects.create(plan_key="a,b", status="running", heartbeat_at=timezone.now())

    told = _overrun(AlignmentRun, run.pk, settings)

    assert "ran longer than its limit" in told
    assert reap_dead_runs() == 1
    run.refresh_from_db()
    assert run.status == "failed" and "ran longer than its limit" in run.error
    assert "DUIZHAO_JOB_LIMIT_ALIGN" in run.error
    assert AlignmentRun.objects.count() == 1  # not retried, though it had attempts left


def test_a_silent_alignment_is_still_queued_again(transactional_db, settings):
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_DEAD_AFTER_SECONDS + 1)
    AlignmentRun.objects.create(
        plan_key="a,b", status="running", heartbeat_at=long_ago, started_at=long_ago
    )
    assert reap_dead_runs() == 1
    failed = AlignmentRun.objects.get(status="failed")
    assert "stopped responding" in failed.error
    assert AlignmentRun.objects.filter(attempt=2).exists()


def test_an_ocr_import_past_its_limit_is_failed_not_queued_again(transactional_db, settings):
    pending = PendingImport.objects.create(
        name="scan.pdf", data=b"%PDF-", status="running", heartbeat_at=timezone.now()
    )

    _overrun(PendingImport, pending.pk, settings)

    assert reap_dead_imports() == 1
    pending.refresh_from_db()
    assert pending.status == "failed" and pending.attempt == 1
    assert (
        "ran longer than its limit" in pending.error and "DUIZHAO_JOB_LIMIT_IMPORT" in pending.error
    )


def test_a_heartbeat_within_its_limit_keeps_beating(transactional_db):
    run = AlignmentRun.objects.create(plan_key="a,b", status="running")
    told: list[str] = []
    with (
        mock.patch.object(jobqueue, "when_overdue", told.append),
        Heartbeat(AlignmentRun, run.pk, every=0.05, limit=3600),
    ):
        threading.Event().wait(0.3)
    run.refresh_from_db()
    assert run.heartbeat_at is not None and told == []


def test_the_worker_exits_for_a_fresh_start_when_a_job_runs_past_its_limit(db):
    seen = []
    with mock.patch.object(
        worker.Command, "_work", lambda self, **kw: seen.append(jobqueue.when_overdue)
    ):
        call_command("worker", batch=True)
    assert seen == [worker.exit_wedged] and jobqueue.when_overdue is None

    with mock.patch.object(worker.os, "_exit") as exit_:
        worker.exit_wedged("AlignmentRun 1 ran longer than its limit of 1800 s")
    exit_.assert_called_once_with(worker.WEDGED_EXIT)


def test_a_worker_refuses_a_time_limit_that_would_stop_every_job(db, settings):
    settings.JOB_LIMIT_IMPORT_SECONDS = 0
    with pytest.raises(SystemCheckError, match="DUIZHAO_JOB_LIMIT_IMPORT \\(0 s\\) must be"):
        call_command("worker", batch=True, skip_checks=False, verbosity=0)


@pytest.mark.parametrize("options", [{"processes": -1}, {"processes": 2, "batch": True}])
def test_the_worker_refuses_processes_it_cannot_keep_running(options):
    with pytest.raises(CommandError, match="--processes must be 1 or more, without --batch"):
        call_command("worker", **options)
