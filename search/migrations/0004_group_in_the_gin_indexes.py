"""Two indexes that only cost writes.

- PostgreSQL: the btree index on "group" alone. The GIN indexes on (group, vector)
  and (group, head) answer « this group's entries with these words » by themselves
  once the group is compared as a smallint (search.backends); the btree index only
  lured the planner into intersecting it with every group's matches.
- Both databases: the second index on department_id (its foreign key has one).
"""

from django.db import migrations


def statements(*sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in sql:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_head_vector")]

    operations = [
        migrations.RemoveIndex(model_name="searchentry", name="search_entry_department"),
        migrations.RunPython(
            statements("DROP INDEX IF EXISTS search_entry_group"),
            statements('CREATE INDEX search_entry_group ON search_searchentry ("group")'),
        ),
    ]
