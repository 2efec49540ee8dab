"""The same alignment jobs on a distributed queue: RQ on a real Redis (.ci/with-redis)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import django_rq
import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from django_tasks_rq import Job

from compare.models import AlignmentRun, SectionLink
from compare.runs.jobs import reap_dead_runs
from tests.compare.runs.test_jobs import PAIR, ROOT, _worker_env
from tests.seeds import load_seeds


def _redis_url() -> str:
    """The throwaway Redis of .ci/with-redis, a database of its own per test process (make test
    runs several): one process's flushdb must not empty another's queue."""
    url = os.environ.get("TEST_REDIS_URL", "")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(worker[2:]) if worker[2:].isdigit() else 0
    return url.rsplit("/", 1)[0] + f"/{number}" if url else ""


REDIS = _redis_url()


@pytest.fixture
def on_redis(transactional_db, settings):
    if not REDIS:
        if os.environ.get("CI"):
            pytest.fail("TEST_REDIS_URL is not set: run the tests through .ci/with-redis")
        pytest.skip("no Redis: run through .ci/with-redis (make test does)")
    settings.ALIGN_IN_BACKGROUND = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {**settings.RQ_QUEUES["default"], "URL": REDIS}}
    django_rq.get_connection("default").flushdb()
    load_seeds()
    return django_rq.get_queue("default")


def test_a_page_queues_the_job_on_redis_and_an_rq_worker_does_it(on_redis, client):
    response = client.get(f"/compare/?plans={PAIR}")
    assert response.status_code == 202
    run = AlignmentRun.objects.get()
    assert run.status == "queued" and run.task_id
    assert on_redis.job_ids == [run.task_id] and not DBTaskResult.objects.exists()
    assert client.get(f"/compare/?plans={PAIR}").status_code == 202
    assert on_redis.count == 1  # asked twice, queued once

    worker = subprocess.run(
        [sys.executable, "manage.py", "worker", "--batch"],
        cwd=ROOT,
        env={**_worker_env(), "DUIZHAO_TASKS": "rq", "REDIS_URL": REDIS},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert worker.returncode == 0, worker.stderr
    run.refresh_from_db()
    assert run.status == "done", run.error
    assert SectionLink.objects.exists() and on_redis.count == 0
    assert client.get(f"/compare/?plans={PAIR}").status_code == 200


def test_a_page_says_so_when_the_broker_is_down(on_redis, client, settings):
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    response = client.get(f"/compare/?plans={PAIR}")
    run = AlignmentRun.objects.get()
    assert run.status == "failed" and "queue is unavailable" in run.error
    assert response.status_code == 202 and "retry=1" in response.content.decode()


def test_a_job_redis_lost_is_queued_again_by_the_sweep(on_redis, client, settings):
    assert client.get(f"/compare/?plans={PAIR}").status_code == 202
    first = AlignmentRun.objects.get()
    assert on_redis.job_ids == [first.task_id]
    django_rq.get_connection("default").flushdb()  # restarted without its data

    assert reap_dead_runs() == 0  # still young: it may simply be waiting its turn
    settings.JOB_DEAD_AFTER_SECONDS = 60
    AlignmentRun.objects.filter(pk=first.pk).update(
        started_at=timezone.now() - timedelta(minutes=2)
    )
    assert reap_dead_runs() == 1
    assert reap_dead_runs() == 0  # settled once
    first.refresh_from_db()
    again = AlignmentRun.objects.active().get()
    assert first.status == "failed" and "lost this job" in first.error
    assert again.attempt == 2 and on_redis.job_ids == [again.task_id]


def test_a_queued_job_redis_still_holds_is_left_to_wait(on_redis, client, settings):
    assert client.get(f"/compare/?plans={PAIR}").status_code == 202
    AlignmentRun.objects.update(started_at=timezone.now() - timedelta(minutes=10))
    assert reap_dead_runs() == 0
    assert AlignmentRun.objects.get().status == "queued"


def test_an_rq_job_has_no_time_limit_of_rqs_own_beside_the_apps():
    # RQ kills a job after its queue's DEFAULT_TIMEOUT, 180 s unless set: an OCR import the app
    # allows OCR_MAX_SECONDS (300) and an alignment of large plans (minutes) were cut short.
    # A dead job is found by its heartbeat, on either queue; the app's own limits bound the rest.
    job = django_rq.get_queue("default", job_class=Job).create_job(
        "plans.pending.import_pending", args=[1]
    )
    assert job.timeout == -1
