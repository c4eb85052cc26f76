"""The member's payment page, its status, uploads and the checked receipt file."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from payments import receipts
from payments.models import PaymentStatus
from payments.templatetags.payments_tags import transfer_qr_svg
from tests.members.factories import code_of, make_member
from tests.payments.factories import (
    bank_settings,
    make_payment,
    make_reviewer,
    make_staff_without_review,
    pdf_bytes,
    png_bytes,
    submit_receipt,
    uploaded,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(home):
    bank_settings()
    return make_payment()


def detail_url(payment, query=""):
    return reverse("payments:detail", args=[payment.reference]) + query


def page(client, payment, query=""):
    client.force_login(payment.user)
    response = client.get(detail_url(payment, query))
    assert response.status_code == 200
    return response


def test_the_page_shows_amount_period_details_purpose_and_qr(
    client, payment, stripe_off
):
    html = page(client, payment).content.decode()
    code = code_of(payment.user).display
    assert "1\u202f500,00\u00a0₽" in html
    assert "2027" in html
    assert "40703810900000001234" in html and "044525225" in html
    assert f"{payment.user.get_full_name()}, личный код {code}" in html
    # The QR on the page encodes exactly the ST00012 text of this payment.
    purpose = f"Членский взнос 2027 год. {payment.user.get_full_name()}, личный код {code}. Без НДС"
    expected = receipts.st00012(payment, bank_settings(), purpose=purpose)
    assert 'class="qr"' in html
    assert transfer_qr_svg(expected).split("<path", 1)[1] in html
    assert 'enctype="multipart/form-data"' in html
    assert "<script>" not in html and " style=" not in html


def test_another_member_gets_404(client, payment):
    client.force_login(make_member())
    assert client.get(detail_url(payment)).status_code == 404
    assert (
        client.get(reverse("payments:status", args=[payment.reference])).status_code
        == 404
    )


def test_anonymous_visitors_are_sent_to_log_in(client, payment):
    response = client.get(detail_url(payment))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_without_bank_details_the_page_says_so(client, home, stripe_off):
    payment = make_payment()
    html = page(client, payment).content.decode()
    assert 'class="qr"' not in html
    assert "ещё не опубликовало банковские реквизиты" in html


def test_only_the_payment_page_widens_form_action_for_checkout(
    client, payment, fake_stripe
):
    csp = page(client, payment)["Content-Security-Policy"]
    assert f"form-action 'self' {fake_stripe.url};" in csp
    cabinet = client.get(reverse("members:index"))["Content-Security-Policy"]
    assert "form-action 'self';" in cabinet
    assert fake_stripe.url not in cabinet


def test_without_online_payment_the_page_keeps_the_strict_form_action(
    client, payment, stripe_off
):
    assert "form-action 'self';" in page(client, payment)["Content-Security-Policy"]


def test_returning_from_checkout_shows_the_waiting_status_and_refreshes(
    client, payment, fake_stripe
):
    client.force_login(payment.user)
    client.post(reverse("payments:pay_online", args=[payment.reference, "stripe"]))
    html = page(client, payment, "?checkout=return").content.decode()
    assert "data-status-url" in html
    assert '<noscript><meta http-equiv="refresh"' in html
    assert "payments/payments.js" in html
    assert "ожидаем подтверждение платежа" in html.lower()


def test_status_answers_json(client, payment):
    client.force_login(payment.user)
    data = client.get(reverse("payments:status", args=[payment.reference])).json()
    assert data["status"] == "pending"
    assert data["final"] is True


def test_uploading_a_receipt_shows_the_due_date(client, payment):
    client.force_login(payment.user)
    with mock.patch(
        "payments.receipts.local_today", return_value=datetime.date(2025, 4, 25)
    ):
        response = client.post(
            reverse("payments:upload_receipt", args=[payment.reference]),
            {"file": uploaded(png_bytes(), "чек.png"), "paid_amount": "1500,00"},
        )
    assert response.status_code == 302
    with mock.patch("core.time.local_today", return_value=datetime.date(2025, 4, 25)):
        html = client.get(detail_url(payment)).content.decode()
    assert "квитанция на проверке, ответим до 06.05.2025" in html.lower()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.AWAITING_REVIEW


def test_a_refused_file_is_explained_on_the_page(client, payment):
    client.force_login(payment.user)
    response = client.post(
        reverse("payments:upload_receipt", args=[payment.reference]),
        {"file": uploaded(b"<svg></svg>", "receipt.jpg", "image/jpeg")},
    )
    assert response.status_code == 400
    assert "SVG" in response.content.decode()
    assert not payment.receipts.exists()


def test_a_future_payment_date_is_refused(client, payment):
    client.force_login(payment.user)
    response = client.post(
        reverse("payments:upload_receipt", args=[payment.reference]),
        {"file": uploaded(png_bytes()), "paid_on": "2999-01-01"},
    )
    assert response.status_code == 400
    assert not payment.receipts.exists()


def test_another_member_cannot_upload_to_my_payment(client, payment):
    client.force_login(make_member())
    response = client.post(
        reverse("payments:upload_receipt", args=[payment.reference]),
        {"file": uploaded(png_bytes())},
    )
    assert response.status_code == 404
    assert not payment.receipts.exists()


def receipt_url(receipt):
    return reverse("payments:receipt_file", args=[receipt.key])


def test_the_owner_gets_the_file_with_protective_headers(client, payment):
    receipt = submit_receipt(payment)
    client.force_login(payment.user)
    response = client.get(receipt_url(receipt))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")
    assert "чек" not in response["Content-Disposition"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_download_is_an_attachment(client, payment):
    receipt = submit_receipt(payment, data=pdf_bytes(), name="чек.pdf")
    client.force_login(payment.user)
    response = client.get(receipt_url(receipt) + "?download=1")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"


def test_another_member_gets_404_for_my_receipt(client, payment):
    receipt = submit_receipt(payment)
    client.force_login(make_member())
    assert client.get(receipt_url(receipt)).status_code == 404


def test_staff_without_the_review_permission_get_404(client, payment):
    receipt = submit_receipt(payment)
    client.force_login(make_staff_without_review())
    assert client.get(receipt_url(receipt)).status_code == 404


def test_reviewers_get_the_file(client, payment):
    receipt = submit_receipt(payment)
    client.force_login(make_reviewer())
    assert client.get(receipt_url(receipt)).status_code == 200


def test_anonymous_visitors_never_get_the_file(client, payment):
    receipt = submit_receipt(payment)
    response = client.get(receipt_url(receipt))
    assert response.status_code == 302


def test_retry_after_a_failure_opens_a_new_payment(client, payment):
    from payments.services import payment_fail

    payment_fail(payment=payment)
    client.force_login(payment.user)
    response = client.post(reverse("payments:retry", args=[payment.reference]))
    new_reference = response["Location"].rstrip("/").split("/")[-1]
    assert new_reference != str(payment.reference)
    assert client.get(response["Location"]).status_code == 200
