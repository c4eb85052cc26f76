"""Seed the specialty list with the specialties a urological society meets most."""

from django.db import migrations

SPECIALTIES = [
    ("urologiya", "Урология"),
    ("detskaya-urologiya-andrologiya", "Детская урология-андрология"),
    ("onkologiya", "Онкология"),
    ("nefrologiya", "Нефрология"),
    ("khirurgiya", "Хирургия"),
    ("akusherstvo-i-ginekologiya", "Акушерство и гинекология"),
    ("radioterapiya", "Радиотерапия"),
    ("rentgenologiya", "Рентгенология"),
    ("ultrazvukovaya-diagnostika", "Ультразвуковая диагностика"),
    ("anesteziologiya-reanimatologiya", "Анестезиология-реаниматология"),
    ("endokrinologiya", "Эндокринология"),
    ("terapiya", "Терапия"),
    ("obshchaya-vrachebnaya-praktika", "Общая врачебная практика (семейная медицина)"),
    ("klinicheskaya-farmakologiya", "Клиническая фармакология"),
    ("patologicheskaya-anatomiya", "Патологическая анатомия"),
    ("sestrinskoe-delo", "Сестринское дело"),
]


def seed(apps, schema_editor):
    Specialty = apps.get_model("events", "Specialty")
    for order, (slug, name) in enumerate(SPECIALTIES, start=1):
        Specialty.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0001_specialty")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
