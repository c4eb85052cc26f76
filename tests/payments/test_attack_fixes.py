"""Fixes after the attack on the site: a signed but malformed Stripe event and a bad
Content-Length header are answered 400, never 500, and change nothing."""

import json

import pytest
import stripe
from django.urls import reverse

from payments.models import PaymentStatus, ProviderEvent
from tests.payments.conftest import WEBHOOK_SECRET, post_event, session_event
from tests.payments.factories import make_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(home, webhook_secret):
    return make_payment()


def _session_with(payment, **changes):
    event = session_event(payment)
    event["data"]["object"].update(changes)
    return event


def _refund_with(payment, **changes):
    event = session_event(payment, "refund.updated")
    event["data"]["object"] = {
        "id": "re_test_1",
        "object": "refund",
        "status": "succeeded",
        "amount": 150000,
        "currency": "rub",
        "payment_intent": "pi_test_1",
        "metadata": {"payment_reference": str(payment.reference)},
        **changes,
    }
    return event


MALFORMED = {
    "currency is a number": lambda p: _session_with(p, currency=643),
    "metadata is a list": lambda p: _session_with(p, metadata=["payment_reference"]),
    "metadata is a string": lambda p: _session_with(p, metadata="x"),
    "payment_status is a list": lambda p: _session_with(p, payment_status=["paid"]),
    "the session is a list": lambda p: {**session_event(p), "data": {"object": [1]}},
    "the session is a string": lambda p: {**session_event(p), "data": {"object": "x"}},
    "data is a list": lambda p: {**session_event(p), "data": [1, 2]},
    "data is a string": lambda p: {**session_event(p), "data": "x"},
    "the id is a number": lambda p: {**session_event(p), "id": 12345},
    "the type is a list": lambda p: {**session_event(p), "type": ["x"]},
    "refund currency is a number": lambda p: _refund_with(p, currency=643),
    "refund metadata is a list": lambda p: _refund_with(p, metadata=[1]),
    "refund is a list": lambda p: {**_refund_with(p), "data": {"object": [1]}},
    "refund data is a list": lambda p: {**_refund_with(p), "data": [1]},
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_signed_malformed_event_is_refused_with_400(client, payment, case):
    response = post_event(client, MALFORMED[case](payment))
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert not ProviderEvent.objects.exists()


@pytest.mark.parametrize("body", [[1, 2], "just a string", 42, None])
def test_a_signed_body_that_is_not_an_object_is_refused_with_400(client, payment, body):
    payload = json.dumps(body)
    header = stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET)
    response = client.post(
        reverse("payments:stripe_webhook"),
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
    assert response.status_code == 400
    assert not ProviderEvent.objects.exists()


@pytest.mark.parametrize("length", ["abc", "1e9", " "])
def test_a_bad_content_length_header_is_refused_with_400(client, payment, length):
    payload = json.dumps(session_event(payment))
    header = stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET)
    response = client.post(
        reverse("payments:stripe_webhook"),
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
        CONTENT_LENGTH=length,
    )
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
