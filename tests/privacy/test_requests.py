"""Requests about personal data: from the cabinet, answered by staff on time."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time
from wagtail.models import ModelLogEntry

from privacy import services
from privacy.errors import PrivacyError
from privacy.models import DataArchive, DataRequest, RequestStatus
from tests.members.factories import make_member
from tests.payments.factories import make_staff_without_review
from tests.privacy.factories import archive_contents, make_handler

pytestmark = pytest.mark.django_db


def test_a_request_from_the_cabinet_is_due_in_10_working_days(client):
    user = make_member()
    with freeze_time("2026-12-25 12:00:00+03:00"):  # Friday before the New Year
        client.force_login(user)
        response = client.post(
            reverse("privacy:request"), {"kind": "access", "details": ""}
        )
    assert response.status_code == 302
    request = DataRequest.objects.get(user=user)
    # 10 working days of the production calendar: the holidays of 1–8 January
    # are skipped.
    assert request.due_on == datetime.date(2027, 1, 19)


def test_a_second_request_of_a_kind_while_one_is_open_is_refused(client):
    user = make_member()
    client.force_login(user)
    client.post(reverse("privacy:request"), {"kind": "access"})
    response = client.post(reverse("privacy:request"), {"kind": "access"})
    assert response.status_code == 400
    assert DataRequest.objects.filter(user=user).count() == 1
    assert "open request" in response.content.decode() or "открыт" in (
        response.content.decode()
    )


def test_a_correction_needs_details(client):
    client.force_login(make_member())
    response = client.post(reverse("privacy:request"), {"kind": "correction"})
    assert response.status_code == 400
    assert not DataRequest.objects.exists()


@pytest.mark.parametrize("kind", ["", "nonsense", "\x00", "a" * 10000])
def test_bad_kinds_are_a_clear_error(client, kind):
    client.force_login(make_member())
    response = client.post(reverse("privacy:request"), {"kind": kind})
    assert response.status_code == 400
    assert not DataRequest.objects.exists()


def test_the_queue_is_for_handlers_only(client):
    services.request_create(user=make_member(), kind="access")
    client.force_login(make_staff_without_review())
    response = client.get(reverse("privacy_admin:queue"))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    client.force_login(make_handler())
    assert client.get(reverse("privacy_admin:queue")).status_code == 200


def test_overdue_requests_are_marked(client):
    late = services.request_create(user=make_member(), kind="access")
    DataRequest.objects.filter(pk=late.pk).update(due_on=datetime.date(2020, 1, 1))
    fresh = services.request_create(user=make_member(), kind="deletion")
    client.force_login(make_handler())
    page = client.get(reverse("privacy_admin:queue")).content.decode()
    late_row = page.split(f'data-request="{late.pk}"')[0].rsplit("<tr", 1)[1]
    fresh_row = page.split(f'data-request="{fresh.pk}"')[0].rsplit("<tr", 1)[1]
    assert "privacy-overdue" in late_row
    assert "privacy-overdue" not in fresh_row


def test_done_is_audited_and_happens_once(client):
    request = services.request_create(user=make_member(), kind="access")
    handler = make_handler()
    client.force_login(handler)
    url = reverse("privacy_admin:done", args=[request.pk])
    assert client.get(url).status_code == 200  # the confirmation page
    client.post(url)
    client.post(url)
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE and request.done_by == handler
    assert ModelLogEntry.objects.filter(action="privacy.request.done").count() == 1


def test_staff_without_the_right_cannot_mark_done(client):
    request = services.request_create(user=make_member(), kind="access")
    client.force_login(make_staff_without_review())
    response = client.post(reverse("privacy_admin:done", args=[request.pk]))
    assert response["Location"] == "/admin/"  # Wagtail's answer to 403
    with pytest.raises(PrivacyError):
        services.request_done(data_request=request, actor=make_member())
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN


def test_staff_produce_the_archive_of_a_person_who_asks_by_post(
    client, django_capture_on_commit_callbacks
):
    person = make_member(last_name="Почтова")
    request = services.request_create(user=person, kind="access")
    handler = make_handler()
    client.force_login(handler)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy_admin:archive", args=[request.pk]))
    archive = DataArchive.objects.get(user=person, requested_by=handler)
    url = reverse("privacy:archive_download", args=[archive.token])
    assert url in client.get(reverse("privacy_admin:queue")).content.decode()
    files = archive_contents(client.get(url))
    assert "Почтова" in files["summary.html"].decode()
    # The person's own login does not open the staff member's link.
    client.force_login(person)
    assert client.get(url).status_code == 404


def test_a_member_cannot_produce_anothers_archive(client):
    person = make_member()
    request = services.request_create(user=person, kind="access")
    client.force_login(make_member())
    response = client.post(reverse("privacy_admin:archive", args=[request.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not DataArchive.objects.exists()
    with pytest.raises(PrivacyError):
        services.archive_request(user=person, requested_by=make_member())


def test_staff_close_the_account_of_a_withdrawal_by_post(client):
    person = make_member()
    request = services.request_create(user=person, kind="withdrawal")
    client.force_login(make_handler())
    url = reverse("privacy_admin:close_account", args=[request.pk])
    assert url in client.get(reverse("privacy_admin:queue")).content.decode()
    client.post(url)
    person.refresh_from_db()
    request.refresh_from_db()
    assert not person.is_active and person.email.endswith("@invalid")
    assert request.status == RequestStatus.DONE


def test_staff_without_the_right_cannot_close_an_account(client):
    person = make_member()
    request = services.request_create(user=person, kind="deletion")
    client.force_login(make_staff_without_review())
    client.post(reverse("privacy_admin:close_account", args=[request.pk]))
    person.refresh_from_db()
    assert person.is_active


def test_the_queue_makes_as_many_queries_for_5_and_40_requests(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    handler = make_handler()
    client.force_login(handler)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("privacy_admin:queue")).status_code == 200
        return len(queries)

    for _ in range(5):
        services.request_create(user=make_member(), kind="access")
    count()  # the first request fills the per-process lookups
    few = count()
    for _ in range(35):
        services.request_create(user=make_member(), kind="deletion")
    assert count() == few


def test_the_database_keeps_one_open_request_per_kind():
    """Two tabs at once pass the service's check together; the index refuses one."""
    from django.db import IntegrityError, transaction

    user = make_member()
    services.request_create(user=user, kind="access")
    with pytest.raises(IntegrityError), transaction.atomic():
        DataRequest.objects.create(
            user=user, kind="access", due_on=datetime.date(2027, 1, 1)
        )


def test_staff_register_a_request_received_by_post(client):
    person = make_member(email="post@example.org")
    handler = make_handler()
    client.force_login(handler)
    assert client.get(reverse("privacy_admin:add")).status_code == 200
    response = client.post(
        reverse("privacy_admin:add"),
        {"email": "POST@example.org", "kind": "access", "details": "Письмо от 1.12"},
    )
    assert response.status_code == 302
    request = DataRequest.objects.get(user=person)
    assert request.details == "Письмо от 1.12"
    entry = ModelLogEntry.objects.get(action="privacy.request.created")
    assert entry.user_id == handler.pk


def test_an_unknown_address_is_a_clear_error(client):
    client.force_login(make_handler())
    response = client.post(
        reverse("privacy_admin:add"), {"email": "nobody@example.org", "kind": "access"}
    )
    assert response.status_code == 400
    assert not DataRequest.objects.exists()


def test_only_handlers_register_anothers_request(client):
    person = make_member()
    with pytest.raises(PrivacyError):
        services.request_create(user=person, kind="access", actor=make_member())
    client.force_login(make_staff_without_review())
    response = client.post(
        reverse("privacy_admin:add"), {"email": person.email, "kind": "access"}
    )
    assert response["Location"] == "/admin/"
    assert not DataRequest.objects.exists()
