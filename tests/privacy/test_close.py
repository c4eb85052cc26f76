"""Withdrawing consent closes the account: login stops, data is anonymised or
kept as the law requires, files go when their retention ends."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from credits.models import CreditRecord
from members.models import MemberProfile, PersonalCode
from membership.models import Application, MembershipPeriod
from membership.services import reminders_send
from payments.models import Payment, Receipt, ReceiptStatus
from privacy import services
from privacy.errors import PrivacyError
from privacy.models import AccountClosure
from tests.members.factories import PASSWORD, make_member
from tests.privacy.factories import make_handler, person_with_everything

pytestmark = pytest.mark.django_db


def close(client, user):
    client.force_login(user)
    return client.post(reverse("privacy:close"), {"confirm": "on"})


def test_the_page_explains_what_happens_before_anything_changes(client):
    user = make_member()
    client.force_login(user)
    response = client.get(reverse("privacy:close"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "5" in page  # the accounting period, in years
    user.refresh_from_db()
    assert user.is_active


def test_without_the_tick_nothing_happens(client):
    user = make_member()
    client.force_login(user)
    response = client.post(reverse("privacy:close"), {})
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.is_active and not AccountClosure.objects.exists()


def test_a_closed_account_cannot_log_in(client):
    user = make_member(email="leaving@example.org")
    user.set_password(PASSWORD)
    user.save()
    assert close(client, user).status_code == 200
    other = Client()
    response = other.post(
        reverse("account_login"), {"login": "leaving@example.org", "password": PASSWORD}
    )
    assert "_auth_user_id" not in other.session
    assert response.status_code == 200


def test_an_open_session_stops_at_once(client):
    user = make_member()
    other = Client()
    other.force_login(user)
    services.account_close(user=user, actor=user)
    response = other.get(reverse("privacy:index"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_profile_and_contacts_are_anonymised_at_once(client, home):
    user, _record = person_with_everything(home)
    close(client, user)
    user.refresh_from_db()
    assert (user.last_name, user.first_name, user.patronymic) == ("И.", "И.", "И.")
    assert user.email == f"closed-{user.pk}@invalid"
    assert not user.has_usable_password()
    assert not MemberProfile.objects.filter(user=user).exists()
    assert not PersonalCode.objects.filter(user=user).exists()
    application = Application.objects.get(user=user)
    assert (application.workplace, application.comment, application.attachment) == (
        "",
        "",
        "",
    )


def test_accounting_and_credit_records_stay_with_the_anonymised_owner(client, home):
    user, record = person_with_everything(home)
    close(client, user)
    assert Payment.objects.filter(user=user).count() == 2
    assert MembershipPeriod.objects.filter(user=user).exists()
    assert Application.objects.filter(user=user).exists()
    assert CreditRecord.objects.filter(user=user, pk=record.pk).exists()


def test_the_public_certificate_check_still_works_with_initials(client, home):
    user, record = person_with_everything(home)
    close(client, user)
    response = Client().get(reverse("credits:verify", args=[record.certificate_id]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "И. И. И." in page
    assert "Иванов" not in page


def test_rejected_receipt_files_go_at_once_accepted_ones_after_retention(client, home):
    user, _record = person_with_everything(home)
    receipts = {r.status: r for r in Receipt.objects.filter(payment__user=user)}
    accepted = receipts[ReceiptStatus.ACCEPTED]
    rejected = receipts[ReceiptStatus.REJECTED]
    storage = accepted.file.storage
    accepted_name, rejected_name = accepted.file.name, rejected.file.name
    attachment = Application.objects.get(user=user).attachment.name
    close(client, user)
    assert not storage.exists(rejected_name)
    assert not storage.exists(attachment)
    assert storage.exists(accepted_name)  # an accounting document: kept for now
    services.retention_run(today=datetime.date.today())  # not due yet
    assert storage.exists(accepted_name)
    due = AccountClosure.objects.get(user=user).retain_until
    services.retention_run(today=due)
    assert not storage.exists(accepted_name)
    assert Receipt.objects.filter(payment__user=user, file="").count() == 2


def test_the_retention_job_run_twice_does_the_work_once(client, home):
    user, _record = person_with_everything(home)
    close(client, user)
    AccountClosure.objects.filter(user=user).update(
        retain_until=datetime.date(2020, 1, 1)
    )
    first, second = io.StringIO(), io.StringIO()
    call_command("privacy_retention", stdout=first)
    call_command("privacy_retention", stdout=second)
    assert "Closed accounts past the accounting period: 1; files deleted: 1" in (
        first.getvalue()
    )
    assert "Closed accounts past the accounting period: 0; files deleted: 0" in (
        second.getvalue()
    )
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(action="privacy.retention.done").count() == 1


def test_no_more_reminders_after_closing(
    client, home, django_capture_on_commit_callbacks
):
    from tests.membership.factories import make_period

    user = make_member(email="member@example.org")
    make_period(user, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    close(client, user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=datetime.date(2026, 12, 1)) == 0
    assert mail.outbox == []


def test_closing_twice_is_refused():
    user = make_member()
    services.account_close(user=user, actor=user)
    with pytest.raises(PrivacyError):
        services.account_close(user=user, actor=user)


def test_nobody_else_closes_an_account_without_the_staff_right():
    user, other = make_member(), make_member()
    with pytest.raises(PrivacyError):
        services.account_close(user=user, actor=other)
    user.refresh_from_db()
    assert user.is_active
    services.account_close(user=user, actor=make_handler())
    user.refresh_from_db()
    assert not user.is_active


def test_no_more_nmo_reminders_after_closing(home, django_capture_on_commit_callbacks):
    from credits.models import NmoCode
    from credits.services import nmo_reminders_send
    from tests.credits.factories import credited_event, make_nmo_codes

    user = make_member()
    make_nmo_codes(
        credited_event(home),
        ["NMO-7"],
        deadline=datetime.date.today() + datetime.timedelta(days=2),
    )
    NmoCode.objects.update(assigned_to=user, assigned_at=timezone.now())
    services.account_close(user=user, actor=user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert nmo_reminders_send() == 0
    assert mail.outbox == []


def test_the_download_log_of_members_only_documents_is_shown_and_then_deleted(home):
    from core.personal_data import categories
    from materials.models import DocumentDownload
    from tests.materials.factories import make_document

    person = make_member(email="reader@example.org")
    DocumentDownload.objects.create(user=person, document=make_document())
    (category,) = [c for c in categories() if c.name == "materials.downloads"]
    rows = [category.row(obj) for obj in category.queryset(person)]
    assert [row["document"] for row in rows] == ["Протокол"]
    services.account_close(user=person, actor=person)
    assert not DocumentDownload.objects.filter(user=person).exists()
