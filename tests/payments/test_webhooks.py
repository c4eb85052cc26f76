"""The Stripe webhook: only a signed, matching notification confirms, once."""

import time
from decimal import Decimal
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from payments import services
from payments.models import (
    IssueKind,
    PaymentIssue,
    PaymentStatus,
    ProviderEvent,
)
from tests.payments.conftest import post_event, session_event
from tests.payments.factories import (
    bank_settings,
    make_payment,
    make_reviewer,
    submit_receipt,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(home, webhook_secret):
    return make_payment()


def status_of(payment):
    payment.refresh_from_db()
    return payment.status


def test_a_paid_checkout_confirms_the_payment(
    client, payment, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client, session_event(payment))
    assert response.status_code == 200
    assert status_of(payment) == PaymentStatus.CONFIRMED
    assert payment.method == "online" and payment.provider == "stripe"
    assert payment.provider_payment_id == "pi_test_1"
    assert ProviderEvent.objects.get().payment_id == payment.pk
    assert len(mailoutbox) == 1


def test_a_bad_signature_is_refused(client, payment):
    response = post_event(client, session_event(payment), secret="whsec_wrong")
    assert response.status_code == 400
    assert status_of(payment) == PaymentStatus.PENDING
    assert not ProviderEvent.objects.exists()


def test_a_missing_signature_is_refused(client, payment):
    response = post_event(client, session_event(payment), header="")
    assert response.status_code == 400
    assert status_of(payment) == PaymentStatus.PENDING


def test_a_stale_timestamp_is_refused(client, payment):
    """A captured event replayed later fails the tolerance check."""
    response = post_event(
        client, session_event(payment), timestamp=int(time.time()) - 600
    )
    assert response.status_code == 400
    assert status_of(payment) == PaymentStatus.PENDING


def test_a_body_changed_after_signing_is_refused(client, payment):
    import json

    import stripe

    event = session_event(payment)
    header = stripe.WebhookSignature.generate_signature_header(
        json.dumps(event), "whsec_test_secret"
    )
    event["data"]["object"]["amount_total"] = 1
    response = post_event(client, event, header=header)
    assert response.status_code == 400


def test_unreadable_body_is_refused(client, payment):
    import stripe

    payload = "{not json"
    header = stripe.WebhookSignature.generate_signature_header(
        payload, "whsec_test_secret"
    )
    response = client.post(
        reverse("payments:stripe_webhook"),
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
    assert response.status_code == 400


def test_completed_but_unpaid_confirms_nothing(client, payment):
    response = post_event(client, session_event(payment, payment_status="unpaid"))
    assert response.status_code == 200
    assert status_of(payment) == PaymentStatus.PENDING


def test_async_payment_succeeded_confirms(client, payment):
    post_event(client, session_event(payment, payment_status="unpaid"))
    response = post_event(
        client, session_event(payment, "checkout.session.async_payment_succeeded")
    )
    assert response.status_code == 200
    assert status_of(payment) == PaymentStatus.CONFIRMED


def test_async_payment_failed_fails(client, payment):
    response = post_event(
        client,
        session_event(
            payment, "checkout.session.async_payment_failed", payment_status="unpaid"
        ),
    )
    assert response.status_code == 200
    assert status_of(payment) == PaymentStatus.FAILED


def test_expired_session_expires_the_payment(client, payment):
    response = post_event(
        client,
        session_event(payment, "checkout.session.expired", payment_status="unpaid"),
    )
    assert response.status_code == 200
    assert status_of(payment) == PaymentStatus.EXPIRED


def test_other_event_types_are_answered_200_and_ignored(client, payment):
    event = session_event(payment, "payment_intent.succeeded")
    response = post_event(client, event)
    assert response.status_code == 200
    assert status_of(payment) == PaymentStatus.PENDING
    assert ProviderEvent.objects.get().event_id == event["id"]


@pytest.mark.parametrize(
    ("override", "kind"),
    [
        ({"amount": Decimal("15.00")}, IssueKind.AMOUNT_MISMATCH),
        ({"currency": "usd"}, IssueKind.CURRENCY_MISMATCH),
        (
            {"client_reference": "00000000-0000-0000-0000-000000000000"},
            IssueKind.REFERENCE_MISMATCH,
        ),
    ],
    ids=["amount", "currency", "client-reference"],
)
def test_a_mismatch_confirms_nothing_and_needs_attention(
    client, payment, override, kind
):
    response = post_event(client, session_event(payment, **override))
    assert response.status_code == 200
    assert status_of(payment) == PaymentStatus.PENDING
    issue = PaymentIssue.objects.get()
    assert (issue.kind, issue.payment_id) == (kind, payment.pk)
    assert payment.events.filter(kind="mismatch").exists()


def test_an_unknown_reference_needs_attention(client, payment):
    response = post_event(
        client, session_event(payment, reference="7d0e4f1c-0000-4000-8000-000000000000")
    )
    assert response.status_code == 200
    assert status_of(payment) == PaymentStatus.PENDING
    assert PaymentIssue.objects.get().kind == IssueKind.UNKNOWN_REFERENCE


def test_a_late_failure_after_success_changes_nothing(client, payment):
    post_event(client, session_event(payment))
    response = post_event(
        client, session_event(payment, "checkout.session.async_payment_failed")
    )
    assert response.status_code == 200
    assert status_of(payment) == PaymentStatus.CONFIRMED


def test_a_late_expiry_after_a_receipt_was_sent_changes_nothing(client, payment):
    bank_settings()
    submit_receipt(payment)
    post_event(client, session_event(payment, "checkout.session.expired"))
    assert status_of(payment) == PaymentStatus.AWAITING_REVIEW


def test_the_same_event_twice_confirms_once(
    client, payment, mailoutbox, django_capture_on_commit_callbacks
):
    event = session_event(payment)
    with django_capture_on_commit_callbacks(execute=True):
        first = post_event(client, event)
    with django_capture_on_commit_callbacks(execute=True):
        second = post_event(client, event)
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.content == b"duplicate"
    assert payment.events.filter(to_status=PaymentStatus.CONFIRMED).count() == 1
    assert ProviderEvent.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_second_paid_event_for_a_confirmed_payment_changes_nothing(client, payment):
    post_event(client, session_event(payment))
    response = post_event(client, session_event(payment))
    assert response.content == b"already confirmed"
    assert payment.events.filter(to_status=PaymentStatus.CONFIRMED).count() == 1
    assert not PaymentIssue.objects.exists()


def test_money_for_a_payment_already_paid_by_receipt_needs_attention(client, payment):
    bank_settings()
    submit_receipt(payment)
    from payments.receipts import receipt_confirm

    receipt_confirm(payment=payment, by=make_reviewer())
    post_event(client, session_event(payment))
    assert PaymentIssue.objects.get().kind == IssueKind.PAID_TWICE


def test_money_for_a_closed_payment_needs_attention(client, payment):
    services.payment_cancel(payment=payment, by=payment.user)
    post_event(client, session_event(payment))
    assert status_of(payment) == PaymentStatus.CANCELLED
    assert PaymentIssue.objects.get().kind == IssueKind.PAID_WHEN_CLOSED


def test_a_lock_timeout_answers_503_and_stores_nothing(client, payment):
    """Stripe retries a 5xx; the retry is then processed normally."""
    event = session_event(payment)
    with mock.patch(
        "payments.webhooks._find_payment",
        side_effect=OperationalError("canceling statement due to lock timeout"),
    ):
        response = post_event(client, event)
    assert response.status_code == 503
    assert not ProviderEvent.objects.exists()
    assert status_of(payment) == PaymentStatus.PENDING
    retry = post_event(client, event)
    assert retry.status_code == 200
    assert status_of(payment) == PaymentStatus.CONFIRMED


def test_the_webhook_is_closed_without_stripe_keys(client, payment, stripe_off):
    assert post_event(client, session_event(payment)).status_code == 404


def test_the_webhook_takes_only_post(client, payment):
    assert client.get(reverse("payments:stripe_webhook")).status_code == 405


def test_a_huge_body_is_refused(client, payment):
    response = client.post(
        reverse("payments:stripe_webhook"),
        data="x" * (300 * 1024),
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE="t=1,v1=0",
    )
    assert response.status_code == 413


def test_an_unknown_provider_is_404(client, payment):
    response = client.post(
        "/payments/webhooks/nonesuch/", data="{}", content_type="application/json"
    )
    assert response.status_code == 404


def test_an_old_sessions_expiry_leaves_the_current_one_alone(client, payment):
    from payments.models import Payment

    Payment.objects.filter(pk=payment.pk).update(
        status=PaymentStatus.PROCESSING, provider_session_id="cs_new"
    )
    payment.refresh_from_db()
    post_event(
        client,
        session_event(payment, "checkout.session.expired", session_id="cs_old"),
    )
    assert status_of(payment) == PaymentStatus.PROCESSING
