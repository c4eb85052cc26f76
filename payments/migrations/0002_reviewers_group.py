"""The "Бухгалтерия" group: staff who review receipts in the Wagtail admin."""

from django.db import migrations

GROUP = "Бухгалтерия"
PERMISSIONS = [
    ("payments", "payment", "review_receipt", "Can review payment receipts"),
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
]


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, model, codename, name in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(
            app_label=app_label, model=model
        )
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
    ]

    # Rolling back leaves the group: deleting it through historical models trips over
    # models of later apps that point at the real Group.
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
