"""The production server's safe defaults: headers, CSP, compression, health, request ids."""

from __future__ import annotations

import gzip
import logging
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from compare.models import JobWorker
from compare.runs import queue
from compare.runs.queue import registered_worker
from config.safety import key_problem
from web.keyfile import ensure_key_file
from web.storage import StaticFilesStorage

ROOT = Path(__file__).resolve().parents[2]


def _crash(request):
    raise RuntimeError("boom")


urlpatterns = [path("crash/", _crash), path("ok/", lambda request: HttpResponse("ok"))]


def _python(code: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_debug_is_off_unless_asked_for(tmp_path):
    code = "from django.conf import settings; print(settings.DEBUG)"
    assert _python(code, SECRET_KEY_FILE=str(tmp_path / "k")).stdout.strip() == "False"
    assert _python(code, DEBUG="true").stdout.strip() == "True"


def test_allowed_hosts_may_be_written_with_spaces_after_commas():
    code = "from django.conf import settings; print(settings.ALLOWED_HOSTS)"
    read = _python(code, ALLOWED_HOSTS="duizhao.example.org, www.example.org ,")
    assert read.stdout.strip() == "['duizhao.example.org', 'www.example.org']"
    # Nothing: Django's deploy check then says ALLOWED_HOSTS is empty (every request is refused).
    assert _python(code, ALLOWED_HOSTS=" ").stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("HTTPS", "ture", "HTTPS must be true or false (or 1/0, yes/no, on/off), not 'ture'"),
        ("DEBUG", "flase", "DEBUG must be true or false"),
        (
            "DUIZHAO_JOB_LIMIT_ALIGN",
            "30m",
            "DUIZHAO_JOB_LIMIT_ALIGN must be a whole number, not '30m'",
        ),
        (
            "DUIZHAO_TASKS",
            "redis",
            "DUIZHAO_TASKS must be one of database, rq, immediate, not 'redis'",
        ),
    ],
)
def test_a_setting_that_cannot_be_read_stops_the_app_naming_it(variable, value, says):
    # A typo must not turn HTTPS off, or DEBUG on, without a word.
    read = _python("import django; django.setup()", **{variable: value})
    assert read.returncode != 0
    assert says in read.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("variable", ["WEB_WORKERS", "WEB_THREADS", "JOB_WORKERS"])
def test_the_production_server_names_a_count_it_cannot_read(variable):
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    read = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", "config/gunicorn.py"]
        + ["config.wsgi"],
        cwd=ROOT,
        env={**base, "SECRET_KEY": secrets.token_urlsafe(50), variable: "two"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert f"{variable} must be a whole number, not 'two'" in read.stderr, read.stderr


def test_the_wsgi_app_refuses_the_development_key_with_debug_off(tmp_path):
    refused = _python("import config.wsgi", SECRET_KEY_FILE=str(tmp_path / "none"))
    assert refused.returncode != 0
    assert "development key" in refused.stderr
    served = _python("import config.wsgi", SECRET_KEY=secrets.token_urlsafe(50))
    assert served.returncode == 0, served.stderr


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("abc", "too weak"),
        ("ab" * 40, "too weak"),  # long, but 2 different characters
        ("check-only-key-0123456789-abcdefghijklmnopqrstuvwxyz", "repository"),
    ],
)
def test_the_wsgi_app_refuses_short_and_public_keys_with_debug_off(key, says):
    refused = _python("import config.wsgi", SECRET_KEY=key)
    assert refused.returncode != 0 and says in refused.stderr


def test_every_key_written_in_the_repository_is_refused(settings):
    settings.DEBUG = False
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    keys = {settings.DEVELOPMENT_SECRET_KEY}
    for name in filter(None, tracked):
        try:
            text = (ROOT / name).read_text()
        except (UnicodeDecodeError, IsADirectoryError, FileNotFoundError):
            continue
        keys.update(re.findall(r"SECRET_KEY[\"']?\s*[=:]\s*[\"']?([\w.~+/-]{3,})", text))
    refused = {key for key in keys if key_problem(key)}
    assert refused == keys


def test_the_key_file_is_generated_once_and_private(tmp_path):
    key = tmp_path / ".secret_key"
    assert ensure_key_file(key) is True
    first = key.read_text()
    assert len(first.strip()) >= 50 and oct(key.stat().st_mode & 0o777) == "0o600"
    assert ensure_key_file(key) is False and key.read_text() == first
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    assert _python(code, SECRET_KEY_FILE=str(key)).stdout.strip() == first.strip()


def test_health_answers_with_the_database_state(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "jobs": {
            "workers": 0,
            "waiting": 0,
            "oldest_waiting_seconds": None,
            "last_worker_seen_seconds": None,
        },
    }
    assert "no-cache" in response["Cache-Control"]


def _queue_a_job(ago: timedelta) -> None:
    entry = DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="compare.runs.jobs.align_plan_set",
        backend_name="default",
        run_after=timezone.now(),
    )
    DBTaskResult.objects.filter(pk=entry.pk).update(enqueued_at=timezone.now() - ago)


def test_health_reports_live_workers_and_the_oldest_waiting_job(client, db):
    _queue_a_job(timedelta(seconds=90))
    with registered_worker():
        jobs = client.get("/healthz").json()["jobs"]
    assert jobs["workers"] == 1 and jobs["waiting"] == 1
    assert 90 <= jobs["oldest_waiting_seconds"] < 120
    assert jobs["last_worker_seen_seconds"] < 5
    assert not JobWorker.objects.exists()  # a worker that stops says so


def test_health_answers_503_when_jobs_wait_and_no_worker_was_seen_for_a_minute(client, db):
    assert client.get("/healthz").status_code == 200  # no worker, but nothing waits
    _queue_a_job(timedelta(seconds=5))
    response = client.get("/healthz")
    assert response.status_code == 503 and "no job worker" in response.json()["jobs"]["error"]
    killed = JobWorker.objects.create(name="host:1", heartbeat_at=timezone.now())
    assert client.get("/healthz").status_code == 200  # seen just now
    JobWorker.objects.filter(pk=killed.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=61)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["jobs"]["workers"] == 0
    assert response.json()["jobs"]["last_worker_seen_seconds"] >= 61


def test_health_answers_503_saying_why_when_the_job_queue_cannot_be_read(client, db, monkeypatch):
    def broker_down():
        raise ConnectionError("Error 111 connecting to localhost:6379. Connection refused.")

    monkeypatch.setattr(queue, "_waiting_jobs", broker_down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == (
        b'{"status": "error", "database": "ok", "jobs": '
        b'{"error": "Error 111 connecting to localhost:6379. Connection refused."}}'
    )


def test_pages_carry_a_csp_whose_nonce_their_scripts_use(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all(f'nonce="{nonce}"' in s or "src=" in s for s in scripts)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_html_is_compressed_for_clients_that_accept_it(client, db):
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)


def test_every_response_carries_a_request_id(client, db):
    generated = client.get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    given = client.get("/healthz", headers={"X-Request-ID": "proxy-id-12345"})
    assert given["X-Request-ID"] == "proxy-id-12345"
    hostile = client.get("/healthz", headers={"X-Request-ID": "<script>\nx"})
    assert hostile["X-Request-ID"] != "<script>\nx"


@pytest.mark.urls("tests.web.test_serving")
def test_errors_are_logged_with_the_request_id(client, db, settings):
    handler = logging.getLogger().handlers[0]
    records: list[str] = []
    capture = logging.Handler()
    capture.addFilter(handler.filters[0])
    capture.setFormatter(handler.formatter)
    capture.emit = lambda record: records.append(capture.format(record))
    logging.getLogger("django.request").addHandler(capture)
    try:
        client.raise_request_exception = False
        response = client.get("/crash/", headers={"X-Request-ID": "trace-me-123456"})
    finally:
        logging.getLogger("django.request").removeHandler(capture)
    assert response.status_code == 500
    assert response["X-Request-ID"] == "trace-me-123456"
    assert any("[trace-me-123456]" in line and "RuntimeError: boom" in line for line in records)


def test_a_404_does_not_list_the_urls(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    # The site's own 404 page links to the admin as every page does; what must not show is the
    # list of URL patterns Django's debug page gives (healthz, <slug:slug>...).
    assert b"URLconf" not in response.content
    assert b"slug:slug" not in response.content and b"healthz" not in response.content


def test_static_names_stay_plain_where_nothing_was_collected(tmp_path, settings):
    settings.DEBUG = False
    assert StaticFilesStorage(location=tmp_path).url("css/duizhao.css") == "/static/css/duizhao.css"
    (tmp_path / "staticfiles.json").write_text(
        '{"paths": {"css/duizhao.css": "css/duizhao.0123456789ab.css"}, "version": "1.1"}'
    )
    collected = StaticFilesStorage(location=tmp_path)
    assert collected.url("css/duizhao.css") == "/static/css/duizhao.0123456789ab.css"
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        collected.url("css/new.css")  # a stale collection is noticed
