"""PostgreSQL: index the person concerned in Wagtail's model log, so a person's
history (core.audit.entries_for_user) is an index look-up, not a scan."""

from django.db import migrations

INDEX = "core_modellogentry_target_user"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_modellogentry "
        "((data -> 'target_user'))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_outgoing_mail"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
