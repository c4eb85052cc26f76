"""The provider interface: another adapter plugs in through settings alone."""

import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from payments.gateways import (
    CheckoutStart,
    Gateway,
    InvalidNotification,
    Notification,
    Outcome,
    enabled_gateways,
)
from payments.gateways.base import from_minor_units, to_minor_units
from payments.models import PaymentSettings, PaymentStatus
from tests.payments.conftest import post_event, session_event
from tests.payments.factories import bank_settings, make_payment

pytestmark = pytest.mark.django_db


class DummyGateway(Gateway):
    """A second provider as a test would write one: trusts a shared token."""

    name = "dummy"
    label = "Картой или через СБП (Dummy)"

    def is_configured(self):
        return True

    def form_action_origins(self):
        return ["https://pay.dummy.example"]

    def start_checkout(self, payment, *, return_url, cancel_url):
        return CheckoutStart(
            redirect_url=f"https://pay.dummy.example/{payment.reference}",
            session_id=f"d-{payment.reference}",
        )

    def parse_notification(self, request):
        if request.headers.get("X-Token") != "secret":
            raise InvalidNotification("bad token")
        body = json.loads(request.body)
        return Notification(
            provider=self.name,
            event_id=body["id"],
            event_type="payment.succeeded",
            outcome=Outcome.PAID,
            references=(body["reference"],),
            amount=Decimal(body["amount"]),
            currency="RUB",
        )


@pytest.fixture
def two_providers(settings, fake_stripe):
    settings.PAYMENT_GATEWAYS = {
        "stripe": "payments.gateways.stripe.StripeGateway",
        "dummy": "tests.payments.test_gateways.DummyGateway",
    }


def test_minor_units_round_trip():
    assert to_minor_units(Decimal("1500.00")) == 150000
    assert to_minor_units(Decimal("0.015")) == 2
    assert from_minor_units(150000, "RUB") == Decimal("1500.00")
    assert to_minor_units(Decimal("1500"), "JPY") == 1500


def test_each_enabled_provider_gets_a_button_with_its_name(client, home, two_providers):
    bank_settings()
    payment = make_payment()
    client.force_login(payment.user)
    response = client.get(reverse("payments:detail", args=[payment.reference]))
    html = response.content.decode()
    assert "Картой или через СБП (Dummy)" in html
    assert "Картой (Stripe)" in html
    csp = response["Content-Security-Policy"]
    assert "https://pay.dummy.example" in csp


def test_the_second_provider_confirms_through_the_same_pipeline(
    client, home, two_providers
):
    payment = make_payment()
    client.force_login(payment.user)
    redirect = client.post(
        reverse("payments:pay_online", args=[payment.reference, "dummy"])
    )
    assert redirect["Location"] == f"https://pay.dummy.example/{payment.reference}"
    notify = Client(enforce_csrf_checks=True)
    body = json.dumps(
        {"id": "n1", "reference": str(payment.reference), "amount": "1500"}
    )
    url = reverse("payments:webhook", args=["dummy"])
    assert notify.post(url, body, content_type="application/json").status_code == 400
    response = notify.post(
        url, body, content_type="application/json", HTTP_X_TOKEN="secret"
    )
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED
    assert payment.provider == "dummy"


def test_the_stripe_webhook_needs_no_csrf_token(home, webhook_secret):
    payment = make_payment()
    response = post_event(Client(enforce_csrf_checks=True), session_event(payment))
    assert response.status_code == 200


def test_staff_switch_providers_off_in_the_settings(client, home, two_providers):
    from tests.payments.factories import make_reviewer

    admin = make_reviewer(is_superuser=True, is_staff=True)
    settings_ = bank_settings()
    client.force_login(admin)
    url = reverse(
        "wagtailsettings:edit", args=["payments", "paymentsettings", settings_.site_id]
    )
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="online_providers"' in page.content.decode()
    form = page.context["form"]
    data = {
        name: (field.initial if field.initial is not None else "")
        for name, field in form.fields.items()
    }
    data.update({k: v for k, v in form.initial.items() if v is not None})
    data["online_providers"] = ["dummy"]
    data.pop("disabled_providers", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    saved = PaymentSettings.objects.get(pk=settings_.pk)
    assert saved.disabled_providers == ["stripe"]
    assert [g.name for g in enabled_gateways(saved)] == ["dummy"]
