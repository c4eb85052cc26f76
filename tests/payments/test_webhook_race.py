"""The same Stripe event delivered twice at the same moment confirms once.

On PostgreSQL, two threads post the same signed event; a barrier makes them enter
their transactions together. The control removes the guards (the unique event id
and the row locks) and shows the race is real: two confirmations.
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from payments import services, webhooks
from payments.models import Payment, PaymentStatus, ProviderEvent
from tests.factories import make_home
from tests.payments.conftest import post_event, session_event
from tests.payments.factories import make_payment

pytestmark = [
    pytest.mark.postgres,
    # serialized_rollback: what migrations created (the reviewers group, Wagtail's
    # root page) is back for the tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def deliver_twice_at_once(event):
    results = []

    def deliver():
        try:
            results.append(post_event(Client(), event))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def confirmations(payment):
    return payment.events.filter(to_status=PaymentStatus.CONFIRMED).count()


@pytest.fixture
def payment(webhook_secret):
    make_home()
    return make_payment()


def test_the_same_event_twice_at_once_confirms_once(payment, monkeypatch):
    barrier = threading.Barrier(2, timeout=10)
    store = webhooks._store_event

    def store_together(notification):
        barrier.wait()  # both requests are inside their transactions now
        return store(notification)

    monkeypatch.setattr(webhooks, "_store_event", store_together)
    results = deliver_twice_at_once(session_event(payment))

    assert sorted(r.status_code for r in results) == [200, 200]
    assert sorted(r.content for r in results) == [b"confirmed", b"duplicate"]
    assert confirmations(payment) == 1
    assert ProviderEvent.objects.count() == 1


def test_control_without_the_guards_the_race_confirms_twice(payment, monkeypatch):
    """Remove the unique event record and the row locks: both requests read the
    payment as pending and both confirm it."""
    barrier = threading.Barrier(2, timeout=10)
    counter = iter(range(1000))

    def store_without_uniqueness(notification):
        return ProviderEvent.objects.create(
            provider=notification.provider,
            event_id=f"{notification.event_id}-{next(counter)}",
            event_type=notification.event_type,
            payload={},
        )

    def find_without_lock(notification):
        return Payment.objects.filter(reference=notification.reference).first()

    def read_without_lock(payment):
        fresh = Payment.objects.get(pk=payment.pk)
        barrier.wait()  # both have read "pending"
        return fresh

    monkeypatch.setattr(webhooks, "_store_event", store_without_uniqueness)
    monkeypatch.setattr(webhooks, "_find_payment", find_without_lock)
    monkeypatch.setattr(services, "_lock", read_without_lock)
    results = deliver_twice_at_once(session_event(payment))

    assert [r.content for r in results] == [b"confirmed", b"confirmed"]
    assert confirmations(payment) == 2
