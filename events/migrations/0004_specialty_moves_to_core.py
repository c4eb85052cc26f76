"""Specialty now lives in core (same table): point the events at it, state only."""

import modelcluster.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("events", "0003_event_pages"),
        # Profiles point at core.Specialty first, then events' state forgets it.
        ("members", "0003_audit_to_wagtail_log_specialty_in_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="eventpage",
                    name="specialties",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True,
                        help_text="The specialties the credits count for.",
                        related_name="events",
                        to="core.specialty",
                        verbose_name="specialties",
                    ),
                ),
                migrations.DeleteModel(name="Specialty"),
            ],
            database_operations=[],
        ),
    ]
