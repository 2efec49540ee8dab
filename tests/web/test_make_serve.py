"""`make serve` on a fresh database: gunicorn, DEBUG off, static files, CSP, the seeds loaded."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest

ROOT = Path(__file__).resolve().parents[2]


# What the test session sets for itself, not what a server is started with.
_NOT_PASSED = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _server_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _NOT_PASSED}
    return {**env, "SQLITE_PATH": str(tmp_path / "serve.sqlite3"), **extra}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, **headers: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, headers=headers), timeout=10
        ) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def served(tmp_path):
    port = _free_port()
    env = _server_env(
        tmp_path,
        HOST=f"127.0.0.1:{port}",
        SECRET_KEY_FILE=str(tmp_path / "secret"),
        JOB_WORKERS="0",
        WEB_WORKERS="2",
    )
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            time.sleep(0.5)
        else:
            pytest.fail(
                "make serve did not answer in 180 s:\n" + (tmp_path / "serve.log").read_text()
            )
        yield base, tmp_path
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        log.close()


def test_make_serve_serves_the_app_with_gunicorn_debug_off_static_and_csp(served):
    base, tmp_path = served
    status, headers, body = _get(base + "/")
    assert status == 200
    assert headers["Server"].startswith("gunicorn")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "旺苍县" in body.decode()  # the seeds were loaded into the empty database
    css = body.decode().split('rel="stylesheet" href="')[1].split('"')[0]
    status, headers, _ = _get(base + css)
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    # Collected under a name with its content's hash, so cached for a year or more.
    assert re.search(r"\.[0-9a-f]{12}\.css$", css), css
    max_age = re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1)
    assert int(max_age) >= 365 * 24 * 3600 and "immutable" in headers["Cache-Control"]
    status, headers, compressed = _get(base + css, **{"Accept-Encoding": "br"})
    assert status == 200 and headers["Content-Encoding"] == "br"
    assert brotli.decompress(compressed).startswith(_get(base + css)[2][:100])
    status, _, body = _get(base + "/no-such-page/")
    assert status == 404 and b"URLconf" not in body  # DEBUG is off
    assert len((tmp_path / "secret").read_text().strip()) >= 50


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"SECRET_KEY": "duizhao-development-key-not-for-production"}, "development key"),
        ({"SECRET_KEY": "abc"}, "too weak"),
        ({"SECRET_KEY": "k" * 80}, "too weak"),
        ({"SECRET_KEY": "check-only-key-0123456789-abcdefghijklmnopqrstuvwxyz"}, "repository"),
        ({"DEBUG": "true"}, "DEBUG is on"),
    ],
)
def test_make_serve_refuses_debug_and_public_or_weak_keys(tmp_path, env, says):
    env = _server_env(tmp_path, SECRET_KEY_FILE=str(tmp_path / "secret"), **env)
    result = subprocess.run(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert says in result.stdout + result.stderr
    assert not (tmp_path / "serve.sqlite3").exists()  # refused before touching anything
