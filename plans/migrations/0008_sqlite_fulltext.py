"""Search through FTS5 on SQLite: a trigram index, an index of characters and pairs, and a
section-to-plan map, kept in step with plans_section by triggers (plans.fulltext says what each
holds). Nothing happens on PostgreSQL, which has its own indexes (0005, 0006).

The two FTS5 tables are contentless: they keep only the index, and a trigger removes a row by
giving the values it was indexed with, recomputed from the old section row, so the indexed
expressions here must stay identical in all three triggers. A later migration that makes SQLite
rebuild plans_section (an altered column) drops these triggers with the old table: it must
create them again (tests/plans/test_search.py checks that imports and deletes still reach the index).
"""

from django.db import migrations

from plans.fulltext import FUNCTION, register

TEXT = "LOWER({row}.title_simplified || ' ' || {row}.body_simplified)"
# Every printable ASCII sign is a token character, so a token is exactly one gram.
SIGNS = "".join(chr(c) for c in range(0x21, 0x7F) if not chr(c).isalnum())
GRAMS_TOKENIZER = "ascii tokenchars '{}'".format(SIGNS.replace("'", "''"))

TABLES = [
    "CREATE TABLE plans_search_plan (id integer NOT NULL PRIMARY KEY, plan_id integer NOT NULL)",
    "CREATE VIRTUAL TABLE plans_search_text USING fts5("
    "text, content='', columnsize=0, tokenize='trigram case_sensitive 1')",
    "CREATE VIRTUAL TABLE plans_search_grams USING fts5(grams, content='', columnsize=0, "
    'detail=none, tokenize="{}")'.format(GRAMS_TOKENIZER.replace('"', '""')),
]


def _add(row: str) -> str:
    text = TEXT.format(row=row)
    return (
        f"INSERT INTO plans_search_plan (id, plan_id) VALUES ({row}.id, {row}.plan_id); "
        f"INSERT INTO plans_search_text (rowid, text) VALUES ({row}.id, {text}); "
        f"INSERT INTO plans_search_grams (rowid, grams) VALUES ({row}.id, {FUNCTION}({text}));"
    )


def _remove(row: str) -> str:
    text = TEXT.format(row=row)
    return (
        f"DELETE FROM plans_search_plan WHERE id = {row}.id; "
        "INSERT INTO plans_search_text (plans_search_text, rowid, text) "
        f"VALUES ('delete', {row}.id, {text}); "
        "INSERT INTO plans_search_grams (plans_search_grams, rowid, grams) "
        f"VALUES ('delete', {row}.id, {FUNCTION}({text}));"
    )


TRIGGERS = [
    f"CREATE TRIGGER plans_section_search_insert AFTER INSERT ON plans_section BEGIN "
    f"{_add('NEW')} END",
    f"CREATE TRIGGER plans_section_search_delete AFTER DELETE ON plans_section BEGIN "
    f"{_remove('OLD')} END",
    "CREATE TRIGGER plans_section_search_update "
    "AFTER UPDATE OF plan_id, title_simplified, body_simplified ON plans_section BEGIN "
    f"{_remove('OLD')} {_add('NEW')} END",
]
FILL = [
    "INSERT INTO plans_search_plan (id, plan_id) SELECT id, plan_id FROM plans_section",
    f"INSERT INTO plans_search_text (rowid, text) SELECT id, {TEXT.format(row='s')} "
    "FROM plans_section s",
    f"INSERT INTO plans_search_grams (rowid, grams) SELECT id, {FUNCTION}({TEXT.format(row='s')}) "
    "FROM plans_section s",
]
NAMES = [
    "TRIGGER plans_section_search_insert",
    "TRIGGER plans_section_search_delete",
    "TRIGGER plans_section_search_update",
    "TABLE plans_search_grams",
    "TABLE plans_search_text",
    "TABLE plans_search_plan",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    register(None, schema_editor.connection)  # in case the connection predates the app's ready()
    for statement in [*TABLES, *FILL, *TRIGGERS]:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in NAMES:
            kind, table = name.split()
            schema_editor.execute(f"DROP {kind} IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [("plans", "0007_source_url_http_only")]

    operations = [migrations.RunPython(create, drop)]
