"""Search through a trigram index on PostgreSQL (pg_trgm); SQLite keeps scanning.

The indexed expression is plans.searching.SearchText: keep the two alike, or the index is not
used. pg_trgm makes trigrams of Chinese text only in a cluster with a UTF-8 locale.
"""

from django.db import migrations

INDEX = "plans_section_search_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON plans_section USING gin "
        "((LOWER(title_simplified || ' ' || body_simplified)) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_metadata_sources")]

    operations = [migrations.RunPython(create, drop)]
