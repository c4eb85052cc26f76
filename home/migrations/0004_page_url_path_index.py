"""An index on Wagtail's stored page addresses (`wagtailcore_page.url_path`):
`HomePage.route` finds a page by its address in one query, which without an index
reads the page table in path order up to the match (all of it for an address that
matches nothing). A hash index on PostgreSQL (equality only, and no size limit on
long addresses, unlike a B-tree entry); a plain one on SQLite."""

from django.db import migrations

NAME = "home_page_url_path_idx"


def create(apps, schema_editor):
    using = "USING hash " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailcore_page {using}(url_path)"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_russian_default_workflow_names"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
