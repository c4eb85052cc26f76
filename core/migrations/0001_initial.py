"""Specialty moves here from events keeping its table and rows (state only); the
stored outgoing mail is new."""

import modelsearch.index
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Keep permissions and history of specialties: their content type moves too."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="core", model="specialty").exists():
        ContentType.objects.filter(app_label="events", model="specialty").update(
            app_label="core"
        )


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="events", model="specialty").exists():
        ContentType.objects.filter(app_label="core", model="specialty").update(
            app_label="events"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0003_event_pages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Specialty",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(
                                max_length=150, unique=True, verbose_name="name"
                            ),
                        ),
                        (
                            "slug",
                            models.SlugField(
                                max_length=150, unique=True, verbose_name="slug"
                            ),
                        ),
                        (
                            "sort_order",
                            models.PositiveIntegerField(
                                default=100, verbose_name="order"
                            ),
                        ),
                        (
                            "is_active",
                            models.BooleanField(
                                default=True,
                                help_text="Inactive specialties stay on old records but are not offered.",
                                verbose_name="active",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "specialty",
                        "verbose_name_plural": "specialties",
                        "ordering": ["sort_order", "name"],
                        "db_table": "events_specialty",
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
