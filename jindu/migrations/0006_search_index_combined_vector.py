"""A GIN index on the search index's title and body together, on PostgreSQL only.

Wagtail's database backend matches a query against `title || body` so that a query with words in
both the title and the body finds the page; its own GIN indexes cover each column alone, so that
match read the whole table. This index covers the very expression the search filters on.
Other databases have nothing to do here (SQLite searches its FTS5 table).
"""

from django.db import migrations

INDEX_NAME = "jindu_search_title_body_gin"
TABLE = "wagtailsearch_indexentry"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON {TABLE} USING gin ((title || body))")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("jindu", "0005_chinese_group_names"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
