"""gunicorn's master keeps its job workers: one killed with SIGKILL is replaced, and the job
queued meanwhile is done without anything done by hand."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from tests import servers

PAIR = "yunnan-2022-egov-plan,wangcang-2023-digital-gov-plan"


@pytest.fixture
def server(tmp_path):
    port = servers.free_port()
    env = servers.server_env(
        tmp_path, port, WEB_WORKERS="1", JOB_WORKERS="1", DUIZHAO_JOB_HEARTBEAT="1"
    )
    servers.manage(env, "migrate", "--noinput")
    servers.manage(env, "load_seeds")
    log = tmp_path / "gunicorn.log"
    master = servers.start(
        [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.py", "config.wsgi"],
        env,
        log,
    )
    try:
        yield f"http://127.0.0.1:{port}", master.pid, log
    finally:
        servers.stop(master)


def test_a_killed_job_worker_is_replaced_and_a_queued_alignment_completes(server):
    base, master, log = server
    servers.until(
        "a job worker beating",
        lambda: servers.health(base).get("jobs", {}).get("workers"),
        seconds=120,
        log=log,
    )
    (killed,) = servers.job_workers(master)

    os.kill(killed, signal.SIGKILL)
    assert servers.get(f"{base}/compare/?plans={PAIR}")[0] == 202  # queued, not done

    replaced = servers.until(
        "a new job worker", lambda: servers.job_workers(master) - {killed}, seconds=30, log=log
    )
    assert len(replaced) == 1
    servers.until(
        "the queued alignment done",
        lambda: servers.get(f"{base}/compare/?plans={PAIR}")[0] == 200,
        seconds=90,
        log=log,
    )
    assert "stopped: another starts in" in log.read_text()
    health = servers.health(base)
    assert health["status"] == "ok" and health["jobs"]["waiting"] == 0
