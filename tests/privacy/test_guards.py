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


# --- archives -----------------------------------------------------------------------


def _ready_archive(client):
    """`client` signed in as a member whose archive is built and ready."""
    user = make_member()
    client.force_login(user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("privacy:archive_request"))
    archive = DataArchive.objects.get(requested_by=user)
    assert archive.status == "ready"
    return archive


def test_a_closed_account_cannot_have_its_archive_prepared_for_itself(db):
    """Login already stops at closing; the service refuses too, for any caller that
    still holds the user (a session served across the closing, a task)."""
    from privacy import services
    from privacy.errors import PrivacyError

    user = make_member()
    services.account_close(user=user, actor=user)
    user.refresh_from_db()
    with pytest.raises(PrivacyError) as refused:
        services.archive_request(user=user, requested_by=user)
    assert str(refused.value.message) == "Эта учётная запись закрыта."
    assert not DataArchive.objects.exists()


def test_a_used_link_answers_gone_to_head_as_well(client):
    """HEAD never uses the link, so only the "used already" check tells a download
    manager's probe that the file was taken: 410, not the headers of a download."""
    archive = _ready_archive(client)
    url = reverse("privacy:archive_download", args=[archive.token])
    assert client.get(url).status_code == 200
    response = client.head(url)
    assert response.status_code == 410


def test_a_download_that_loses_the_race_for_the_link_gets_nothing(client, monkeypatch):
    """Two downloads pass the first check together; the other one marks the link
    used while this one opens the file: this one is refused (410) and writes no
    second download entry. The interleaving is made deterministic by marking the
    link from inside the file's opening."""
    from django.db.models.fields.files import FieldFile
    from django.utils import timezone

    archive = _ready_archive(client)
    opened = FieldFile.open

    def the_other_download_wins(self, mode="rb"):
        DataArchive.objects.filter(pk=archive.pk).update(downloaded_at=timezone.now())
        return opened(self, mode)

    monkeypatch.setattr(FieldFile, "open", the_other_download_wins)
    response = client.get(reverse("privacy:archive_download", args=[archive.token]))
    assert response.status_code == 410
    assert not ModelLogEntry.objects.filter(
        action="privacy.archive.downloaded"
    ).exists()


# --- requests -----------------------------------------------------------------------


def test_an_unknown_kind_of_request_is_refused_by_the_service(db):
    """The forms offer only the known kinds; a caller passing anything else (a
    script, a new form) gets the same refusal and nothing is stored."""
    from privacy import services
    from privacy.errors import PrivacyError
    from privacy.models import DataRequest

    with pytest.raises(PrivacyError) as refused:
        services.request_create(user=make_member(), kind="delete_everything")
    assert str(refused.value.message) == "Выберите, о чём вы просите."
    assert not DataRequest.objects.exists()


def test_staff_cannot_register_a_postal_request_for_a_deactivated_account(client):
    """An account switched off by an administrator keeps its address, so the
    postal form finds it; only the service's check refuses the request (an
    account closed through the cabinet has an undeliverable address the form
    does not accept)."""
    from privacy.models import DataRequest
    from tests.privacy.factories import make_handler

    person = make_member(email="closed@example.org", is_active=False)
    client.force_login(make_handler())
    response = client.post(
        reverse("privacy_admin:add"),
        {"email": "closed@example.org", "kind": "access", "details": ""},
    )
    assert response.status_code == 400
    assert "Эта учётная запись закрыта." in response.content.decode()
    assert not DataRequest.objects.filter(user=person).exists()


# --- closing ------------------------------------------------------------------------


def test_an_administrator_cannot_close_their_own_account_from_the_cabinet(client):
    admin = make_member(is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(reverse("privacy:close"), {"confirm": "on"})
    assert response.status_code == 400
    assert "Учётную запись администратора здесь закрыть нельзя." in (
        response.content.decode()
    )
    admin.refresh_from_db()
    assert admin.is_active


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_downloads_at_the_same_moment_get_the_archive_once(
    monkeypatch, is_postgres
):
    """The race itself, on PostgreSQL: two threads (own connections) both pass the
    first check and are held together at the file's opening; the second one's
    "mark used" then waits for the first one's row lock and finds the link taken."""
    import contextlib
    import threading

    from django.db import connections
    from django.db.models.fields.files import FieldFile

    from privacy import services

    if not is_postgres:
        pytest.skip("races are tested on PostgreSQL")
    user = make_member()
    archive = services.archive_request(user=user, requested_by=user)
    services.archive_build(archive_id=archive.pk)
    archive.refresh_from_db()
    assert archive.status == "ready"

    barrier = threading.Barrier(2, timeout=5)
    opened = FieldFile.open

    def open_together(self, mode="rb"):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return opened(self, mode)

    monkeypatch.setattr(FieldFile, "open", open_together)
    outcomes = [None, None]

    def take(index):
        try:
            taken = services.archive_take(token=archive.token, user=user)
            taken.file.close()
            outcomes[index] = "file"
        except services.ArchiveGone:
            outcomes[index] = "gone"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["file", "gone"]
    assert (
        ModelLogEntry.objects.filter(action="privacy.archive.downloaded").count() == 1
    )
