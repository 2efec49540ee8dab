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
    # Said at the default level, though gunicorn's master reaps every child it has.
    (said,) = [line for line in log.read_text().splitlines() if f"pid {killed}) stopped" in line]
    assert "[WARNING]" in said and "another starts in" in said
    assert "killed by SIGKILL (out of memory, or killed by hand)" in said
    health = servers.health(base)
    assert health["status"] == "ok" and health["jobs"]["waiting"] == 0


def test_a_sigterm_to_the_whole_group_stops_every_job_process_and_starts_none(server):
    # systemd's default: the master, its web workers, the job workers' keeper and the job
    # workers are all told at once; the master runs on_exit only once its web workers stopped.
    base, session, log = server
    servers.until(
        "a job worker beating",
        lambda: servers.health(base).get("jobs", {}).get("workers"),
        seconds=120,
        log=log,
    )
    assert len(servers.job_workers(session)) == 1

    os.killpg(session, signal.SIGTERM)

    servers.until(
        "every process stopped", lambda: not servers.processes(session), seconds=60, log=log
    )
    text = log.read_text()
    told = text.index("Handling signal: term")
    assert "starts in" not in text and "started (pid" not in text[told:]
    assert text.count("job worker started (pid") == 1
    assert text.count("job workers' keeper started (pid") == 1


def test_a_killed_keeper_leaves_no_job_worker_behind(server):
    # Its workers stop once it is gone (each finishing its job), and the keeper started in its
    # place runs its own: one worker, not one more each time.
    base, session, log = server
    servers.until(
        "a job worker beating",
        lambda: servers.health(base).get("jobs", {}).get("workers"),
        seconds=120,
        log=log,
    )
    (first,) = servers.job_workers(session)
    keeper = next(pid for pid in servers.processes(session) if servers.parent(first) == pid)

    os.kill(keeper, signal.SIGKILL)

    servers.until(
        "the dead keeper's worker stopped",
        lambda: first not in servers.job_workers(session),
        seconds=60,
        log=log,
    )
    servers.until("a new job worker", lambda: servers.job_workers(session), seconds=60, log=log)
    assert len(servers.job_workers(session)) == 1
    text = log.read_text()
    assert f"its keeper (pid {keeper}) is gone" in text
    # Why the keeper ended is said, though gunicorn's master reaps it.
    (said,) = [line for line in text.splitlines() if f"keeper (pid {keeper}) stopped" in line]
    assert "[WARNING]" in said and "it was killed by SIGKILL" in said


class _Gone:
    """A job worker process that has already stopped."""

    pid = 0
    stdin = None

    def poll(self) -> int:
        return 0

    def terminate(self) -> None:
        pass

    def wait(self, timeout: float | None = None) -> int:
        return 0

    kill = terminate


def test_once_told_to_stop_the_keeper_starts_no_job_worker_again_until_let_go(monkeypatch):
    # A SIGTERM to the whole group (systemd) stops the job workers with their keeper, which
    # stays until gunicorn's master, once its web workers stopped, closes its pipe (on_exit):
    # meanwhile the keeper starts none again, and the master has no dead keeper to replace.
    from config import workers as supervision

    started: list[_Gone] = []
    monkeypatch.setattr(
        supervision.JobWorkers, "_start_one", lambda self: started.append(_Gone()) or started[-1]
    )
    monkeypatch.setattr(supervision, "SUPERVISE_EVERY", 0.01)
    pipe, master_end = os.pipe()
    seen: list[int] = []

    def master() -> None:
        for _ in range(3000):  # started again twice (after 0.01 s, then 0.02 s)
            if len(started) > 2:
                break
            threading.Event().wait(0.005)
        os.kill(os.getpid(), signal.SIGTERM)  # to this process's main thread, in keep_running
        threading.Event().wait(0.2)
        seen.append(len(started))
        threading.Event().wait(0.5)  # it looks every 0.01 s, and would start one within 0.04
        seen.append(len(started))
        order.append("let go")
        os.close(master_end)  # on_exit

    order: list[str] = []
    helper = threading.Thread(target=master)
    helper.start()
    with os.fdopen(pipe, "rb") as tied_to:
        supervision.keep_running(1, log=logging.getLogger(__name__), tied_to=tied_to)
    order.append("returned")
    helper.join()
    assert seen[0] == seen[1] > 2
    assert order == ["let go", "returned"]


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (75, "status 75: a job ran past its time limit (DUIZHAO_JOB_LIMIT_*)"),
        (-signal.SIGKILL, "killed by SIGKILL (out of memory, or killed by hand)"),
        (-signal.SIGSEGV, "crashed (SIGSEGV)"),
        (-signal.SIGTERM, "stopped by SIGTERM"),
        (1, "status 1: an error (its last lines above say which)"),
        (0, "status 0: it was told to stop"),
    ],
)
def test_it_says_why_a_job_worker_stopped(status, said):
    from config.workers import exit_reason

    assert said in exit_reason(status)
