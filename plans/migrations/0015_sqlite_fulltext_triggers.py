"""The full-text triggers again on SQLite: 0012 added columns with a default to plans_section,
which SQLite does by rebuilding the table, and the rebuild dropped 0008's triggers with the old
table, so sections imported since were not indexed. The index is refilled from the sections as
they are now; nothing happens on PostgreSQL."""

from __future__ import annotations

from importlib import import_module

from django.db import migrations

from plans.fulltext import register

fulltext = import_module("plans.migrations.0008_sqlite_fulltext")

EMPTY = [
    "DELETE FROM plans_search_plan",
    "INSERT INTO plans_search_text (plans_search_text) VALUES ('delete-all')",
    "INSERT INTO plans_search_grams (plans_search_grams) VALUES ('delete-all')",
]


def recreate(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    register(None, schema_editor.connection)
    for name in fulltext.NAMES:
        kind, table = name.split()
        if kind == "TRIGGER":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}")
    for statement in [*EMPTY, *fulltext.FILL, *fulltext.TRIGGERS]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("plans", "0014_section_vectors")]

    operations = [migrations.RunPython(recreate, migrations.RunPython.noop)]
