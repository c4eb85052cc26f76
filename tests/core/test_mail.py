"""Every e-mail is stored, then sent by a task after the transaction commits."""

import io
import logging
from unittest import mock

import pytest
from django.core import mail as django_mail
from django.db import transaction
from wagtail.models import ModelLogEntry

from core.mail import MailError, deliver, mail_resend, send_mail
from core.models import OutgoingMail, Specialty
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PREFIX = "account/email/unknown_account"
CONTEXT = {"email": "someone@example.org", "signup_url": "https://x.example/s/"}
SMTP_DOWN = mock.patch(
    "django.core.mail.EmailMultiAlternatives.send",
    side_effect=ConnectionRefusedError("smtp down"),
)


def change_and_mail():
    """A service's shape: a change, then a mail, in one transaction."""
    with transaction.atomic():
        Specialty.objects.create(name="Андрология-тест", slug="andro-test")
        return send_mail(
            to="someone@example.org", template_prefix=PREFIX, context=CONTEXT
        )


def test_mail_is_rendered_in_russian_with_the_society_and_sent_after_commit(
    home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        stored = change_and_mail()
    # One callback sends the mail; others (cache generations) may follow the change.
    assert django_mail.outbox == [] and callbacks
    stored.refresh_from_db()
    assert stored.status == OutgoingMail.Status.QUEUED
    for callback in callbacks:
        callback()
    [message] = django_mail.outbox
    assert message.to == ["someone@example.org"]
    assert "восстановление пароля" in message.subject
    assert "someone@example.org" in message.body
    html = message.alternatives[0][0]
    assert 'lang="ru"' in html and "https://x.example/s/" in html
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == (OutgoingMail.Status.SENT, 1)
    assert stored.sent_at is not None


def test_sent_mail_does_not_keep_its_links_in_the_database(
    home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        stored = change_and_mail()
    stored.refresh_from_db()
    assert stored.body_text == "" and stored.body_html == ""


def test_nothing_is_sent_when_the_transaction_rolls_back(
    home, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_mail(to="someone@example.org", template_prefix=PREFIX, context=CONTEXT)
        raise RuntimeError("the change failed")
    assert django_mail.outbox == []
    assert not OutgoingMail.objects.exists()


def test_a_failed_send_is_recorded_and_does_not_undo_the_change(
    home, django_capture_on_commit_callbacks, caplog
):
    with (
        SMTP_DOWN,
        caplog.at_level(logging.ERROR, logger="core.mail"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        stored = change_and_mail()
    assert Specialty.objects.filter(slug="andro-test").exists()
    stored.refresh_from_db()
    assert stored.status == OutgoingMail.Status.FAILED
    assert stored.attempts == 1
    assert "smtp down" in stored.last_error
    assert stored.body_text  # kept, so it can be sent again
    assert "Could not send stored mail" in caplog.text


def test_a_mail_is_sent_once_even_if_the_task_runs_twice(
    home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        stored = change_and_mail()
    assert deliver(stored.pk) is False
    assert len(django_mail.outbox) == 1


@pytest.fixture
def failed_mail(home, django_capture_on_commit_callbacks):
    with SMTP_DOWN, django_capture_on_commit_callbacks(execute=True):
        return change_and_mail()


def test_staff_resend_a_failed_mail_and_it_is_audited(
    failed_mail, django_capture_on_commit_callbacks
):
    staff = UserFactory(is_staff=True, is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        mail_resend(mail=failed_mail, actor=staff)
    failed_mail.refresh_from_db()
    assert (failed_mail.status, failed_mail.attempts) == (OutgoingMail.Status.SENT, 2)
    assert len(django_mail.outbox) == 1
    entry = ModelLogEntry.objects.get(action="core.mail.resent")
    assert entry.user == staff and entry.object_id == str(failed_mail.pk)


def test_only_staff_with_the_permission_may_resend(failed_mail):
    member = UserFactory()
    with pytest.raises(MailError):
        mail_resend(mail=failed_mail, actor=member)
    failed_mail.refresh_from_db()
    assert failed_mail.status == OutgoingMail.Status.FAILED


def test_a_mail_that_was_sent_is_not_sent_again(
    home, django_capture_on_commit_callbacks
):
    staff = UserFactory(is_staff=True, is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        stored = change_and_mail()
    with pytest.raises(MailError):
        mail_resend(mail=stored, actor=staff)
    assert len(django_mail.outbox) == 1
    assert not ModelLogEntry.objects.filter(action="core.mail.resent").exists()


def test_the_task_backend_is_a_setting(settings):
    from django_tasks import task_backends

    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    assert type(task_backends["default"]).__name__ == "ImmediateBackend"


def test_the_periodic_job_retries_failed_mail_until_attempts_run_out(
    failed_mail, settings
):
    from django.core.management import call_command
    from django.utils import timezone

    settings.MAIL_MAX_ATTEMPTS = 2
    OutgoingMail.objects.filter(pk=failed_mail.pk).update(
        created_at=timezone.now() - timezone.timedelta(hours=1)
    )
    with SMTP_DOWN:
        call_command("send_queued_mail", stdout=io.StringIO())
        call_command("send_queued_mail", stdout=io.StringIO())
    failed_mail.refresh_from_db()
    assert (failed_mail.status, failed_mail.attempts) == (OutgoingMail.Status.FAILED, 2)
    call_command("send_queued_mail", stdout=io.StringIO())
    assert django_mail.outbox == []
