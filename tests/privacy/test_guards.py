"""Guards the mutation check (scripts/guard_mutations.py) found undefended: each
test fails when its guard or audit entry is removed."""

import pytest
from django.test import TestCase
from django.urls import reverse
from wagtail.models import ModelLogEntry

from core.audit import entries_for_user
from members.services import consent_record
from privacy.models import DataArchive
from tests.members.factories import make_consent_page, make_member

pytestmark = pytest.mark.django_db


def actions(user):
    return set(entries_for_user(user).values_list("action", flat=True))


def test_asking_for_the_archive_and_downloading_it_are_in_the_history(client, home):
    user = make_member()
    client.force_login(user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("privacy:archive_request"))
    archive = DataArchive.objects.get(requested_by=user)
    client.get(reverse("privacy:archive_download", args=[archive.token]))
    requested = ModelLogEntry.objects.get(action="privacy.archive.requested")
    downloaded = ModelLogEntry.objects.get(action="privacy.archive.downloaded")
    assert requested.user == user and downloaded.user == user


def test_a_request_from_the_cabinet_is_in_the_history(client):
    user = make_member()
    client.force_login(user)
    client.post(reverse("privacy:request"), {"kind": "access", "details": ""})
    assert "privacy.request.created" in actions(user)


def test_closing_the_account_is_in_the_history(client):
    user = make_member()
    client.force_login(user)
    client.post(reverse("privacy:close"), {"confirm": "on"})
    entry = ModelLogEntry.objects.get(action="privacy.account.closed")
    assert entry.data["target_user"] == str(user.pk)


def test_accepting_a_new_consent_version_is_in_the_history(client, home):
    page = make_consent_page(home)
    user = make_member()
    consent_record(user=user, page=page)
    page.version = "2026-01"
    page.save_revision().publish()
    client.force_login(user)
    client.post(reverse("privacy:consent"), {"accept": "on"})
    assert "privacy.consent.accepted" in actions(user)


def test_a_login_is_in_the_history(client):
    from tests.members.factories import PASSWORD

    user = make_member(email="login@example.org")
    client.post(
        reverse("account_login"), {"login": "login@example.org", "password": PASSWORD}
    )
    assert "privacy.account.logged_in" in actions(user)


def test_staff_without_the_right_cannot_prepare_a_persons_archive(client):
    from privacy import services
    from tests.payments.factories import make_staff_without_review

    request = services.request_create(user=make_member(), kind="access")
    client.force_login(make_staff_without_review())
    response = client.post(reverse("privacy_admin:archive", args=[request.pk]))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not DataArchive.objects.exists()


def test_staff_without_the_right_do_not_get_the_close_account_page(client):
    from privacy import services
    from tests.payments.factories import make_staff_without_review

    person = make_member()
    request = services.request_create(user=person, kind="deletion")
    client.force_login(make_staff_without_review())
    url = reverse("privacy_admin:close_account", args=[request.pk])
    assert client.get(url)["Location"] == "/admin/"
    assert client.post(url)["Location"] == "/admin/"
    person.refresh_from_db()
    assert person.is_active
