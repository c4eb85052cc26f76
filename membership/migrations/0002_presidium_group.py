"""The group «Президиум»: admin access and the permission to decide applications."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Президиум"


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make ours now.
    app_config = apps.get_app_config("membership")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ),
        Permission.objects.get(
            content_type__app_label="membership", codename="decide_application"
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    # Rolling back leaves the group: deleting it through historical models trips over
    # models of later apps that point at the real Group.
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
