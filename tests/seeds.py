"""The seed documents in a test's database: imported once per test process, then copied back.

A transactional test (the browser's, the servers') empties the database when it ends, and the
next test that reads the seeds needs them again. Importing the nine documents parses, reads
targets and duties and indexes every section; the rows it wrote are the same every time, so
after the first import this process keeps them and writes them back (ids included) into an
empty database instead.
"""

from __future__ import annotations

import io

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

_kept: list[tuple[type, list[dict]]] | None = None


def _models() -> tuple[type, ...]:
    from plans.models import Era, Jurisdiction, Plan, PlanCitation, PlanTitleKey, Section, Target

    # parents before children
    return (Jurisdiction, Era, Plan, PlanTitleKey, PlanCitation, Section, Target)


def load_seeds() -> None:
    """As `manage.py load_seeds` does (a second call changes nothing)."""
    global _kept
    empty = not any(model.objects.exists() for model in _models())
    if empty and _kept is not None:
        _write_back(_kept)
        return
    call_command("load_seeds", verbosity=0, stdout=io.StringIO())
    if empty and _kept is None:
        _kept = [(model, list(model.objects.order_by("pk").values())) for model in _models()]


def _write_back(kept: list[tuple[type, list[dict]]]) -> None:
    with transaction.atomic():
        for model, rows in kept:
            model.objects.bulk_create([model(**row) for row in rows], batch_size=500)
        # PostgreSQL's sequences don't see rows written with their ids.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [m for m, _ in kept]):
                cursor.execute(sql)
