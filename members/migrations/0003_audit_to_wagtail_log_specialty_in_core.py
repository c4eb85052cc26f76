"""The audit trail moves to Wagtail's log (core.audit); Specialty moved to core.

Existing AuditEntry rows are copied into wagtailcore's ModelLogEntry with their
actions namespaced ("profile.updated" → "members.profile.updated"), the person
concerned and the IP in `data`, and the table is dropped.
"""

from django.conf import settings
from django.db import migrations, models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext


def copy_audit_entries(apps, schema_editor):
    AuditEntry = apps.get_model("members", "AuditEntry")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    user_type, _created = ContentType.objects.get_or_create(
        app_label="members", model="user"
    )
    titles = {}
    entries = []
    with translation.override(settings.LANGUAGE_CODE):
        for entry in AuditEntry.objects.order_by("pk").iterator():
            if entry.target_content_type_id and entry.target_object_id:
                content_type_id = entry.target_content_type_id
                object_id = entry.target_object_id
            elif entry.target_user_id:
                content_type_id = user_type.pk
                object_id = str(entry.target_user_id)
            else:
                continue
            if content_type_id not in titles:
                content_type = ContentType.objects.get(pk=content_type_id)
                model = apps.get_model(content_type.app_label, content_type.model)
                titles[content_type_id] = capfirst(gettext(model._meta.verbose_name))
            data = dict(entry.data or {})
            if entry.target_user_id:
                data["target_user"] = str(entry.target_user_id)
            if entry.ip:
                data["ip"] = entry.ip
            entries.append(
                ModelLogEntry(
                    content_type_id=content_type_id,
                    object_id=object_id,
                    label=f"{titles[content_type_id]} #{object_id}",
                    action=f"members.{entry.action}",
                    data=data,
                    timestamp=entry.created_at,
                    user_id=entry.actor_id,
                )
            )
    ModelLogEntry.objects.bulk_create(entries, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("members", "0002_profiles_codes_consent_audit"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="memberprofile",
                    name="specialty",
                    field=models.ForeignKey(
                        on_delete=models.deletion.PROTECT,
                        related_name="member_profiles",
                        to="core.specialty",
                        verbose_name="specialty",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(copy_audit_entries, migrations.RunPython.noop),
        migrations.DeleteModel(name="AuditEntry"),
    ]
