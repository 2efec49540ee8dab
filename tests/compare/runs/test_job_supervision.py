"""gunicorn's master keeps its job workers: one killed with SIGKILL is replaced, and the job
queued meanwhile is done without anything done by hand; why its keeper ended is said; a reload
(SIGHUP) applies a number of job workers it reads anew, letting the jobs under way finish."""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest

from tests import servers

PAIR = "yunnan-2022-egov-plan,wangcang-2023-digital-gov-plan"


class Served(NamedTuple):
    base: str  # its address
    session: int  # the master's pid, and its session's id
    log: Path
    env: dict[str, str]


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    """A database migrated and seeded once, copied for each server."""
    where = tmp_path_factory.mktemp("seeded")
    env = servers.server_env(where, servers.free_port())
    servers.manage(env, "migrate", "--noinput")
    servers.manage(env, "load_seeds")
    return where / "served.sqlite3"


@contextmanager
def _gunicorn(
    database: Path, where: Path, *, config: str = "config/gunicorn.py"
) -> Iterator[Served]:
    """gunicorn as `make serve` starts it, one web process, once a job worker beats."""
    shutil.copy(database, where / "served.sqlite3")
    port = servers.free_port()
    # gunicorn's control socket, were it opened, would be here, not in the home shared by
    # every server one user starts.
    env = servers.server_env(
        where,
        port,
        WEB_WORKERS="1",
        JOB_WORKERS="1",
        DUIZHAO_JOB_HEARTBEAT="1",
        XDG_RUNTIME_DIR=str(where),
    )
    log = where / "gunicorn.log"
    master = servers.start(
        [sys.executable, "-m", "gunicorn", "--config", config, "config.wsgi"], env, log
    )
    try:
        base = f"http://127.0.0.1:{port}"
        servers.until(
            "a job worker beating",
            lambda: servers.health(base).get("jobs", {}).get("workers"),
            seconds=120,
            log=log,
        )
        yield Served(base, master.pid, log, env)
    finally:
        servers.stop(master)


@pytest.fixture(scope="module")
def server(database, tmp_path_factory) -> Iterator[Served]:
    """One server for the tests that leave it serving."""
    with _gunicorn(database, tmp_path_factory.mktemp("served")) as served:
        yield served


@pytest.fixture
def own_server(database, tmp_path) -> Iterator[Served]:
    """A server for a test that stops it."""
    with _gunicorn(database, tmp_path) as served:
        yield served


def _keeper_of(session: int, worker: int) -> int:
    return next(pid for pid in servers.processes(session) if servers.parent(worker) == pid)


def _killed_and_replaced(server: Served, pid: int, ending: set[int]) -> str:
    """Kills ``pid`` (SIGKILL), waits until every process of ``ending`` has stopped and one new job
    worker runs in their place (one, not one more), and returns the log."""
    os.kill(pid, signal.SIGKILL)
    session = server.session
    servers.until(
        f"processes {sorted(ending)} stopped",
        lambda: not ending & servers.processes(session),
        seconds=60,
        log=server.log,
    )
    servers.until(
        "a new job worker", lambda: servers.job_workers(session), seconds=60, log=server.log
    )
    assert len(servers.job_workers(session)) == 1
    return server.log.read_text()


def test_a_killed_job_worker_is_replaced_and_a_queued_alignment_completes(server):
    base, master, log = server.base, server.session, server.log
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


def test_a_killed_keeper_leaves_no_job_worker_behind_and_why_it_ended_is_said(server):
    # Its workers stop once it is gone (each finishing its job), and the keeper started in its
    # place runs its own: one worker, not one more each time.
    session = server.session
    (first,) = servers.job_workers(session)
    keeper = _keeper_of(session, first)

    text = _killed_and_replaced(server, keeper, {first})

    assert f"its keeper (pid {keeper}) is gone" in text
    # Why the keeper ended is said, though gunicorn's master reaps it.
    (said,) = [line for line in text.splitlines() if f"keeper (pid {keeper}) stopped" in line]
    assert "[WARNING]" in said and "it was killed by SIGKILL" in said


def test_a_killed_reporter_leaves_no_keeper_behind(server):
    # The keeper's parent half, which reports its end to the master, killed by hand: the keeper
    # stops its workers, and the one started in its place runs its own.
    session = server.session
    (first,) = servers.job_workers(session)
    keeper = _keeper_of(session, first)
    reporter = servers.parent(keeper)

    text = _killed_and_replaced(server, reporter, {first, keeper})

    assert f"its parent (pid {reporter}) is gone" in text
    (said,) = [line for line in text.splitlines() if f"keeper (pid {reporter}) stopped" in line]
    assert "[WARNING]" in said and "why is not known here" in said


def test_a_reload_keeps_the_job_workers_and_says_a_changed_environment_waits_for_a_restart(
    server,
):
    session, log = server.session, server.log
    (worker,) = servers.job_workers(session)
    keeper = _keeper_of(session, worker)
    booted = log.read_text().count("Booting worker")

    os.kill(session, signal.SIGHUP)

    servers.until(
        "a new web worker",
        lambda: log.read_text().count("Booting worker") > booted,
        seconds=60,
        log=log,
    )
    (said,) = [line for line in log.read_text().splitlines() if "job workers: still 1" in line]
    assert "[WARNING]" in said and "JOB_WORKERS" in said and "restarted" in said
    assert servers.job_workers(session) == {worker} and keeper in servers.processes(session)


def test_a_sighup_to_the_whole_group_reloads_and_leaves_the_keeper_and_its_worker_running(server):
    # `kill -HUP -PGID`, or a terminal's hang-up: the master reloads; the keeper, its reporting
    # half and its job worker are told too, and leave the reload to the master.
    session, log = server.session, server.log
    (worker,) = servers.job_workers(session)
    keeper = _keeper_of(session, worker)
    reporter = servers.parent(keeper)
    text = log.read_text()
    booted, warned = text.count("Booting worker"), text.count("job workers: still 1")
    web = int(re.findall(r"Booting worker with pid: (\d+)", text)[-1])

    os.killpg(session, signal.SIGHUP)

    servers.until(
        "the reload done",
        lambda: (
            (text := log.read_text()).count("Booting worker") > booted
            and text.count("job workers: still 1") > warned
        ),
        seconds=60,
        log=log,
    )
    assert servers.job_workers(session) == {worker}
    assert {keeper, reporter} <= servers.processes(session)
    # The web worker of before is stopped by the master's reload (SIGTERM: its requests under
    # way finish), not killed by the hang-up.
    servers.until(
        f"web worker {web} stopped",
        lambda: web not in servers.processes(session),
        seconds=60,
        log=log,
    )
    text = log.read_text()
    assert f"pid {reporter}) stopped" not in text and f"pid {worker}) stopped" not in text
    assert f"Worker (pid:{web}) was sent SIGHUP" not in text
    assert f"Worker exiting (pid: {web})" in text


def test_no_control_socket_is_opened_where_another_server_would_take_it_over(server):
    # gunicorn 27 opens one at $XDG_RUNTIME_DIR/gunicorn.ctl (else ~/.gunicorn/gunicorn.ctl),
    # one path for every server one user starts: the last started takes it over.
    assert not (server.log.parent / "gunicorn.ctl").exists()
    assert "Control socket" not in server.log.read_text()


def test_a_reload_that_reads_another_number_of_job_workers_applies_it_and_lets_a_job_finish(
    database, tmp_path
):
    # As a deployment whose gunicorn configuration reads the number anew at each reading.
    count = tmp_path / "job_workers"
    count.write_text("1")
    config = tmp_path / "gunicorn.py"
    config.write_text(
        "import os\n"
        f"os.environ['JOB_WORKERS'] = open({str(count)!r}).read()\n"
        f"exec(open({str(servers.ROOT / 'config' / 'gunicorn.py')!r}).read())\n"
    )
    with _gunicorn(database, tmp_path, config=str(config)) as served:
        base, session, log = served.base, served.session, served.log
        (first,) = servers.job_workers(session)
        old_keeper = _keeper_of(session, first)
        assert servers.get(f"{base}/compare/?plans={PAIR}")[0] == 202
        servers.until(
            "the alignment taken",
            lambda: servers.health(base).get("jobs", {}).get("waiting") == 0,
            seconds=60,
            log=log,
        )
        assert servers.get(f"{base}/compare/?plans={PAIR}")[0] == 202  # under way

        count.write_text("2")
        os.kill(session, signal.SIGHUP)

        servers.until(
            "two new job workers",
            lambda: len(servers.job_workers(session) - {first}) == 2,
            seconds=60,
            log=log,
        )
        servers.until(
            "the old keeper and its worker stopped",
            lambda: not {first, old_keeper} & servers.processes(session),
            seconds=120,
            log=log,
        )
        status, page = servers.get(f"{base}/compare/?plans={PAIR}")
        text = log.read_text()
        assert status == 200, text[-3000:]
        (said,) = [line for line in text.splitlines() if "job workers: 2 now" in line]
        assert "[WARNING]" in said
        # The job under way was finished by the worker that had it, not failed and queued again.
        assert "alignment run" not in text  # as the sweep says a run failed and queued again
        assert f"pid {first}) stopped" not in text

        os.kill(session, signal.SIGTERM)  # the master alone: its on_exit stops the new keeper
        servers.until(
            "every process stopped", lambda: not servers.processes(session), seconds=60, log=log
        )


def _queue_gated(env: dict[str, str], gate: Path) -> None:
    servers.manage(
        env,
        "shell",
        "-c",
        "from tests.compare.runs.gated import wait_for_release;"
        f" wait_for_release.enqueue({str(gate)!r})",
    )


def _task_status(env: dict[str, str]) -> str:
    return servers.manage(
        env,
        "shell",
        "-c",
        "from django_tasks_db.models import DBTaskResult;"
        " print(DBTaskResult.objects.get(task_path__endswith='wait_for_release').status)",
    ).split()[-1]  # after what the shell says of itself


def test_a_job_longer_than_the_stop_wait_finishes_on_a_worker_let_go_at_a_reload(
    database, tmp_path, monkeypatch
):
    # The stop wait (DUIZHAO_JOB_STOP_WAIT) bounds a job at a stop, not at a reload: the worker
    # a reload lets go runs its job to its end. A job the test releases, well past that wait.
    monkeypatch.setenv("DUIZHAO_JOB_STOP_WAIT", "1")
    count = tmp_path / "job_workers"
    count.write_text("1")
    config = tmp_path / "gunicorn.py"
    config.write_text(
        "import os\n"
        f"os.environ['JOB_WORKERS'] = open({str(count)!r}).read()\n"
        f"exec(open({str(servers.ROOT / 'config' / 'gunicorn.py')!r}).read())\n"
    )
    gate = tmp_path / "gate"
    with _gunicorn(database, tmp_path, config=str(config)) as served:
        session, log, env = served.session, served.log, served.env
        (first,) = servers.job_workers(session)
        old_keeper = _keeper_of(session, first)
        _queue_gated(env, gate)
        servers.until("the job taken", Path(f"{gate}.taken").exists, seconds=60, log=log)

        count.write_text("2")
        os.kill(session, signal.SIGHUP)
        servers.until(
            "the worker let go told to stop after its job",
            lambda: "Received Terminated - shutting down gracefully" in log.read_text(),
            seconds=60,
            log=log,
        )
        # Three times the stop wait, counted from the stop: a wait, not an assertion on time.
        threading.Event().wait(3)
        assert first in servers.processes(session) and _task_status(env) == "RUNNING"

        gate.touch()
        servers.until(
            "the old keeper and its worker stopped",
            lambda: not {first, old_keeper} & servers.processes(session),
            seconds=60,
            log=log,
        )
        assert _task_status(env) == "SUCCESSFUL"
        assert f"pid {first}) stopped" not in log.read_text()
        assert len(servers.job_workers(session)) == 2


def test_a_sigterm_to_the_whole_group_stops_every_job_process_and_starts_none(own_server):
    # systemd's default: the master, its web workers, the job workers' keeper and the job
    # workers are all told at once; the master runs on_exit only once its web workers stopped.
    session, log = own_server.session, own_server.log
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


def test_a_stop_wait_that_is_no_number_of_seconds_stops_the_keeper_naming_it():
    done = subprocess.run(
        [sys.executable, str(servers.ROOT / "config" / "workers.py"), "1"],
        env={**os.environ, "DUIZHAO_JOB_STOP_WAIT": "15s"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "DUIZHAO_JOB_STOP_WAIT must be a whole number of seconds, not '15s'" in done.stderr
