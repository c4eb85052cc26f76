"""The audit trail: Wagtail's log with a per-app action registry."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from core.audit import UnregisteredActionError, audit_log, entries_for_user
from core.models import Specialty
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_unregistered_action_raises_and_records_nothing():
    person = UserFactory()
    with pytest.raises(UnregisteredActionError):
        audit_log(action="core.nothing.happened", target_user=person)
    assert not ModelLogEntry.objects.exists()


def test_an_entry_keeps_actor_person_and_ip_without_personal_data_in_its_title():
    person = UserFactory(last_name="Секретова")
    staff = UserFactory(is_staff=True)
    specialty = Specialty.objects.create(name="Нефрология-тест", slug="nephro-test")
    entry = audit_log(
        action="core.mail.resent",
        actor=staff,
        target=specialty,
        target_user=person,
        data={"attempts": 1},
        ip="203.0.113.7",
    )
    entry.refresh_from_db()
    assert entry.user == staff
    assert entry.object_id == str(specialty.pk)
    assert entry.data == {
        "attempts": 1,
        "target_user": str(person.pk),
        "ip": "203.0.113.7",
    }
    assert entry.label == f"Специальность #{specialty.pk}"


def test_a_person_without_another_target_is_the_object_but_not_named():
    person = UserFactory(last_name="Секретова")
    entry = audit_log(action="members.profile.updated", target_user=person)
    assert entry.object_id == str(person.pk)
    assert "Секретова" not in entry.label


def test_entries_for_user_are_that_persons_only_newest_first():
    alice, bob = UserFactory(), UserFactory()
    first = audit_log(action="members.profile.created", target_user=alice)
    audit_log(action="members.profile.created", target_user=bob)
    second = audit_log(action="members.profile.updated", target_user=alice)
    assert list(entries_for_user(alice)) == [second, first]


def test_a_registered_action_shows_its_russian_label_in_the_site_history(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    person = UserFactory()
    audit_log(
        action="members.account.password_changed", actor=person, target_user=person
    )
    client.force_login(admin)
    # The listing alone (the page around it also offers every label as a filter).
    response = client.get(reverse("wagtailadmin_reports:site_history_results"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Пароль изменён" in html
    assert f"Пользователь #{person.pk}" in html
