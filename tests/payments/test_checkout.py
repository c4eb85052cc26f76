"""Paying online: the real stripe library talks to the local fake Stripe API."""

import pytest
from django.urls import reverse

from payments.gateways.stripe import StripeGateway
from payments.models import PaymentEvent, PaymentStatus
from tests.members.factories import make_member
from tests.payments.factories import bank_settings, make_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(home):
    bank_settings()
    return make_payment()


def pay(client, payment, provider="stripe"):
    client.force_login(payment.user)
    return client.post(
        reverse("payments:pay_online", args=[payment.reference, provider])
    )


def test_the_checkout_request_carries_our_amount_currency_reference_and_key(
    client, payment, fake_stripe
):
    response = pay(client, payment)

    [request] = fake_stripe.checkout_requests()
    reference = str(payment.reference)
    params = request.params
    assert params["mode"] == "payment"
    assert params["line_items[0][price_data][unit_amount]"] == "150000"  # kopecks
    assert params["line_items[0][price_data][currency]"] == "rub"
    assert params["line_items[0][quantity]"] == "1"
    assert params["metadata[payment_reference]"] == reference
    assert params["client_reference_id"] == reference
    assert params["payment_intent_data[metadata][payment_reference]"] == reference
    assert params["customer_email"] == payment.user.email
    assert params["success_url"].endswith(f"/payments/{reference}/?checkout=return")
    assert request.headers["idempotency-key"].startswith(f"checkout-{reference}-")
    assert request.headers["authorization"] == "Bearer sk_test_fake"

    session = fake_stripe.sessions[next(iter(fake_stripe.sessions))]
    assert response.status_code == 302
    assert response["Location"] == session["url"]
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PROCESSING
    assert payment.provider_session_id == session["id"]
    assert payment.events.filter(kind=PaymentEvent.Kind.CHECKOUT).exists()


def test_a_double_click_reuses_the_same_session(client, payment, fake_stripe):
    first = pay(client, payment)
    second = pay(client, payment)
    keys = [r.headers["idempotency-key"] for r in fake_stripe.checkout_requests()]
    assert len(keys) == 2 and keys[0] == keys[1]
    assert len(fake_stripe.sessions) == 1
    assert first["Location"] == second["Location"]


def test_stripe_down_sends_the_member_back_with_a_message(client, payment, fake_stripe):
    fake_stripe.fail_with = (500, "api_error")
    response = pay(client, payment)
    assert response.status_code == 302
    assert response["Location"] == reverse("payments:detail", args=[payment.reference])
    page = client.get(response["Location"])
    assert "Онлайн-оплата сейчас недоступна" in page.content.decode()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_a_checkout_url_on_another_origin_is_not_followed(
    client, payment, fake_stripe, settings
):
    settings.STRIPE_CHECKOUT_ORIGIN = "https://checkout.stripe.com"
    response = pay(client, payment)
    assert response["Location"] == reverse("payments:detail", args=[payment.reference])
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_another_member_cannot_start_my_payment(client, payment, fake_stripe):
    client.force_login(make_member())
    response = client.post(
        reverse("payments:pay_online", args=[payment.reference, "stripe"])
    )
    assert response.status_code == 404
    assert fake_stripe.checkout_requests() == []


def test_a_paid_payment_is_not_sent_to_checkout_again(client, payment, fake_stripe):
    from payments.services import payment_confirm

    payment_confirm(payment=payment)
    response = pay(client, payment)
    assert response["Location"] == reverse("payments:detail", args=[payment.reference])
    assert fake_stripe.checkout_requests() == []


def test_a_provider_switched_off_by_staff_is_not_offered(client, payment, fake_stripe):
    bank_settings(disabled_providers=["stripe"])
    client.force_login(payment.user)
    page = client.get(reverse("payments:detail", args=[payment.reference]))
    assert reverse("payments:pay_online", args=[payment.reference, "stripe"]) not in (
        page.content.decode()
    )
    assert pay(client, payment).status_code == 404


def test_without_keys_there_is_no_online_button_but_the_receipt_path(
    client, payment, stripe_off
):
    client.force_login(payment.user)
    html = client.get(reverse("payments:detail", args=[payment.reference])).content
    html = html.decode()
    assert "/pay/stripe/" not in html
    assert reverse("payments:upload_receipt", args=[payment.reference]) in html
    assert pay(client, payment).status_code == 404


def test_fetch_status_reads_the_session(client, payment, fake_stripe):
    pay(client, payment)
    payment.refresh_from_db()
    status = StripeGateway().fetch_status(payment)
    assert status.outcome == "open"
    assert status.references == (str(payment.reference), str(payment.reference))
    assert status.amount == payment.amount
