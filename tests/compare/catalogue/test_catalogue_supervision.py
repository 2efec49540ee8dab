"""Catalogue runs are supervised as alignment runs are: their jobs beat while they work, and a
run whose worker died is failed (its page says so and offers a new start) unless its jobs are
only waiting for a worker."""

from __future__ import annotations

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from compare.catalogue import running
from compare.catalogue.running import (
    prepare_catalogue_run,
    reap_dead_catalogue_runs,
    start_catalogue_run,
)
from compare.models import CatalogueRun
from plans.models import Jurisdiction, Plan
from tests.compare.catalogue import PAGE, START, Y22
from tests.failedjobs import fail_at_first_query
from web import jobqueue
from web.jobqueue import Heartbeat


def _silent(run: CatalogueRun, settings) -> None:
    """As a run looks once its worker has been gone a little longer than allowed."""
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_DEAD_AFTER_SECONDS + 1)
    CatalogueRun.objects.filter(pk=run.pk).update(heartbeat_at=long_ago)


@pytest.mark.django_db
def test_a_run_whose_worker_died_shows_as_failed_and_a_new_one_can_start(
    client, staff, seeded, settings
):
    plan = Plan.objects.get(slug=Y22)
    dead = CatalogueRun.objects.create(plan=plan, status="running", stage="aligning", chunks=3)
    _silent(dead, settings)

    html = client.get(PAGE).content.decode()
    dead.refresh_from_db()
    assert dead.status == "failed" and "stopped responding" in dead.error
    assert "比对没有完成" in html and "stopped responding" in html
    assert f'action="{START}"' in html and "重新与整个目录比对" in html
    assert 'hx-trigger="every 2s"' not in html  # nothing left to wait for

    assert client.post(START).status_code == 302
    fresh = CatalogueRun.objects.exclude(pk=dead.pk).get()
    assert fresh.status == "queued"


@pytest.mark.django_db
def test_a_dead_run_blocks_no_new_start_even_unseen(client, staff, seeded, settings):
    plan = Plan.objects.get(slug=Y22)
    dead = CatalogueRun.objects.create(plan=plan, status="running", stage="index")
    CatalogueRun.objects.filter(pk=dead.pk).update(
        started_at=timezone.now() - timedelta(seconds=settings.JOB_DEAD_AFTER_SECONDS + 1)
    )  # killed before its first beat

    assert client.post(START).status_code == 302
    dead.refresh_from_db()
    assert dead.status == "failed"
    assert CatalogueRun.objects.filter(status="queued").count() == 1


@pytest.mark.django_db
def test_a_run_beats_and_is_reaped_only_once_none_of_its_jobs_waits(seeded, settings):
    run = start_catalogue_run(Plan.objects.get(slug=Y22), chunk=3)
    run.refresh_from_db()
    assert run.jobs == [str(DBTaskResult.objects.get().id)] and run.heartbeat_at is None

    prepare_catalogue_run.call(run.pk, 3)
    run.refresh_from_db()
    assert run.status == "running" and run.heartbeat_at is not None
    chunks = DBTaskResult.objects.filter(task_path__endswith="align_catalogue_chunk")
    assert run.chunks > 1 and sorted(run.jobs) == sorted(
        str(pk) for pk in chunks.values_list("id", flat=True)
    )

    _silent(run, settings)
    assert reap_dead_catalogue_runs() == 0  # its chunks wait behind other jobs: slow, not dead
    run.refresh_from_db()
    assert run.status == "running"

    chunks.update(status="RUNNING")  # a worker took them, then was killed
    assert reap_dead_catalogue_runs() == 1
    run.refresh_from_db()
    assert run.status == "failed" and run.finished_at is not None
    assert set(chunks.values_list("status", flat=True)) == {"FAILED"}
    assert reap_dead_catalogue_runs() == 0


@pytest.mark.django_db
def test_a_run_that_beats_lately_is_left_alone(seeded, settings):
    run = CatalogueRun.objects.create(
        plan=Plan.objects.get(slug=Y22), status="running", heartbeat_at=timezone.now()
    )
    assert reap_dead_catalogue_runs() == 0
    run.refresh_from_db()
    assert run.status == "running"


@pytest.mark.django_db
def test_a_run_whose_first_job_failed_before_taking_it_shows_as_failed_and_a_new_one_can_start(
    client, staff, seeded, settings
):
    run = start_catalogue_run(Plan.objects.get(slug=Y22), chunk=3)
    (entry,) = DBTaskResult.objects.all()
    fail_at_first_query(str(entry.id), CatalogueRun, prepare_catalogue_run, run.pk, 3)

    assert reap_dead_catalogue_runs() == 0  # young: given as long as a silent worker
    CatalogueRun.objects.filter(pk=run.pk).update(
        started_at=timezone.now() - timedelta(seconds=settings.JOB_DEAD_AFTER_SECONDS + 1)
    )
    html = client.get(PAGE).content.decode()
    run.refresh_from_db()
    assert run.status == "failed" and "never ran" in run.error and run.finished_at is not None
    assert "never ran" in html and f'action="{START}"' in html
    assert client.post(START).status_code == 302
    assert CatalogueRun.objects.get(status="queued").pk != run.pk


@pytest.mark.django_db
def test_a_queued_run_whose_job_only_waits_is_left_queued(seeded, settings):
    run = start_catalogue_run(Plan.objects.get(slug=Y22), chunk=3)
    CatalogueRun.objects.filter(pk=run.pk).update(
        started_at=timezone.now() - timedelta(minutes=10)
    )  # behind other jobs for long
    assert reap_dead_catalogue_runs() == 0
    run.refresh_from_db()
    assert run.status == "queued"


def test_a_chunk_past_its_limit_beside_live_ones_fails_the_run_as_too_long(
    transactional_db, client, staff, settings, caplog
):
    # The run's chunks beat on the one row: a live chunk's beats must not hide that another
    # stopped at its time limit (else, once they end, the run is failed as silent).
    place = Jurisdiction.objects.create(name="试验县", slug="shiyan", level="county")
    plan = Plan.objects.create(jurisdiction=place, slug="p", title="规划", source="x", raw_text="…")
    run = CatalogueRun.objects.create(
        plan=plan, status="running", stage="aligning", chunks=2, heartbeat_at=timezone.now()
    )
    gave_up = threading.Event()
    with (
        mock.patch.object(jobqueue, "when_overdue", lambda message: gave_up.set()),
        Heartbeat(CatalogueRun, run.pk, every=0.05, limit=3600, shared=True),  # a live chunk
        Heartbeat(CatalogueRun, run.pk, every=0.05, limit=0.2, shared=True),  # a stuck one
    ):
        assert gave_up.wait(30), "the stuck chunk's heartbeat never gave up"
        threading.Event().wait(0.3)  # the live chunk beats on
    # As the sweep finds the run once it has been silent for longer than allowed.
    later = timezone.now() + timedelta(seconds=settings.JOB_DEAD_AFTER_SECONDS + 1)
    with mock.patch("compare.catalogue.running.timezone.now", return_value=later):
        assert reap_dead_catalogue_runs() == 1
    run.refresh_from_db()
    assert run.status == "failed"
    assert "ran longer than its limit" in run.error and "DUIZHAO_JOB_LIMIT_CATALOGUE" in run.error
    (told,) = [r for r in caplog.records if r.name == "compare.catalogue.running"]
    assert told.levelname == "WARNING" and "ran longer than its limit" in told.getMessage()
    html = client.get(f"/catalogue/{plan.slug}/").content.decode()
    assert "比对没有完成" in html and "ran longer than its limit" in html


def test_a_live_chunks_own_error_after_the_sweep_failed_the_run_as_too_long_leaves_that_reason(
    seeded, settings, caplog
):
    # The sweep failed the run while one of its chunks still worked; that chunk then fails on
    # its own: the run keeps the first reason, and the later error is only logged.
    run = CatalogueRun.objects.create(
        plan=Plan.objects.get(slug=Y22), status="running", stage="aligning", chunks=2
    )
    working = CatalogueRun.objects.get(pk=run.pk)  # as the chunk read it when it began
    too_long = jobqueue.too_long_error("CATALOGUE") + "; start the run again"
    CatalogueRun.objects.filter(pk=run.pk).update(status="failed", error=too_long)

    with (
        mock.patch("compare.catalogue.running._index", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        running._align_chunk(working, [1])

    run.refresh_from_db()
    assert run.status == "failed" and run.error == too_long
    assert any("disk full" in r.getMessage() for r in caplog.records if r.levelname == "WARNING")
