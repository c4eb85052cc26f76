"""Fixes for the attack on the personal-data app: each test shows what an attacker
(or an unlucky member) saw before and no longer sees."""

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from members.models import ConsentPage
from members.services import consent_record
from privacy.models import DataArchive
from tests.members.factories import make_consent_page, make_member

pytestmark = pytest.mark.django_db


def publish(page, version, body="<p>Новый текст согласия, редакция 2.</p>"):
    page = ConsentPage.objects.get(pk=page.pk)
    page.version = version
    page.body = body
    page.save_revision().publish()
    return ConsentPage.objects.get(pk=page.pk)


# --- 1. a session opened before a new consent version must accept it too -----------


@pytest.fixture
def consent_page(home):
    return make_consent_page(home)


@pytest.fixture
def consenting_member(consent_page):
    user = make_member()
    consent_record(user=user, page=consent_page)
    return user


def test_an_open_session_is_asked_for_a_version_published_after_login(
    client, consenting_member, consent_page
):
    client.force_login(consenting_member)
    assert client.get(reverse("members:index")).status_code == 200

    publish(consent_page, "2026-01")
    response = client.get(reverse("members:index"))

    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:consent")


def test_after_accepting_in_the_open_session_the_cabinet_opens(
    client, consenting_member, consent_page
):
    client.force_login(consenting_member)
    client.get(reverse("members:index"))
    publish(consent_page, "2026-01")

    client.post(reverse("privacy:consent"), {"accept": "on"})

    assert client.get(reverse("members:index")).status_code == 200


# --- 2. «Мои данные» shows the person's own IP addresses only ------------------------


def test_my_data_history_hides_the_ip_of_whoever_acted_on_the_person(client):
    from core.audit import audit_log

    member = make_member(email="member@example.com")
    board = make_member(email="board@example.com")
    audit_log(
        action="membership.application.submitted",
        actor=member,
        target_user=member,
        target=member,
        ip="198.51.100.7",
    )
    audit_log(
        action="membership.application.approved",
        actor=board,
        target_user=member,
        target=member,
        ip="203.0.113.99",
    )
    client.force_login(member)

    page = client.get(reverse("privacy:index")).content.decode()

    assert "198.51.100.7" in page
    assert "203.0.113.99" not in page


# --- 3. archives: the waiting one is reused, and a few a day at most ----------------


def request_archive(client, **kwargs):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("privacy:archive_request"), **kwargs)


def test_asking_again_while_the_link_works_gives_the_same_archive(client):
    user = make_member()
    client.force_login(user)
    for _ in range(15):
        request_archive(client)

    assert DataArchive.objects.filter(user=user).count() == 1


def test_no_more_than_three_archives_a_day(client):
    user = make_member()
    client.force_login(user)
    for _ in range(5):
        response = request_archive(client, follow=True)
        DataArchive.objects.filter(user=user).update(downloaded_at=timezone.now())

    assert DataArchive.objects.filter(user=user).count() == 3
    assert "не больше 3 раз в сутки" in response.content.decode()


# --- 7. an archive stuck building (lost task) blocks nothing ------------------------


def stuck_archive(user, minutes=31):
    archive = DataArchive.objects.create(user=user, requested_by=user)
    DataArchive.objects.filter(pk=archive.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )
    return archive


def test_an_archive_stuck_building_does_not_block_a_new_request(client):
    user = make_member()
    stuck = stuck_archive(user)
    client.force_login(user)

    request_archive(client)

    stuck.refresh_from_db()
    assert stuck.status == "failed"
    assert DataArchive.objects.filter(user=user, status="ready").count() == 1


def test_a_recent_archive_still_building_is_waited_for(client):
    user = make_member()
    stuck_archive(user, minutes=5)
    client.force_login(user)

    request_archive(client)

    assert DataArchive.objects.filter(user=user).count() == 1


def test_the_retention_job_marks_archives_stuck_building_as_failed():
    from privacy import services

    stuck = stuck_archive(make_member())

    assert services.retention_run()["stuck"] == 1
    stuck.refresh_from_db()
    assert stuck.status == "failed"


# --- 4. the minutes PDF and Wagtail's site history export are audited ----------------


def export_entries():
    from wagtail.models import ModelLogEntry

    return list(ModelLogEntry.objects.filter(action="core.export.downloaded"))


def test_the_minutes_pdf_is_an_audited_export(client, home):
    from membership.services import application_approve
    from tests.membership.factories import (
        make_applicant,
        make_application,
        make_board_member,
    )

    board = make_board_member(email="board@example.org")
    application_approve(
        application=make_application(make_applicant(email="a@example.org")),
        actor=board,
    )
    client.force_login(board)

    response = client.get(
        reverse("membership_minutes"),
        {"date_from": "2000-01-01", "date_to": "2099-12-31"},
    )

    assert response["Content-Type"] == "application/pdf"
    (entry,) = export_entries()
    assert (entry.user_id, entry.data["export"], entry.data["rows"]) == (
        board.pk,
        "membership.minutes",
        1,
    )
    assert entry.data["filter"] == {
        "date_from": ["2000-01-01"],
        "date_to": ["2099-12-31"],
    }


@pytest.mark.parametrize(
    "url_name",
    ["wagtailadmin_reports:site_history", "wagtailadmin_reports:site_history_results"],
)
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_site_history_export_is_audited(client, url_name, export):
    from core.audit import audit_log
    from tests.factories import UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    person = UserFactory()
    audit_log(
        action="members.account.password_changed", actor=person, target_user=person
    )
    client.force_login(admin)

    response = client.get(reverse(url_name), {"export": export, "action": ""})
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)

    assert response.status_code == 200
    (entry,) = export_entries()
    assert entry.user_id == admin.pk
    assert entry.data["export"] == "wagtail.site_history"
    assert entry.data["rows"] >= 1


def test_the_site_history_page_itself_is_not_an_export(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get(reverse("wagtailadmin_reports:site_history")).status_code == 200
    assert export_entries() == []


def test_the_site_history_still_needs_admin_access(client):
    client.force_login(make_member())

    response = client.get(
        reverse("wagtailadmin_reports:site_history"), {"export": "csv"}
    )

    assert response.status_code == 302
    assert export_entries() == []


# --- 5. closing the account deletes the prepared archive ----------------------------


def test_closing_the_account_deletes_the_prepared_archive_and_its_link(client):
    from core.storage import private_storage

    user = make_member()
    client.force_login(user)
    request_archive(client)
    archive = DataArchive.objects.get(user=user)
    name = archive.file.name
    assert private_storage().exists(name)

    client.post(reverse("privacy:close"), {"confirm": "on"})

    archive.refresh_from_db()
    assert not private_storage().exists(name)
    assert not archive.file
    assert archive.expires_at <= timezone.now()


# --- 6. the one-time link is used only by a real download ---------------------------


@pytest.fixture
def ready_archive(client):
    user = make_member()
    client.force_login(user)
    request_archive(client)
    archive = DataArchive.objects.get(user=user)
    assert archive.status == "ready"
    return archive


def download_url(archive):
    return reverse("privacy:archive_download", args=[archive.token])


def test_head_answers_the_headers_and_leaves_the_link_working(client, ready_archive):
    response = client.head(download_url(ready_archive))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert not response.content
    ready_archive.refresh_from_db()
    assert ready_archive.downloaded_at is None
    assert client.get(download_url(ready_archive)).status_code == 200


def test_a_range_probe_gets_nothing_and_leaves_the_link_working(client, ready_archive):
    response = client.get(download_url(ready_archive), HTTP_RANGE="bytes=0-0")

    assert response.status_code == 416
    ready_archive.refresh_from_db()
    assert ready_archive.downloaded_at is None
    assert client.get(download_url(ready_archive)).status_code == 200


def test_other_methods_are_refused_without_using_the_link(client, ready_archive):
    assert client.post(download_url(ready_archive)).status_code == 405
    ready_archive.refresh_from_db()
    assert ready_archive.downloaded_at is None


def test_a_missing_file_is_a_clear_page_and_a_new_archive_may_be_asked_for(
    client, ready_archive
):
    ready_archive.file.storage.delete(ready_archive.file.name)

    response = client.get(download_url(ready_archive))

    assert response.status_code == 410
    assert "Подготовленный файл не найден" in response.content.decode()
    ready_archive.refresh_from_db()
    assert ready_archive.status == "failed"
    request_archive(client)
    assert DataArchive.objects.filter(user=ready_archive.user).count() == 2


def test_a_file_that_cannot_be_opened_does_not_use_the_link(
    client, ready_archive, monkeypatch
):
    from django.db.models.fields.files import FieldFile

    def broken_open(self, mode="rb"):
        raise FileNotFoundError(self.name)

    monkeypatch.setattr(FieldFile, "open", broken_open)

    response = client.get(download_url(ready_archive))

    assert response.status_code == 410
    ready_archive.refresh_from_db()
    assert ready_archive.downloaded_at is None


# --- 8. staff close an account only for an open withdrawal or deletion request ------


def close_by_staff(client, data_request):
    from tests.privacy.factories import make_handler

    client.force_login(make_handler())
    return client.post(
        reverse("privacy_admin:close_account", args=[data_request.pk]), follow=True
    )


def test_an_access_request_does_not_close_the_account(client):
    from privacy import services

    person = make_member()
    data_request = services.request_create(user=person, kind="access")

    response = close_by_staff(client, data_request)

    person.refresh_from_db()
    data_request.refresh_from_db()
    assert person.is_active
    assert data_request.status == "open"
    assert "Закрыть учётную запись можно только" in response.content.decode()


def test_an_answered_withdrawal_does_not_close_the_account_again_later(client):
    from privacy import services
    from tests.privacy.factories import make_handler

    person = make_member()
    data_request = services.request_create(user=person, kind="withdrawal")
    services.request_done(data_request=data_request, actor=make_handler())

    close_by_staff(client, data_request)

    person.refresh_from_db()
    assert person.is_active


def test_an_open_deletion_request_closes_the_account(client):
    from privacy import services

    person = make_member()
    data_request = services.request_create(user=person, kind="deletion")

    close_by_staff(client, data_request)

    person.refresh_from_db()
    data_request.refresh_from_db()
    assert not person.is_active
    assert data_request.status == "done"


# --- 9. smaller findings ----------------------------------------------------------


def test_a_request_with_a_text_direction_mark_is_refused(client):
    from privacy.models import DataRequest

    client.force_login(make_member())

    response = client.post(
        reverse("privacy:request"),
        {"kind": "correction", "details": "Фамилия \u202eвоноП\nверная: Попов"},
    )

    assert response.status_code == 400
    assert not DataRequest.objects.exists()
    assert "невидимые символы" in response.content.decode()


def test_a_request_on_several_lines_is_accepted(client):
    from privacy.models import DataRequest

    client.force_login(make_member())

    client.post(
        reverse("privacy:request"),
        {"kind": "correction", "details": "Фамилия: Попов\r\nбыло: Попова"},
    )

    assert DataRequest.objects.count() == 1


def test_accounting_records_are_kept_from_the_end_of_the_reporting_year(client):
    from freezegun import freeze_time

    from privacy.models import AccountClosure

    user = make_member()
    with freeze_time("2026-03-02 12:00:00+03:00"):
        client.force_login(user)
        client.post(reverse("privacy:close"), {"confirm": "on"})

    closure = AccountClosure.objects.get(user=user)
    assert closure.retain_until == datetime.date(2031, 12, 31)


def test_closing_the_account_keeps_the_file_of_a_receipt_under_review(client, home):
    from core.storage import private_storage
    from tests.payments.factories import bank_settings, make_payment, submit_receipt

    bank_settings()
    payment = make_payment(make_member())
    receipt = submit_receipt(payment)
    name = receipt.file.name

    client.force_login(payment.user)
    client.post(reverse("privacy:close"), {"confirm": "on"})

    receipt.refresh_from_db()
    assert receipt.status == "submitted"
    assert receipt.file.name == name
    assert private_storage().exists(name)


def test_the_archive_holds_reasons_refunds_and_the_withdrawal_date(client, home):
    import json
    from decimal import Decimal

    from membership.models import Application
    from payments.models import Payment, Refund
    from tests.privacy.factories import archive_contents, person_with_everything

    user, _record = person_with_everything(home)
    payment = Payment.objects.filter(user=user).order_by("pk").last()
    Payment.objects.filter(pk=payment.pk).update(status_reason="Оплачено дважды")
    Refund.objects.create(
        payment=payment,
        provider="stripe",
        amount=Decimal("1500.00"),
        reason="Ошибочный платёж",
        status="succeeded",
    )
    Application.objects.filter(user=user).update(
        status="withdrawn", withdrawn_at=timezone.now()
    )
    client.force_login(user)
    request_archive(client)
    archive = DataArchive.objects.get(user=user)

    files = archive_contents(client.get(download_url(archive)))

    data = json.loads(files["data.json"])["categories"]
    receipts = data["payments.receipts"]["rows"]
    payments = data["payments.payments"]["rows"]
    assert "Не читается" in [row["reject_reason"] for row in receipts]
    assert "Оплачено дважды" in [row["status_reason"] for row in payments]
    assert any("Ошибочный платёж" in row["refunds"] for row in payments)
    (application,) = data["membership.applications"]["rows"]
    assert application["withdrawn_at"]
