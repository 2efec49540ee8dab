"""Alignment as background jobs: queued by pages, done by workers, one per plan set, a dead
worker's job failed and retried, progress shown, anonymous visitors capped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from compare.models import AlignmentClient, AlignmentRun, SectionLink, plan_set_key
from compare.runs.aligning import AlignmentError, run_alignment
from compare.runs.jobs import (
    CAP_WINDOW,
    PRUNE_CLIENTS,
    align_plan_set,
    alignment_status,
    reap_dead_runs,
    start_alignment,
)
from plans.models import Plan
from tests.seeds import load_seeds
from web.jobqueue import Heartbeat

ROOT = Path(__file__).resolve().parents[3]
PAIR = "yunnan-2022-egov-plan,wangcang-2023-digital-gov-plan"


def _plans(slugs: str) -> list[Plan]:
    return [Plan.objects.get(slug=s) for s in slugs.split(",")]


def _worker_env() -> dict[str, str]:
    """The environment of a worker process that uses the test database."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = str(db["NAME"])
    else:
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
    return {**env, "DUIZHAO_JOB_HEARTBEAT": "1"}


@pytest.fixture
def queued(transactional_db, settings):
    """The seeds, and alignment queued (not done) by pages, as in production."""
    settings.ALIGN_IN_BACKGROUND = True
    load_seeds()


def test_a_page_queues_the_alignment_and_a_worker_does_it(queued, client):
    threads = threading.active_count()
    response = client.get(f"/compare/?plans={PAIR}")
    assert response.status_code == 202
    assert threading.active_count() == threads  # nothing started beside the request
    run = AlignmentRun.objects.get()
    assert run.status == "queued" and not SectionLink.objects.exists()
    entry = DBTaskResult.objects.get()
    assert entry.status == "READY" and str(entry.id) == run.task_id
    assert entry.args_kwargs == {"args": [run.pk], "kwargs": {}}

    call_command("worker", batch=True, verbosity=0)

    run.refresh_from_db()
    assert run.status == "done" and SectionLink.objects.exists()
    assert run.progress_note == "done" and run.progress_done == run.progress_total > 100
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert client.get(f"/compare/?plans={PAIR}").status_code == 200


@pytest.mark.parametrize("trial", range(3))
def test_first_requests_at_once_queue_one_run_and_none_fails(queued, trial):
    start = threading.Barrier(4)
    statuses: list[int] = []

    def visit() -> None:
        start.wait()
        statuses.append(Client().get(f"/compare/?plans={PAIR}").status_code)
        connection.close()

    visitors = [threading.Thread(target=visit) for _ in range(4)]
    for v in visitors:
        v.start()
    for v in visitors:
        v.join()
    assert statuses == [202] * 4
    assert AlignmentRun.objects.count() == 1 and DBTaskResult.objects.count() == 1
    assert AlignmentRun.objects.get().plans.count() == 2  # no orphan, nothing half written


def test_a_killed_worker_leaves_a_job_that_is_marked_failed_and_retried(queued, settings):
    plans = list(Plan.objects.order_by("slug"))  # all nine: a run that takes a while
    first = start_alignment(plans)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker"],
        cwd=ROOT,
        env=_worker_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            first.refresh_from_db()
            if first.status == "running" and first.progress_note in {"weighting", "aligning"}:
                break
            assert first.status in {"queued", "running"}, first.error
            time.sleep(0.01)
        else:
            pytest.fail("the worker never started the job")
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.wait(timeout=30)
    first.refresh_from_db()
    assert first.status == "running"  # what a killed worker leaves behind

    settings.JOB_DEAD_AFTER_SECONDS = 2
    time.sleep(2.5)
    state, retry = alignment_status(plans)  # what the waiting page asks every 2 s
    first.refresh_from_db()
    assert first.status == "failed" and "stopped responding" in first.error
    assert DBTaskResult.objects.get(id=first.task_id).status == "FAILED"
    assert state == "running" and retry.attempt == 2 and retry.status == "queued"

    # This worker's run beats every JOB_HEARTBEAT_SECONDS (5), and its own sweep would take it
    # for dead after 2 s of silence: back to the window the beats are made for.
    settings.JOB_DEAD_AFTER_SECONDS = 60
    call_command("worker", batch=True, verbosity=0)
    retry.refresh_from_db()
    assert retry.status == "done", retry.error
    assert alignment_status(plans)[0] == "ready"


def test_a_worker_settles_a_job_left_running_by_one_that_died_just_before_it_started(queued):
    # gunicorn starts a worker again within a second of one dying: at its start, the dead one's
    # run still beats lately. Nobody looks at the plan set; the live worker settles it anyway.
    plans = _plans(PAIR)
    dead = AlignmentRun.objects.create(
        plan_key=plan_set_key(plans), status="running", heartbeat_at=timezone.now()
    )
    dead.plans.set(plans)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker"],
        cwd=ROOT,
        env={**_worker_env(), "DUIZHAO_JOB_DEAD_AFTER": "2"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            again = AlignmentRun.objects.filter(plan_key=dead.plan_key, attempt=2).first()
            if again is not None and again.status in {"done", "failed"}:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the run a dead worker left was never settled")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    dead.refresh_from_db()
    assert dead.status == "failed" and "stopped responding" in dead.error
    assert again.status == "done", again.error


def test_retries_stop_after_the_last_attempt_and_the_page_offers_one(queued, client, settings):
    plans = _plans(PAIR)
    run = AlignmentRun.objects.create(
        plan_key=plan_set_key(plans),
        status="running",
        attempt=settings.JOB_MAX_ATTEMPTS,
        heartbeat_at=timezone.now() - timezone.timedelta(minutes=5),
    )
    run.plans.set(plans)
    assert reap_dead_runs() == 1
    assert reap_dead_runs() == 0  # settled once
    assert list(AlignmentRun.objects.values_list("status", flat=True)) == ["failed"]
    html = client.get(f"/compare/?plans={PAIR}").content.decode()
    assert "后台进程停止" not in html and "stopped responding" in html and "retry=1" in html
    assert client.get(f"/compare/?plans={PAIR}&retry=1").status_code == 202
    assert AlignmentRun.objects.active().get().attempt == 1


def test_a_job_whose_plans_were_deleted_since_it_was_queued_fails_saying_why(seeded):
    a, b = seeded[:2]
    run = AlignmentRun.objects.create(plan_key=plan_set_key([a, b]))
    run.plans.set([a, b])
    run.plans.remove(b)  # as deleting plan b in the admin leaves it

    with pytest.raises(AlignmentError):
        align_plan_set.call(run.pk)

    run.refresh_from_db()
    assert run.status == "failed" and "at least two different plans" in run.error
    assert run.finished_at is not None
    assert reap_dead_runs() == 0 and AlignmentRun.objects.count() == 1  # not queued again


def test_the_waiting_page_shows_the_jobs_progress(queued, client):
    plans = _plans(PAIR)
    run = AlignmentRun.objects.create(
        plan_key=plan_set_key(plans),
        status="running",
        heartbeat_at=timezone.now(),
        progress_note="reading",
        progress_done=88,
        progress_total=205,
        attempt=2,
    )
    run.plans.set(plans)
    html = client.get(f"/compare/?plans={PAIR}").content.decode()
    assert '<progress value="88" max="205">' in html
    assert "读取章节：88 / 205 个章节" in html and "第 2 次尝试" in html


def test_a_heartbeat_keeps_touching_its_run(queued):
    plans = _plans(PAIR)
    run = AlignmentRun.objects.create(plan_key=plan_set_key(plans), status="running")
    with Heartbeat(AlignmentRun, run.pk, every=0.05):
        first = AlignmentRun.objects.get(pk=run.pk).heartbeat_at
        time.sleep(0.3)
        later = AlignmentRun.objects.get(pk=run.pk).heartbeat_at
    assert first is not None and later > first


def test_the_align_command_refuses_a_plan_set_whose_job_is_under_way(queued):
    plans = _plans(PAIR)
    start_alignment(plans)
    with pytest.raises(AlignmentError, match="already queued or under way"):
        run_alignment(plans)


def test_anonymous_visitors_start_a_few_new_plan_sets_an_hour_curators_any(queued, settings):
    settings.ANON_ALIGNMENTS_PER_HOUR = 2
    slugs = list(Plan.objects.order_by("slug").values_list("slug", flat=True))
    anonymous = Client()
    pairs = [f"{slugs[0]},{slugs[i]}" for i in range(1, 5)]
    assert anonymous.get(f"/compare/?plans={pairs[0]}").status_code == 202
    assert anonymous.get(f"/compare/?plans={pairs[1]}").status_code == 202
    capped = anonymous.get(f"/compare/?plans={pairs[2]}")
    assert capped.status_code == 429 and "已达上限" in capped.content.decode()
    assert anonymous.get(f"/compare/?plans={pairs[0]}").status_code == 202  # queued already
    assert AlignmentRun.objects.count() == 2
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.get(f"/compare/?plans={pairs[2]}").status_code == 202  # counted per client

    curator = Client()
    curator.force_login(get_user_model().objects.create_superuser("c", "c@example.org", "pw"))
    for pair in pairs[3:]:
        assert curator.get(f"/compare/?plans={pair}").status_code == 202


@pytest.mark.parametrize("trial", range(2))
def test_one_clients_concurrent_new_plan_sets_stop_at_its_cap(queued, settings, trial):
    settings.ANON_ALIGNMENTS_PER_HOUR = 2
    slugs = list(Plan.objects.order_by("slug").values_list("slug", flat=True))
    pairs = [f"{slugs[0]},{other}" for other in slugs[1:7]]
    save = AlignmentRun.save

    def slow_save(self, *args, **kwargs):
        # Widens the gap a check made apart from its start would leave to the other requests.
        time.sleep(0.05)
        return save(self, *args, **kwargs)

    AlignmentRun.save = slow_save
    start = threading.Barrier(len(pairs))
    statuses: list[int] = []
    lock = threading.Lock()

    def visit(pair: str) -> None:
        try:
            start.wait()
            status = Client(REMOTE_ADDR="203.0.113.9").get(f"/compare/?plans={pair}").status_code
            with lock:
                statuses.append(status)
        finally:
            connection.close()

    visitors = [threading.Thread(target=visit, args=(pair,)) for pair in pairs]
    try:
        for v in visitors:
            v.start()
        for v in visitors:
            v.join()
    finally:
        AlignmentRun.save = save
    assert sorted(statuses) == [202] * 2 + [429] * 4
    assert AlignmentRun.objects.count() == 2 and DBTaskResult.objects.count() == 2


@pytest.mark.django_db
def test_a_start_deletes_clients_quiet_past_the_caps_hour_a_bounded_batch_at_a_time(
    seeded, settings
):
    settings.ALIGN_IN_BACKGROUND = True  # recorded and left unqueued: the test's transaction
    now = timezone.now()
    AlignmentClient.objects.bulk_create(
        [
            AlignmentClient(
                client=f"quiet{n}", last_start_at=now - CAP_WINDOW - timedelta(minutes=n + 1)
            )
            for n in range(PRUNE_CLIENTS + 5)
        ]
        + [AlignmentClient(client="lately", last_start_at=now - CAP_WINDOW + timedelta(minutes=1))]
    )
    slugs = list(Plan.objects.order_by("slug").values_list("slug", flat=True))

    start_alignment(_plans(f"{slugs[0]},{slugs[1]}"), client="first", cap=10)
    left = set(AlignmentClient.objects.values_list("client", flat=True))
    assert {"first", "lately"} <= left
    # the oldest go first, and no more than one batch
    assert {c for c in left if c.startswith("quiet")} == {f"quiet{n}" for n in range(5)}

    start_alignment(_plans(f"{slugs[0]},{slugs[2]}"), client="second", cap=10)
    assert set(AlignmentClient.objects.values_list("client", flat=True)) == {
        "first",
        "second",
        "lately",
    }
