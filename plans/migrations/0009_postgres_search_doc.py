"""PostgreSQL: the searched text of every section in a narrow table of its own, with its indexes.

Counting the matches per plan of a broad word (数据, in 54,000 sections) through the indexes of
0005 and 0006 reads the wide section rows (and, for a trigram match, lower-cases title and text
again on each): about 100 ms on 1,000 plans. plans_search_doc holds only the section's id, its
plan and plans.searching.SearchText, computed once; the same two GIN indexes on it make that
count about three times faster. Triggers keep it in step with plans_section (insert, update of
the searched columns, delete, truncate), so the expression here must stay that of SearchText.
SQLite has its own tables (0008).
"""

from __future__ import annotations

from django.db import migrations

TEXT = "LOWER({row}.title_simplified || ' ' || {row}.body_simplified)"

CREATE = [
    "CREATE TABLE plans_search_doc "
    "(id bigint PRIMARY KEY, plan_id bigint NOT NULL, text text NOT NULL)",
    "CREATE FUNCTION plans_search_doc_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP IN ('DELETE', 'UPDATE') THEN DELETE FROM plans_search_doc WHERE id = OLD.id; "
    "END IF; "
    "IF TG_OP IN ('INSERT', 'UPDATE') THEN "
    "INSERT INTO plans_search_doc (id, plan_id, text) "
    f"VALUES (NEW.id, NEW.plan_id, {TEXT.format(row='NEW')}); END IF; "
    "RETURN NULL; END $$",
    "CREATE FUNCTION plans_search_doc_clear() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "TRUNCATE plans_search_doc; RETURN NULL; END $$",
    "CREATE TRIGGER plans_section_search_doc AFTER INSERT OR DELETE "
    "OR UPDATE OF plan_id, title_simplified, body_simplified ON plans_section "
    "FOR EACH ROW EXECUTE FUNCTION plans_search_doc_sync()",
    # Django's flush (tests) truncates the sections; a stale row here would be counted.
    "CREATE TRIGGER plans_section_search_doc_truncate AFTER TRUNCATE ON plans_section "
    "FOR EACH STATEMENT EXECUTE FUNCTION plans_search_doc_clear()",
    "INSERT INTO plans_search_doc (id, plan_id, text) "
    f"SELECT s.id, s.plan_id, {TEXT.format(row='s')} FROM plans_section s",
    "CREATE INDEX plans_search_doc_trgm ON plans_search_doc USING gin (text gin_trgm_ops)",
    # The page's sections: the matching rows of 20 plans.
    "CREATE INDEX plans_search_doc_plan ON plans_search_doc (plan_id)",
    "CREATE INDEX plans_search_doc_grams ON plans_search_doc USING gin (plans_search_grams(text))",
]
DROP = [
    "DROP TRIGGER IF EXISTS plans_section_search_doc_truncate ON plans_section",
    "DROP TRIGGER IF EXISTS plans_section_search_doc ON plans_section",
    "DROP FUNCTION IF EXISTS plans_search_doc_clear()",
    "DROP FUNCTION IF EXISTS plans_search_doc_sync()",
    "DROP TABLE IF EXISTS plans_search_doc",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("plans", "0008_sqlite_fulltext")]

    operations = [migrations.RunPython(create, drop)]
