"""A database with the seeds (and a synthetic catalogue) for the benchmarks.

PostgreSQL when DATABASE_URL is set (run the benchmark under .ci/with-postgres, which starts a
throwaway cluster), else a temporary SQLite file.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def seeded_database() -> tuple[Path, callable]:
    """Set Django up (DEBUG off, jobs in-process) on a fresh database holding the seeds.

    Returns a temporary folder the benchmark may use and a function that closes the connection
    and removes the folder (with a SQLite file in it).
    """
    folder = Path(tempfile.mkdtemp(prefix="duizhao-bench-"))
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(folder / "bench.sqlite3")
    os.environ["DUIZHAO_ALIGN_IN_BACKGROUND"] = "false"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("load_seeds", verbosity=0, stdout=io.StringIO())

    def cleanup() -> None:
        connection.close()
        shutil.rmtree(folder, ignore_errors=True)

    return folder, cleanup


def catalogue_database(plans: int, *, seed: int = 1, before=None) -> tuple[str, callable]:
    """Set Django up on a fresh database holding the seeds and ``plans`` synthetic plans.

    ``before`` runs after the seeds are loaded, before the catalogue is made. Returns the
    database's name for the report and a function that removes a SQLite file.
    """
    _, cleanup = seeded_database()

    from django.core.management import call_command
    from django.db import connection

    if before is not None:
        before()
    started = time.perf_counter()
    out = io.StringIO()
    call_command("make_catalogue", plans, seed=seed, stdout=out)
    print(f"{out.getvalue().strip()} ({time.perf_counter() - started:.1f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("SHOW server_version")
            name = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        import sqlite3

        name = f"SQLite {sqlite3.sqlite_version}"
    return name, cleanup
