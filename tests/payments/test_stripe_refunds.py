"""Stripe gets refunds too: asked through the real stripe library (the local fake
Stripe API records the request), completed by Stripe's signed refund event."""

import time
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from payments.models import (
    IssueKind,
    PaymentIssue,
    PaymentStatus,
    Refund,
    RefundStatus,
)
from tests.payments.conftest import post_event, session_event
from tests.payments.factories import make_payment
from tests.payments.test_refunds import REASON, ask_refund, make_refunder

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(client, home, fake_stripe):
    """A dues payment the member paid through Stripe Checkout (confirmed)."""
    payment = make_payment()
    client.force_login(payment.user)
    client.post(reverse("payments:pay_online", args=[payment.reference, "stripe"]))
    payment.refresh_from_db()
    post_event(Client(), session_event(payment, payment_intent="pi_paid_1"))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED
    client.logout()
    return payment


def refund_event(refund, event_type="refund.updated", **changes):
    return {
        "id": f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "api_version": "2024-06-20",
        "created": int(time.time()),
        "type": event_type,
        "data": {"object": {**refund, **changes}},
    }


def test_a_stripe_refund_is_asked_and_completed_by_the_signed_event(
    client, paid, fake_stripe
):
    ask_refund(client, paid, make_refunder())

    [request] = fake_stripe.refund_requests()
    refund = Refund.objects.get()
    assert request.params["payment_intent"] == "pi_paid_1"
    assert request.params["amount"] == "150000"  # kopecks
    assert request.params["metadata[payment_reference]"] == str(paid.reference)
    assert request.params["metadata[reason]"] == REASON
    assert request.headers["idempotency-key"] == refund.idempotency_key
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.CONFIRMED
    assert refund.provider_refund_id.startswith("re_test_")

    stripe_refund = fake_stripe.refunds[refund.provider_refund_id]
    response = post_event(Client(), refund_event(stripe_refund, status="succeeded"))

    assert response.content == b"refunded"
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.REFUNDED
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED


def test_a_failed_stripe_refund_leaves_the_payment_paid(client, paid, fake_stripe):
    ask_refund(client, paid, make_refunder())
    refund = Refund.objects.get()
    stripe_refund = fake_stripe.refunds[refund.provider_refund_id]

    post_event(
        Client(),
        refund_event(
            stripe_refund, "refund.failed", status="failed", failure_reason="declined"
        ),
    )

    refund.refresh_from_db()
    assert (refund.status, refund.failure_reason) == (RefundStatus.FAILED, "declined")
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.CONFIRMED
    assert PaymentIssue.objects.get().kind == IssueKind.REFUND_FAILED


def test_a_stripe_refund_done_at_once_refunds_at_once(client, paid, fake_stripe):
    fake_stripe.refund_status = "succeeded"
    ask_refund(client, paid, make_refunder())
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.REFUNDED


def test_staff_can_ask_stripe_about_a_waiting_refund(client, paid, fake_stripe):
    staff = make_refunder()
    ask_refund(client, paid, staff)
    refund = Refund.objects.get()
    fake_stripe.refunds[refund.provider_refund_id]["status"] = "succeeded"

    client.post(reverse("payments_admin:refund_check", args=[paid.reference]))

    paid.refresh_from_db()
    assert paid.status == PaymentStatus.REFUNDED
    fetched = [r.path for r in fake_stripe.requests if r.method == "GET"]
    assert fetched == [f"/v1/refunds/{refund.provider_refund_id}"]


def test_a_refund_event_for_another_payment_intent_is_flagged(
    client, paid, fake_stripe
):
    ask_refund(client, paid, make_refunder())
    stripe_refund = fake_stripe.refunds[Refund.objects.get().provider_refund_id]
    response = post_event(
        Client(),
        refund_event(stripe_refund, status="succeeded", payment_intent="pi_other"),
    )
    assert response.content == b"needs attention"
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.CONFIRMED


def test_an_unsigned_refund_event_is_refused(client, paid, fake_stripe):
    ask_refund(client, paid, make_refunder())
    stripe_refund = fake_stripe.refunds[Refund.objects.get().provider_refund_id]
    response = post_event(
        Client(), refund_event(stripe_refund, status="succeeded"), header="t=1,v1=x"
    )
    assert response.status_code == 400
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.CONFIRMED


def test_a_success_after_a_reported_failure_goes_to_staff_not_a_server_error(
    client, paid, fake_stripe
):
    """Stripe said the refund failed, then (out of order or contradicting itself)
    that it succeeded: the contradiction is flagged for staff and answered 200, so the
    provider stops retrying; the refund stays failed and the payment paid."""
    ask_refund(client, paid, make_refunder())
    refund = Refund.objects.get()
    stripe_refund = fake_stripe.refunds[refund.provider_refund_id]
    post_event(
        Client(),
        refund_event(
            stripe_refund, "refund.failed", status="failed", failure_reason="declined"
        ),
    )

    response = post_event(Client(), refund_event(stripe_refund, status="succeeded"))

    assert (response.status_code, response.content) == (200, b"needs attention")
    refund.refresh_from_db()
    paid.refresh_from_db()
    assert (refund.status, paid.status) == (
        RefundStatus.FAILED,
        PaymentStatus.CONFIRMED,
    )
    assert list(PaymentIssue.objects.order_by("pk").values_list("kind", flat=True)) == [
        IssueKind.REFUND_FAILED,
        IssueKind.STATUS_MISMATCH,
    ]
