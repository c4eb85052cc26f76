import io

import pytest

from payments import demo
from payments.models import PaymentSettings
from tests.payments.factories import bank_settings

pytestmark = pytest.mark.django_db


def test_demo_accountant_reviews_receipts_and_bank_details_are_filled(client, home):
    out = io.StringIO()
    demo.load(home=home, stdout=out)
    demo.load(home=home, stdout=out)
    settings_ = PaymentSettings.objects.get()
    assert settings_.has_bank_details and "ДЕМО" in settings_.bank_name
    assert demo.REVIEWER_EMAIL in out.getvalue()
    client.post(
        "/accounts/login/",
        {"login": demo.REVIEWER_EMAIL, "password": demo.REVIEWER_PASSWORD},
    )
    assert client.get("/admin/payments/receipts/").status_code == 200


def test_demo_keeps_the_bank_details_staff_entered(home):
    bank_settings()
    demo.load(home=home, stdout=io.StringIO())
    assert PaymentSettings.objects.get().bank_name == "ПАО Сбербанк"
