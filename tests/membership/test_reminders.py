"""Reminders: 30 and 7 days before the end and the day after; each sent once."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from freezegun import freeze_time

from membership.models import ReminderSent
from membership.services import reminders as reminders_module
from membership.services import reminders_send
from tests.membership.factories import (
    make_applicant,
    make_period,
    receipt_under_review,
    year,
)

D = datetime.date


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """reminders_send with the after-commit mails run (the test is one transaction)."""

    def run(today):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_send(today=today)

    return run


@pytest.fixture
def member(home):
    person = make_applicant(email="member@example.org")
    make_period(person, *year(2026))
    mail.outbox.clear()
    return person


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (D(2026, 12, 1), "before_30"),
        (D(2026, 12, 20), "before_30"),  # a missed run still sends it
        (D(2026, 12, 24), "before_7"),
        (D(2026, 12, 31), "before_7"),
        (D(2027, 1, 1), "expired"),
    ],
)
def test_the_reminder_due_on_a_day(send, member, today, kind):
    assert send(today) == 1
    assert ReminderSent.objects.get().kind == kind
    assert mail.outbox[0].to == ["member@example.org"]
    assert "31.12.2026" in mail.outbox[0].subject + mail.outbox[0].body


@pytest.mark.django_db
@pytest.mark.parametrize("today", [D(2026, 6, 1), D(2026, 11, 30), D(2027, 2, 15)])
def test_no_reminder_outside_the_windows(send, member, today):
    assert send(today) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_run_twice_sends_once(send, member):
    send(D(2026, 12, 1))
    send(D(2026, 12, 1))
    with freeze_time("2026-12-01 09:00:00+03:00"):
        call_command("send_membership_reminders")
    assert send(D(2026, 12, 2)) == 0  # the same reminder, next day
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_each_reminder_once_over_the_whole_end(send, member):
    days = [D(2026, 12, 1) + datetime.timedelta(days=n) for n in range(40)]
    sent = [send(day) for day in days]
    assert sum(sent) == 3
    assert sorted(ReminderSent.objects.values_list("kind", flat=True)) == [
        "before_30",
        "before_7",
        "expired",
    ]


@pytest.mark.django_db
def test_a_renewed_member_gets_no_expiry_reminder(send, member):
    make_period(member, *year(2027))
    assert send(D(2027, 1, 1)) == 0


@pytest.mark.django_db
def test_no_reminder_while_a_receipt_is_reviewed(send, member):
    receipt_under_review(member, year(2027))
    assert send(D(2026, 12, 24)) == 0
    assert not ReminderSent.objects.exists()


def _run_concurrently(today, runs=2):
    errors = []

    def run():
        try:
            reminders_send(today=today)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_one_reminder(member, is_postgres, monkeypatch):
    if not is_postgres:
        pytest.skip("needs PostgreSQL")
    barrier = threading.Barrier(2, timeout=10)
    claim = reminders_module._claim

    def claim_together(**kwargs):
        barrier.wait()  # both runs reach the claim at the same moment
        return claim(**kwargs)

    monkeypatch.setattr(reminders_module, "_claim", claim_together)
    _run_concurrently(D(2026, 12, 1))
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_control_a_check_without_the_claim_sends_twice(
    member, is_postgres, monkeypatch
):
    """The control: checking first and sending after races; the claim is the fix."""
    if not is_postgres:
        pytest.skip("needs PostgreSQL")
    barrier = threading.Barrier(2, timeout=10)

    def check_then_send(*, user, kind, until):
        seen = ReminderSent.objects.filter(
            user=user, kind=kind, period_end=until
        ).exists()
        barrier.wait()
        return not seen

    monkeypatch.setattr(reminders_module, "_claim", check_then_send)
    _run_concurrently(D(2026, 12, 1))
    assert len(mail.outbox) == 2
