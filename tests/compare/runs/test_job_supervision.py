"""gunicorn's master keeps its job workers: one killed with SIGKILL is replaced, and the job
queued meanwhile is done without anything done by hand."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading

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


class _Gone:
    """A job worker process that has already stopped."""

    pid = 0

    def poll(self) -> int:
        return 0

    def terminate(self) -> None:
        pass

    def wait(self, timeout: float | None = None) -> int:
        return 0

    kill = terminate


class _Arbiter:
    """What gunicorn's master calls on SIGTERM, SIGINT and SIGQUIT (it looks each up by name)."""

    def handle_term(self) -> None:
        raise StopIteration

    handle_int = handle_quit = handle_term


def test_once_told_to_stop_the_master_starts_no_job_worker_again(monkeypatch, settings):
    # A SIGTERM to the whole group (systemd) stops the job workers with the master, which calls
    # on_exit only once its web workers stopped: meanwhile none is started again.
    from config import gunicorn as conf
    from config import workers as supervision

    settings.DEBUG = False
    started: list[_Gone] = []
    job_workers = supervision.JobWorkers(1, log=logging.getLogger(__name__))
    monkeypatch.setattr(job_workers, "_start_one", lambda: started.append(_Gone()) or started[-1])
    monkeypatch.setattr(conf, "_job_workers", job_workers)
    monkeypatch.setattr(supervision, "SUPERVISE_EVERY", 0.01)
    master = _Arbiter()
    conf.on_starting(master)
    try:
        for _ in range(3000):  # started again twice (after 0.01 s, then 0.02 s)
            if len(started) > 2:
                break
            threading.Event().wait(0.005)
        with pytest.raises(StopIteration):
            master.handle_term()
        seen = len(started)
        threading.Event().wait(0.5)  # it looks every 0.01 s, and would start one within 0.04
        assert len(started) == seen
    finally:
        conf.on_exit(master)
