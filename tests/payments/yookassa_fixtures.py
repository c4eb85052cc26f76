"""Fixtures and helpers for the YooKassa tests: the fake API server, the settings
that point the real SDK at it, and notifications as YooKassa sends them."""

import json

import pytest
from django.urls import reverse

from tests.payments.fake_yookassa import SECRET_KEY, SHOP_ID, FakeYooKassa

#: An address in YooKassa's published range (the SDK's SecurityHelper list).
YOOKASSA_IP = "185.71.76.10"
OTHER_IP = "203.0.113.7"


@pytest.fixture(scope="session")
def fake_yookassa_server():
    server = FakeYooKassa().start()
    yield server
    server.stop()


@pytest.fixture
def fake_yookassa(fake_yookassa_server, settings):
    """YooKassa switched on, the real SDK pointed at the local fake server."""
    fake_yookassa_server.reset()
    settings.YOOKASSA_SHOP_ID = SHOP_ID
    settings.YOOKASSA_SECRET_KEY = SECRET_KEY
    settings.YOOKASSA_API_BASE = fake_yookassa_server.api_base
    settings.YOOKASSA_CONFIRMATION_ORIGINS = [fake_yookassa_server.url]
    settings.YOOKASSA_NOTIFICATION_IPS = []
    settings.YOOKASSA_RECEIPTS = False
    yield fake_yookassa_server
    fake_yookassa_server.reset()


def notification_body(event, object_id, **object_fields):
    """A notification as YooKassa posts it: the event and a copy of the object."""
    return {
        "type": "notification",
        "event": event,
        "object": {"id": object_id, **object_fields},
    }


def notify(client, body, *, ip=YOOKASSA_IP, **headers):
    """POST a notification to our endpoint from `ip` (the socket's address)."""
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(
        reverse("payments:yookassa_notification"),
        data=data,
        content_type="application/json",
        REMOTE_ADDR=ip,
        **headers,
    )
