"""A job stuck past its time limit ends its worker process (status 75), and whatever started
the workers starts a fresh one that takes the next job: gunicorn's master under `make serve`,
`make run` under `make run`. Real servers and workers, a limit of 2 s, an import job whose
reading never returns (tests/wedging.py), and an alignment queued behind it."""

from __future__ import annotations

import sys

import pytest

from tests import servers

PAIR = "yunnan-2022-egov-plan,wangcang-2023-digital-gov-plan"
LIMITS = {
    "DUIZHAO_JOB_HEARTBEAT": "1",
    "DUIZHAO_JOB_DEAD_AFTER": "10",
    "DUIZHAO_JOB_LIMIT_IMPORT": "2",
    "DUIZHAO_ALIGN_BY_MEANING": "false",
}
# `make run` as a person types it, without reinstalling the virtual environment or compiling
# the translations (the checkout's own are used).
MAKE_RUN = ["make", "--no-print-directory", "-o", ".venv/.installed", "-o", "messages", "run"]
GUNICORN = [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.py", "config.wsgi"]


@pytest.fixture(params=["make serve", "make run"])
def served(request, tmp_path):
    port = servers.free_port()
    env = servers.server_env(tmp_path, port, WEB_WORKERS="1", JOB_WORKERS="1", **LIMITS)
    if request.param == "make serve":
        servers.manage(env, "migrate", "--noinput")
        servers.manage(env, "load_seeds")
        command = GUNICORN
    else:
        command = [*MAKE_RUN, f"HOST=127.0.0.1:{port}"]
    log = tmp_path / "server.log"
    process = servers.start(command, env, log)
    try:
        yield f"http://127.0.0.1:{port}", process.pid, env, log
    finally:
        servers.stop(process)


def test_a_fresh_worker_takes_the_next_job_after_one_stuck_past_its_limit(served):
    base, session, env, log = served
    servers.until(
        "a job worker beating",
        lambda: servers.health(base).get("jobs", {}).get("workers"),
        seconds=240,
        log=log,
    )
    (first,) = servers.job_workers(session)

    stuck = servers.manage(
        env,
        "shell",
        "-v",
        "0",
        "-c",
        "from tests.wedging import queue_stuck_import as q; print(q())",
    ).strip()
    servers.until(
        "the stuck job taken",
        lambda: _import_status(env, stuck) == "running",
        seconds=60,
        log=log,
    )
    assert servers.get(f"{base}/compare/?plans={PAIR}")[0] == 202  # queued behind it

    servers.until(
        "the stuck job's worker gone",
        lambda: first not in servers.job_workers(session),
        seconds=60,
        log=log,
    )
    servers.until(
        "the queued alignment done by a fresh worker",
        lambda: servers.get(f"{base}/compare/?plans={PAIR}")[0] == 200,
        seconds=120,
        log=log,
    )
    assert len(servers.job_workers(session) - {first}) == 1
    text = log.read_text()
    assert "ran longer than its limit of 2 s" in text and "exits (status 75)" in text
    # Its supervisor says why it stopped too (under gunicorn, whose master reaps every child, a
    # keeper of the job workers' own learns it).
    (said,) = [line for line in text.splitlines() if f"job worker (pid {first}) stopped" in line]
    assert "WARNING" in said and "status 75: a job ran past its time limit" in said
    servers.until(
        "the stuck import failed as too long",
        lambda: _import_status(env, stuck) == "failed",
        seconds=60,
        log=log,
    )


def _import_status(env: dict[str, str], pk: str) -> str:
    code = f"from plans.models import PendingImport as P; print(P.objects.get(pk={pk}).status)"
    return servers.manage(env, "shell", "-v", "0", "-c", code).strip()
