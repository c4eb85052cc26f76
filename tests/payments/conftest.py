import json
import time
import uuid

import pytest
import stripe
from django.conf import settings as django_settings
from django.urls import reverse

from payments.gateways.base import to_minor_units
from tests.payments.fake_stripe import FakeStripe
from tests.payments.yookassa_fixtures import (  # noqa: F401 - fixtures
    fake_yookassa,
    fake_yookassa_server,
)

WEBHOOK_SECRET = "whsec_test_secret"


def pytest_collection_modifyitems(config, items):
    """Races are tested on PostgreSQL only (SQLite locks the whole database)."""
    if django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def fake_stripe_server():
    server = FakeStripe().start()
    yield server
    server.stop()


@pytest.fixture
def fake_stripe(fake_stripe_server, settings):
    """Stripe switched on, the real library pointed at the local fake server."""
    fake_stripe_server.reset()
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = fake_stripe_server.url
    settings.STRIPE_CHECKOUT_ORIGIN = fake_stripe_server.url
    yield fake_stripe_server
    fake_stripe_server.reset()


@pytest.fixture
def stripe_off(settings):
    settings.STRIPE_SECRET_KEY = None
    settings.STRIPE_WEBHOOK_SECRET = None


@pytest.fixture
def webhook_secret(settings):
    """Only the webhook side of Stripe configured (no API calls needed)."""
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return WEBHOOK_SECRET


def session_event(
    payment,
    event_type="checkout.session.completed",
    *,
    event_id=None,
    payment_status="paid",
    amount=None,
    currency=None,
    reference=None,
    client_reference=None,
    session_id=None,
    payment_intent="pi_test_1",
):
    """A Stripe event about a Checkout Session for `payment` (overridable parts)."""
    reference = str(payment.reference) if reference is None else reference
    return {
        "id": event_id or f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "api_version": "2024-06-20",
        "created": int(time.time()),
        "type": event_type,
        "data": {
            "object": {
                "id": session_id or payment.provider_session_id or "cs_test_session",
                "object": "checkout.session",
                "amount_total": to_minor_units(
                    payment.amount if amount is None else amount
                ),
                "currency": currency or payment.currency.lower(),
                "client_reference_id": (
                    reference if client_reference is None else client_reference
                ),
                "metadata": {"payment_reference": reference},
                "payment_status": payment_status,
                "status": "complete",
                "payment_intent": payment_intent,
            }
        },
    }


def post_event(client, event, *, secret=WEBHOOK_SECRET, timestamp=None, header=None):
    """POST `event` to the webhook signed with stripe's own signature helper."""
    payload = json.dumps(event)
    if header is None:
        header = stripe.WebhookSignature.generate_signature_header(
            payload, secret, timestamp
        )
    return client.post(
        reverse("payments:stripe_webhook"),
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
