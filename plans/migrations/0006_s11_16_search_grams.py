"""Short words searched through an index too, on PostgreSQL: characters and character pairs.

pg_trgm cannot serve a pattern under three characters (it has no trigram), so a one- or
two-character word (安全, 云) read every section. This index holds, per section, every character
and every pair of neighbouring characters of the same expression the trigram index covers
(plans.searching.SearchText), so such a word is one key of a GIN index on an array. The
function makes pairs with a window over the characters: substr() on multibyte text is linear,
so pairs by position would be quadratic. Its high COST tells the planner to read the index
rather than compute it on rows, even on a small table (computing it takes about 0.06 ms a
row); config.settings turns JIT off, which such costs would otherwise switch on. SQLite keeps
scanning.
"""

from django.db import migrations

FUNCTION = "plans_search_grams"
INDEX = "plans_section_search_grams"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}(t text) RETURNS text[] "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$ "
        "SELECT string_to_array(t, NULL) || ARRAY("
        "SELECT c || n FROM (SELECT c, lead(c) OVER (ORDER BY o) AS n "
        "FROM unnest(string_to_array(t, NULL)) WITH ORDINALITY AS chars(c, o)) AS pairs "
        "WHERE n IS NOT NULL) $$"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON plans_section USING gin "
        f"(({FUNCTION}(LOWER(title_simplified || ' ' || body_simplified))))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(text)")


class Migration(migrations.Migration):
    dependencies = [("plans", "0005_search_index")]

    operations = [migrations.RunPython(create, drop)]
