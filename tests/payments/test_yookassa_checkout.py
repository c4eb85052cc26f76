"""Paying through YooKassa: the real `yookassa` SDK talks to the local fake API."""

from decimal import Decimal

import pytest
from django.urls import reverse

from payments.gateways.yookassa import YooKassaGateway
from payments.models import PaymentEvent, PaymentStatus
from tests.members.factories import code_of
from tests.payments.factories import bank_settings, make_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(home):
    bank_settings()
    return make_payment()


def pay(client, payment, provider="yookassa"):
    client.force_login(payment.user)
    return client.post(
        reverse("payments:pay_online", args=[payment.reference, provider])
    )


def test_the_payment_request_carries_our_amount_reference_code_and_key(
    client, payment, fake_yookassa
):
    response = pay(client, payment)

    [request] = fake_yookassa.payment_requests()
    reference = str(payment.reference)
    body = request.body
    assert body["amount"] == {"value": "1500.00", "currency": "RUB"}
    assert body["capture"] is True
    assert body["confirmation"]["type"] == "redirect"
    assert body["confirmation"]["return_url"].endswith(
        f"/payments/{reference}/?checkout=return"
    )
    assert body["metadata"]["payment_reference"] == reference
    code = code_of(payment.user).display
    assert body["description"] == f"Членский взнос за 2027 год, личный код {code}"
    assert "receipt" not in body  # 54-ФЗ receipts are off by default
    assert "payment_method_data" not in body  # the member chooses card or СБП there
    assert request.headers["idempotence-key"].startswith(f"pay-{reference}-")

    [yookassa_payment] = fake_yookassa.payments.values()
    assert response.status_code == 302
    assert response["Location"] == fake_yookassa.confirmation_page(
        yookassa_payment["id"]
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PROCESSING
    assert payment.provider == "yookassa"
    assert payment.provider_session_id == yookassa_payment["id"]
    assert payment.events.filter(kind=PaymentEvent.Kind.CHECKOUT).exists()


def test_a_double_click_reuses_the_same_yookassa_payment(
    client, payment, fake_yookassa
):
    first = pay(client, payment)
    second = pay(client, payment)
    keys = [r.headers["idempotence-key"] for r in fake_yookassa.payment_requests()]
    assert len(keys) == 2 and keys[0] == keys[1]
    assert len(fake_yookassa.payments) == 1
    assert first["Location"] == second["Location"]


def test_the_54fz_receipt_is_sent_when_the_setting_is_on(
    client, payment, fake_yookassa, settings
):
    settings.YOOKASSA_RECEIPTS = True
    settings.YOOKASSA_VAT_CODE = 1
    settings.YOOKASSA_PAYMENT_SUBJECT = "service"
    settings.YOOKASSA_PAYMENT_MODE = "full_prepayment"
    pay(client, payment)

    [request] = fake_yookassa.payment_requests()
    receipt = request.body["receipt"]
    assert receipt["customer"] == {"email": payment.user.email}
    [item] = receipt["items"]
    assert item["description"] == "Членский взнос за 2027 год"
    assert Decimal(item["quantity"]) == 1
    assert item["amount"] == {"value": "1500.00", "currency": "RUB"}
    assert item["vat_code"] == 1
    assert item["payment_subject"] == "service"
    assert item["payment_mode"] == "full_prepayment"


def test_kopecks_travel_as_a_decimal_string(client, home, fake_yookassa):
    payment = make_payment(amount=Decimal("1234.50"))
    pay(client, payment)
    [request] = fake_yookassa.payment_requests()
    assert request.body["amount"]["value"] == "1234.50"


def test_a_confirmation_url_on_another_origin_is_not_followed(
    client, payment, fake_yookassa, settings
):
    settings.YOOKASSA_CONFIRMATION_ORIGINS = ["https://yoomoney.ru"]
    response = pay(client, payment)
    assert response.status_code == 302
    assert response["Location"] == reverse("payments:detail", args=[payment.reference])
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_with_the_api_down_the_member_is_told_and_nothing_changes(
    client, payment, fake_yookassa
):
    fake_yookassa.fail_with = 500
    response = pay(client, payment)
    page = client.get(response["Location"])
    assert "Онлайн-оплата сейчас недоступна" in page.content.decode()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_fetch_status_reads_the_payment_from_the_api(client, payment, fake_yookassa):
    pay(client, payment)
    payment.refresh_from_db()
    fake_yookassa.succeed(payment.provider_session_id)

    status = YooKassaGateway().fetch_status(payment)

    assert status.outcome == "paid"
    assert status.references == (str(payment.reference),)
    assert status.amount == Decimal("1500.00")
    assert status.currency == "RUB"
    assert status.provider_payment_id == payment.provider_session_id
