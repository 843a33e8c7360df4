"""The database's own full-text structures over SearchEntry (see search.models):

- PostgreSQL: a text search configuration `french_unaccent` (French stemming after
  unaccent), a `vector` column (title weighted A, summary B, body C) kept by a
  trigger, and a GIN index on it.
- SQLite: an FTS5 table `search_fts` whose content is SearchEntry (external content,
  diacritics removed), kept in step by triggers.
"""

from django.db import migrations

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
         CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
       EXCEPTION WHEN unique_violation THEN NULL;
       END $$""",
    """ALTER TEXT SEARCH CONFIGURATION french_unaccent
         ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem""",
    "ALTER TABLE search_searchentry ADD COLUMN vector tsvector",
    """CREATE FUNCTION search_entry_vector() RETURNS trigger AS $$
       BEGIN
         NEW.vector :=
           setweight(to_tsvector('french_unaccent', coalesce(NEW.title, '')), 'A') ||
           setweight(to_tsvector('french_unaccent', coalesce(NEW.summary, '')), 'B') ||
           setweight(to_tsvector('french_unaccent', coalesce(NEW.body, '')), 'C');
         RETURN NEW;
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER search_entry_vector BEFORE INSERT OR UPDATE OF title, summary, body
       ON search_searchentry FOR EACH ROW EXECUTE FUNCTION search_entry_vector()""",
    "CREATE INDEX search_entry_vector ON search_searchentry USING gin (vector)",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER search_entry_vector ON search_searchentry",
    "DROP FUNCTION search_entry_vector()",
    "ALTER TABLE search_searchentry DROP COLUMN vector",
]

SQLITE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
         title, summary, body,
         content='search_searchentry', content_rowid='id',
         tokenize='unicode61 remove_diacritics 2'
       )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
         INSERT INTO search_fts (rowid, title, summary, body)
         VALUES (new.id, new.title, new.summary, new.body);
       END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
         INSERT INTO search_fts (search_fts, rowid, title, summary, body)
         VALUES ('delete', old.id, old.title, old.summary, old.body);
       END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN
         INSERT INTO search_fts (search_fts, rowid, title, summary, body)
         VALUES ('delete', old.id, old.title, old.summary, old.body);
         INSERT INTO search_fts (rowid, title, summary, body)
         VALUES (new.id, new.title, new.summary, new.body);
       END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_fts_update",
    "DROP TRIGGER search_fts_delete",
    "DROP TRIGGER search_fts_insert",
    "DROP TABLE search_fts",
]


def statements(forward):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            sql = POSTGRESQL if forward else POSTGRESQL_REVERSE
        elif vendor == "sqlite":
            sql = SQLITE if forward else SQLITE_REVERSE
        else:
            raise NotImplementedError(f"no full-text search for {vendor}")
        for statement in sql:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(statements(True), statements(False))]
