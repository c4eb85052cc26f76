"""The same YooKassa notification delivered twice at the same moment confirms once.

On PostgreSQL, two threads post the same notification from YooKassa's address;
each fetches the payment from the fake API, then a barrier makes them enter their
transactions together. The control removes the guards (the unique event record
and the row locks) and shows the race is real: two confirmations.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from payments import services, webhooks
from payments.models import Payment, PaymentStatus, ProviderEvent
from tests.factories import make_home
from tests.payments.factories import make_payment
from tests.payments.yookassa_fixtures import notification_body, notify

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def paid_at_yookassa(fake_yookassa):
    make_home()
    payment = make_payment()
    client = Client()
    client.force_login(payment.user)
    client.post(reverse("payments:pay_online", args=[payment.reference, "yookassa"]))
    payment.refresh_from_db()
    fake_yookassa.succeed(payment.provider_session_id)
    return payment


def deliver_twice_at_once(body):
    results = []

    def deliver():
        try:
            results.append(notify(Client(), body))
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


def test_the_same_notification_twice_at_once_confirms_once(
    paid_at_yookassa, fake_yookassa, monkeypatch
):
    payment = paid_at_yookassa
    barrier = threading.Barrier(2, timeout=10)
    store = webhooks._store_event

    def store_together(notification):
        barrier.wait()  # both requests fetched the payment and are in their transaction
        return store(notification)

    monkeypatch.setattr(webhooks, "_store_event", store_together)
    body = notification_body("payment.succeeded", payment.provider_session_id)
    results = deliver_twice_at_once(body)

    assert sorted(r.status_code for r in results) == [200, 200]
    assert sorted(r.content for r in results) == [b"confirmed", b"duplicate"]
    assert len(fake_yookassa.fetches()) == 2
    assert confirmations(payment) == 1
    assert ProviderEvent.objects.count() == 1


def test_control_without_the_guards_the_race_confirms_twice(
    paid_at_yookassa, monkeypatch
):
    """Remove the unique event record and the row locks: both requests read the
    payment as processing and both confirm it."""
    payment = paid_at_yookassa
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
        barrier.wait()  # both have read "processing"
        return fresh

    monkeypatch.setattr(webhooks, "_store_event", store_without_uniqueness)
    monkeypatch.setattr(webhooks, "_find_payment", find_without_lock)
    monkeypatch.setattr(services, "_lock", read_without_lock)
    body = notification_body("payment.succeeded", payment.provider_session_id)
    results = deliver_twice_at_once(body)

    assert [r.content for r in results] == [b"confirmed", b"confirmed"]
    assert confirmations(payment) == 2
