"""gunicorn's master keeps its job workers: one killed with SIGKILL is replaced, and the job
queued meanwhile is done without anything done by hand."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PAIR = "yunnan-2022-egov-plan,wangcang-2023-digital-gov-plan"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _job_workers(master: int) -> set[int]:
    """Pids of the master's children that run `manage.py worker`."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        if ppid == master and b"worker" in command and any(b"manage.py" in c for c in command):
            found.add(int(entry.name))
    return found


def _until(what: str, condition, *, seconds: float, log: Path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.5)
    pytest.fail(f"{what} within {seconds:.0f} s:\n{log.read_text()[-4000:]}")


@pytest.fixture
def server(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env.update(
        SQLITE_PATH=str(tmp_path / "served.sqlite3"),
        SECRET_KEY=secrets.token_urlsafe(50),
        HOST=f"127.0.0.1:{port}",
        WEB_WORKERS="1",
        JOB_WORKERS="1",
        DUIZHAO_JOB_HEARTBEAT="1",
    )
    for step in (["migrate", "--noinput"], ["load_seeds"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *step], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        master = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.py", "config.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        yield base, master.pid, log
    finally:
        os.killpg(master.pid, signal.SIGTERM)
        master.wait(timeout=60)


def _health(base: str) -> dict:
    try:
        return json.loads(_get(base + "/healthz")[1])
    except OSError:
        return {}


def test_a_killed_job_worker_is_replaced_and_a_queued_alignment_completes(server):
    base, master, log = server
    _until(
        "a job worker beating",
        lambda: _health(base).get("jobs", {}).get("workers"),
        seconds=120,
        log=log,
    )
    (killed,) = _job_workers(master)

    os.kill(killed, signal.SIGKILL)
    assert _get(f"{base}/compare/?plans={PAIR}")[0] == 202  # queued, not done

    replaced = _until(
        "a new job worker", lambda: _job_workers(master) - {killed}, seconds=30, log=log
    )
    assert len(replaced) == 1
    _until(
        "the queued alignment done",
        lambda: _get(f"{base}/compare/?plans={PAIR}")[0] == 200,
        seconds=90,
        log=log,
    )
    assert "stopped: another starts in" in log.read_text()
    health = _health(base)
    assert health["status"] == "ok" and health["jobs"]["waiting"] == 0
