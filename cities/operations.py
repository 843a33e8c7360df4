from django.db.migrations.operations.base import Operation


class CreateTrigramIndex(Operation):
    """A pg_trgm GIN index on a text column, made on PostgreSQL and skipped elsewhere.

    Searches for part of a name (LIKE '%…%') cannot use a b-tree index; a trigram
    index serves them. SQLite has no equivalent, so the index is not declared in the
    model's Meta and the migration state does not know it.
    """

    reversible = True

    def __init__(self, name, table, column):
        self.name, self.table, self.column = name, table, column

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.name, self.table, self.column], {})

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(self.name)} ON {quote(self.table)} "
            f"USING gin ({quote(self.column)} gin_trgm_ops)"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.name)}")

    def describe(self):
        return f"Create trigram index {self.name} on {self.table}.{self.column} (PostgreSQL)"
