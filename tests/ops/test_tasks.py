"""Background tasks on RQ: mail waits in Redis until a worker runs, transient
failures are retried later, permanent ones wait for staff."""

import os
import smtplib
from unittest import mock

import pytest
from django.core import mail as django_mail
from django.core.management import CommandError, call_command
from django.test import override_settings

from core.mail import is_transient, requeue_unsent, send_mail
from core.models import OutgoingMail

PREFIX = "account/email/unknown_account"
CONTEXT = {"email": "someone@example.org", "signup_url": "https://x.example/s/"}
REDIS_URL = os.environ.get("REDIS_URL")
needs_redis = pytest.mark.skipif(
    not REDIS_URL, reason="REDIS_URL is not set: the RQ queue needs a real Redis"
)
RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


@pytest.fixture
def rq_queue():
    """Tasks go to an empty RQ queue in the test Redis; returns the queue."""
    import django_rq

    with override_settings(TASKS=RQ_TASKS, RQ_QUEUES={"default": {"URL": REDIS_URL}}):
        queue = django_rq.get_queue("default")
        queue.connection.flushdb()
        yield queue
        queue.connection.flushdb()


def run_worker():
    """What `manage.py worker --burst --simple` does, without closing the test's
    database connection (the command resets connections before forking)."""
    import django_rq
    from rq import SimpleWorker

    worker = django_rq.get_worker(
        "default", job_class="django_tasks_rq.Job", worker_class=SimpleWorker
    )
    worker.work(burst=True)


def mail_something(capture):
    with capture(execute=True):
        return send_mail(
            to="someone@example.org", template_prefix=PREFIX, context=CONTEXT
        )


@needs_redis
@pytest.mark.django_db
def test_mail_waits_in_the_queue_until_a_worker_runs(
    home, rq_queue, django_capture_on_commit_callbacks
):
    stored = mail_something(django_capture_on_commit_callbacks)

    stored.refresh_from_db()
    assert stored.status == OutgoingMail.Status.QUEUED
    assert django_mail.outbox == []
    assert rq_queue.count == 1

    run_worker()

    stored.refresh_from_db()
    assert stored.status == OutgoingMail.Status.SENT
    assert [m.to for m in django_mail.outbox] == [["someone@example.org"]]


@needs_redis
@pytest.mark.django_db
def test_mail_stored_while_the_queue_is_down_goes_out_when_it_is_back(
    home, rq_queue, django_capture_on_commit_callbacks
):
    with override_settings(RQ_QUEUES={"default": {"URL": "redis://127.0.0.1:1/0"}}):
        stored = mail_something(django_capture_on_commit_callbacks)  # no error
    stored.refresh_from_db()
    assert stored.status == OutgoingMail.Status.QUEUED

    # The periodic `manage.py send_queued_mail` once Redis is back:
    from django.utils import timezone

    assert requeue_unsent(older_than=timezone.now() + timezone.timedelta(1)) == 1
    run_worker()

    stored.refresh_from_db()
    assert stored.status == OutgoingMail.Status.SENT
    assert len(django_mail.outbox) == 1


@needs_redis
@pytest.mark.django_db
def test_a_transient_failure_is_retried_later_by_the_worker(
    home, rq_queue, django_capture_on_commit_callbacks
):
    from rq.registry import ScheduledJobRegistry

    stored = mail_something(django_capture_on_commit_callbacks)
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send",
        side_effect=smtplib.SMTPServerDisconnected("connection lost"),
    ):
        run_worker()
    stored.refresh_from_db()
    assert stored.status == OutgoingMail.Status.FAILED
    registry = ScheduledJobRegistry(queue=rq_queue)
    [job_id] = registry.get_job_ids()
    assert (
        50
        <= registry.get_scheduled_time(rq_queue.fetch_job(job_id)).timestamp()
        - (stored.last_attempt_at.timestamp())
        <= 70
    )  # MAIL_RETRY_DELAYS[0] = 60 s

    # The scheduler's turn, a minute later:
    rq_queue.enqueue_job(rq_queue.fetch_job(job_id))
    run_worker()

    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == (OutgoingMail.Status.SENT, 2)
    assert len(django_mail.outbox) == 1


@needs_redis
@pytest.mark.django_db
def test_a_refused_address_is_not_retried_and_waits_for_staff(
    home, rq_queue, django_capture_on_commit_callbacks
):
    from rq.registry import ScheduledJobRegistry

    stored = mail_something(django_capture_on_commit_callbacks)
    refused = smtplib.SMTPRecipientsRefused(
        {"someone@example.org": (550, b"no such user")}
    )
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=refused
    ):
        run_worker()

    stored.refresh_from_db()
    assert stored.status == OutgoingMail.Status.FAILED  # listed for staff to resend
    assert ScheduledJobRegistry(queue=rq_queue).get_job_ids() == []


def test_which_failures_are_worth_retrying():
    assert is_transient(ConnectionRefusedError("down"))
    assert is_transient(TimeoutError())
    assert is_transient(smtplib.SMTPServerDisconnected())
    assert is_transient(smtplib.SMTPDataError(451, b"try later"))
    assert not is_transient(smtplib.SMTPDataError(554, b"rejected"))
    assert not is_transient(smtplib.SMTPAuthenticationError(535, b"bad login"))
    assert not is_transient(
        smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"unknown")})
    )


def test_worker_command_says_what_to_set_when_tasks_run_in_the_web_process():
    with pytest.raises(CommandError, match="TASKS_BACKEND=django_tasks_rq.RQBackend"):
        call_command("worker", burst=True)
