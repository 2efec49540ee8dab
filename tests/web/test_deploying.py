"""What a deployment needs: `migrate` is the only step before a visitor can use the app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SAVE_A_COMPARISON = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("load_seeds", verbosity=0)
response = Client().post(
    "/compare/save/",
    {"plans": "yunnan-2022-egov-plan,wangcang-2023-digital-gov-plan", "query": "",
     "title": "", "note": ""},
)
print("saved:", response.status_code, response.get("Location", ""))
"""


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    env.update(
        SQLITE_PATH=str(tmp_path / "fresh.sqlite3"),
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="true",
        DUIZHAO_ALIGN_IN_BACKGROUND="false",
    )
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_on_a_fresh_database_migrate_alone_lets_a_visitor_save_a_comparison(tmp_path):
    migrated = _run(["manage.py", "migrate", "--noinput"], tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    saved = _run(["-c", _SAVE_A_COMPARISON], tmp_path)
    assert saved.returncode == 0, saved.stderr
    status, location = saved.stdout.split("saved:")[-1].split()
    assert status == "302" and location.startswith("/c/"), saved.stdout
