"""A job that ends without ever taking its row (it raised at its first query, or its worker
died between taking the queue entry and taking the row) leaves the row "queued": the sweep
that settles dead workers' runs settles it too, instead of leaving it queued forever."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from compare.models import AlignmentRun
from compare.runs.jobs import align_plan_set, alignment_status, reap_dead_runs, start_alignment
from plans.models import Plan
from tests.failedjobs import fail_at_first_query

PAIR = ["yunnan-2022-egov-plan", "wangcang-2023-digital-gov-plan"]


@pytest.fixture
def pair(seeded, settings):
    settings.ALIGN_IN_BACKGROUND = True
    return [Plan.objects.get(slug=slug) for slug in PAIR]


def _aged(model, pk: int, settings, field: str = "started_at") -> None:
    """As the row looks once it has waited a little longer than JOB_DEAD_AFTER_SECONDS."""
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_DEAD_AFTER_SECONDS + 1)
    model.objects.filter(pk=pk).update(**{field: long_ago})


def test_an_alignment_whose_job_failed_before_taking_its_run_is_failed_and_queued_again(
    pair, settings
):
    first = start_alignment(pair)
    first.refresh_from_db()
    fail_at_first_query(first.task_id, AlignmentRun, align_plan_set, first.pk)
    assert DBTaskResult.objects.get(id=first.task_id).status == "FAILED"
    first.refresh_from_db()
    assert first.status == "queued"

    assert reap_dead_runs() == 0  # young: the sweep waits as long as for a silent worker
    _aged(AlignmentRun, first.pk, settings)
    state, again = alignment_status(pair)  # what the waiting page asks every 2 s
    first.refresh_from_db()
    assert first.status == "failed" and "never ran" in first.error
    assert state == "running" and again.attempt == 2 and again.status == "queued"
    assert DBTaskResult.objects.get(id=again.task_id).status == "READY"
    assert reap_dead_runs() == 0  # settled once


def test_an_alignment_whose_worker_died_before_taking_its_run_is_queued_again(pair, settings):
    first = start_alignment(pair)
    first.refresh_from_db()
    entry = DBTaskResult.objects.get(id=first.task_id)
    entry.claim("a worker killed at once")  # took the entry, never got to the run
    _aged(AlignmentRun, first.pk, settings)
    assert reap_dead_runs() == 0  # a worker that took its job a moment ago is about to start
    _aged(DBTaskResult, entry.pk, settings)
    assert reap_dead_runs() == 1
    first.refresh_from_db()
    assert first.status == "failed" and AlignmentRun.objects.active().get().attempt == 2
    assert DBTaskResult.objects.get(id=first.task_id).status == "FAILED"


def test_an_alignment_whose_job_only_waits_is_left_queued(pair, settings):
    first = start_alignment(pair)
    first.refresh_from_db()
    _aged(AlignmentRun, first.pk, settings)  # queued behind other jobs for long
    assert reap_dead_runs() == 0
    first.refresh_from_db()
    assert first.status == "queued"


def test_a_worker_refuses_a_heartbeat_that_would_make_live_jobs_look_dead(db, settings):
    settings.JOB_HEARTBEAT_SECONDS, settings.JOB_DEAD_AFTER_SECONDS = 30, 40
    with pytest.raises(SystemCheckError, match="DUIZHAO_JOB_DEAD_AFTER \\(40 s\\) must be"):
        call_command("worker", batch=True, skip_checks=False, verbosity=0)
