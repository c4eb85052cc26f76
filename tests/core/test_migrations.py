"""Moving Specialty to core and the audit trail to Wagtail's log keeps the data."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("events", "0003_event_pages"),
    ("members", "0002_profiles_codes_consent_audit"),
    ("core", None),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(
        [target for target in targets if target[1] is not None]
    ).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_specialties_profiles_and_history_survive_the_move():
    old = migrate(BEFORE)
    Specialty = old.get_model("events", "Specialty")
    User = old.get_model("members", "User")
    MemberProfile = old.get_model("members", "MemberProfile")
    AuditEntry = old.get_model("members", "AuditEntry")
    specialty = Specialty.objects.create(name="Сексология-тест", slug="sexology-test")
    user = User.objects.create(email="old@example.org", last_name="Старов")
    profile = MemberProfile.objects.create(
        user=user, phone="+79001234567", city="Москва", specialty=specialty
    )
    AuditEntry.objects.create(
        action="profile.updated",
        actor=user,
        target_user=user,
        data={"fields": ["city"]},
        ip="203.0.113.9",
    )

    new = migrate(latest())

    moved = new.get_model("core", "Specialty").objects.get(slug="sexology-test")
    assert moved.pk == specialty.pk and moved.name == "Сексология-тест"
    kept = new.get_model("members", "MemberProfile").objects.get(pk=profile.pk)
    assert kept.specialty_id == specialty.pk
    entry = new.get_model("wagtailcore", "ModelLogEntry").objects.get(
        action="members.profile.updated"
    )
    assert entry.user_id == user.pk
    assert entry.data == {
        "fields": ["city"],
        "target_user": str(user.pk),
        "ip": "203.0.113.9",
    }
    assert "Старов" not in entry.label

    from core.audit import entries_for_user
    from members.models import User as CurrentUser

    assert entries_for_user(CurrentUser.objects.get(pk=user.pk)).count() == 1
