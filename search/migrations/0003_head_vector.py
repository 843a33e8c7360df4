"""PostgreSQL: a second, small vector of the title and summary only (`head`), with
its own GIN index, kept by the same trigger. A word as common as « caméra » is in
most entries of a corpus about surveillance: ranking every match would read every
body's vector. Results are ranked among a bounded window of candidates per group
instead, title and summary matches first (search.backends). SQLite's FTS5 needs
nothing more: a column filter reads the title and summary alone."""

from django.db import migrations

POSTGRESQL = [
    "ALTER TABLE search_searchentry ADD COLUMN head tsvector",
    """CREATE OR REPLACE FUNCTION search_entry_vector() RETURNS trigger AS $$
       BEGIN
         NEW.head :=
           setweight(to_tsvector('french_unaccent', coalesce(NEW.title, '')), 'A') ||
           setweight(to_tsvector('french_unaccent', coalesce(NEW.summary, '')), 'B');
         NEW.vector := NEW.head ||
           setweight(to_tsvector('french_unaccent', coalesce(NEW.body, '')), 'C');
         RETURN NEW;
       END $$ LANGUAGE plpgsql""",
    "UPDATE search_searchentry SET title = title",
    # Every search asks within one group: GIN indexes on (group, vector), so that a
    # group's matches are found without reading the other groups' (btree_gin).
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    'CREATE INDEX search_entry_group_head ON search_searchentry USING gin ("group", head)',
    'CREATE INDEX search_entry_group_vector ON search_searchentry USING gin ("group", vector)',
    "DROP INDEX search_entry_vector",
    'CREATE INDEX search_entry_group ON search_searchentry ("group")',
]
POSTGRESQL_REVERSE = [
    "DROP INDEX search_entry_group",
    "CREATE INDEX search_entry_vector ON search_searchentry USING gin (vector)",
    "DROP INDEX search_entry_group_vector",
    "DROP INDEX search_entry_group_head",
    "ALTER TABLE search_searchentry DROP COLUMN head",
]


def statements(forward):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in POSTGRESQL if forward else POSTGRESQL_REVERSE:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_structures")]

    operations = [migrations.RunPython(statements(True), statements(False))]
