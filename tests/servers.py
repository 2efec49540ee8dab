"""Real servers and job workers started by tests, as `make serve` and `make run` start them, each
in a session of its own (so that the test stops every process it started, and only those)."""

from __future__ import annotations

import contextlib
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

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(tmp_path: Path, port: int, **more: str) -> dict[str, str]:
    """The environment of a server on ``port`` with a database of its own in ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env.update(
        SQLITE_PATH=str(tmp_path / "served.sqlite3"),
        SECRET_KEY=secrets.token_urlsafe(50),
        HOST=f"127.0.0.1:{port}",
        **more,
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    """Run ``manage.py *args`` with ``env``; its standard output."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: subprocess.Popen) -> None:
    """Stop ``process`` and everything in its session (if a test has not already)."""
    try:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # what did not stop


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def health(base: str) -> dict:
    try:
        return json.loads(get(base + "/healthz")[1])
    except (OSError, ValueError):
        return {}


def job_workers(session: int) -> set[int]:
    """Pids of the processes of ``session`` that run `manage.py worker` (not its supervisor)."""
    return {
        pid
        for pid, args in _processes(session)
        if args[-2:-1] and args[-2].endswith(b"manage.py") and args[-1] == b"worker"
    }


def processes(session: int) -> set[int]:
    """Pids of the processes of ``session`` still running (zombies left out)."""
    return {pid for pid, _ in _processes(session)}


def parent(pid: int) -> int:
    return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])


def _processes(session: int) -> list[tuple[int, list[bytes]]]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state, _, _, sid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:4]
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        if int(sid) == session and state != "Z":
            found.append((int(entry.name), [c for c in command if c]))
    return found


def until(what: str, condition, *, seconds: float, log: Path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.5)
    pytest.fail(f"{what} within {seconds:.0f} s:\n{log.read_text()[-4000:]}")
