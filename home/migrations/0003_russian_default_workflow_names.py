"""Wagtail's migrations create the default moderation workflow, its task and the
Editors/Moderators groups with English names; editors here work in Russian. Names that
staff have already changed are left alone."""

from django.db import migrations

RENAMES = [
    ("wagtailcore", "Workflow", "Moderators approval", "Согласование публикации"),
    ("wagtailcore", "Task", "Moderators approval", "Проверка модератором"),
    ("auth", "Group", "Moderators", "Модераторы"),
    ("auth", "Group", "Editors", "Редакторы"),
]


def rename(apps, schema_editor, *, backwards=False):
    for app_label, model_name, english, russian in RENAMES:
        old, new = (russian, english) if backwards else (english, russian)
        model = apps.get_model(app_label, model_name)
        if not model.objects.filter(name=new).exists():
            model.objects.filter(name=old).update(name=new)


def forwards(apps, schema_editor):
    rename(apps, schema_editor)


def backwards(apps, schema_editor):
    rename(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_phone_validation"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
