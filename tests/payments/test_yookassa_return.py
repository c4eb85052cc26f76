"""Back from YooKassa: the page asks our server, which asks YooKassa when no
notification has come yet (at most every few seconds), and shows the live status."""

import logging
from decimal import Decimal

import pytest
from django.urls import reverse

from payments import webhooks
from payments.models import PaymentStatus, ProviderEvent
from tests.payments.factories import make_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(client, home, fake_yookassa):
    payment = make_payment()
    client.force_login(payment.user)
    client.post(reverse("payments:pay_online", args=[payment.reference, "yookassa"]))
    payment.refresh_from_db()
    return payment


def status(client, payment):
    return client.get(reverse("payments:status", args=[payment.reference])).json()


def test_the_status_asks_yookassa_and_confirms_what_it_says(
    client, started, fake_yookassa
):
    fake_yookassa.succeed(started.provider_session_id)

    data = status(client, started)

    assert data["status"] == PaymentStatus.CONFIRMED
    assert data["final"] is True
    assert [r.path for r in fake_yookassa.fetches()] == [
        f"/v3/payments/{started.provider_session_id}"
    ]
    assert started.events.filter(to_status=PaymentStatus.CONFIRMED).count() == 1


def test_while_yookassa_says_pending_the_page_keeps_waiting(
    client, started, fake_yookassa
):
    data = status(client, started)
    assert data["status"] == PaymentStatus.PROCESSING
    assert data["final"] is False
    assert "ожидаем подтверждение" in data["text"].lower()


def test_yookassa_is_asked_at_most_once_per_interval(client, started, fake_yookassa):
    for _ in range(5):
        status(client, started)
    assert len(fake_yookassa.fetches()) == 1
    assert ProviderEvent.objects.count() == 1


def test_the_return_page_itself_asks_yookassa(client, started, fake_yookassa):
    fake_yookassa.succeed(started.provider_session_id)
    url = reverse("payments:detail", args=[started.reference]) + "?checkout=return"
    html = client.get(url).content.decode()
    assert "Оплачен" in html
    started.refresh_from_db()
    assert started.status == PaymentStatus.CONFIRMED


def test_a_cancelled_payment_shows_its_reason_on_the_live_status(
    client, started, fake_yookassa
):
    fake_yookassa.cancel(started.provider_session_id, reason="3d_secure_failed")
    data = status(client, started)
    assert data["status"] == PaymentStatus.FAILED
    assert "3-D Secure" in data["text"]


def test_an_api_object_that_disagrees_is_not_confirmed_from_the_return_page(
    client, started, fake_yookassa
):
    fake_yookassa.succeed(started.provider_session_id)["amount"]["value"] = "15.00"
    assert status(client, started)["status"] == PaymentStatus.PROCESSING


def test_with_the_api_down_the_member_keeps_waiting(client, started, fake_yookassa):
    fake_yookassa.fail_with = 503
    response = client.get(reverse("payments:status", args=[started.reference]))
    assert response.status_code == 200
    assert response.json()["status"] == PaymentStatus.PROCESSING


def test_a_payment_not_at_a_provider_is_not_asked_about(client, home, fake_yookassa):
    payment = make_payment()
    client.force_login(payment.user)
    assert status(client, payment)["status"] == PaymentStatus.PENDING
    assert fake_yookassa.requests == []


def test_a_provider_without_keys_on_the_server_is_not_asked(
    client, started, fake_yookassa, settings, caplog
):
    settings.YOOKASSA_SECRET_KEY = None
    with caplog.at_level(logging.WARNING, logger="payments.webhooks"):
        status(client, started)
    assert fake_yookassa.fetches() == []
    assert "Could not refresh" not in caplog.text


def test_only_roubles_go_to_yookassa(home, fake_yookassa):
    from payments.gateways import GatewayError
    from payments.gateways.yookassa import YooKassaGateway

    payment = make_payment(amount=Decimal("15.00"))
    payment.currency = "EUR"
    with pytest.raises(GatewayError):
        YooKassaGateway().start_checkout(payment, return_url="/", cancel_url="/")
    assert fake_yookassa.requests == []


def test_refresh_does_nothing_for_a_settled_payment(started, fake_yookassa):
    from payments import services

    services.payment_confirm(payment=started)
    started.refresh_from_db()
    assert webhooks.payment_refresh(started).status == PaymentStatus.CONFIRMED
    assert fake_yookassa.fetches() == []
