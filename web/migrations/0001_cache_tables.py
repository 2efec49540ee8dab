"""The database caches' tables (the `limits` cache: per-client counters every server process
shares), created by `migrate` so that it is the only step a deployment needs.

A table rather than a store that needs none: the counters must be shared by every server
process (and machine) and survive restarts, and the database is the one store every deployment
already has. Django's own `createcachetable` does the work, and skips a table that exists.

Until the web helpers left config/ this migration was `config.0001_cache_tables`. A database
that recorded it takes this one as applied (``replaces``); were it run again, createcachetable
would leave the existing tables alone.
"""

from __future__ import annotations

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    replaces = [("config", "0001_cache_tables")]
    dependencies: list = []

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
