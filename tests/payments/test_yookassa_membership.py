"""Membership did not need to know which provider took the money: a payment
confirmed by Stripe's webhook and one confirmed by YooKassa's notification give
the same membership, and refunds through either take it away the same way."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from membership.models import MembershipPeriod, PeriodStatus
from membership.selectors import is_active_member, membership_until
from payments import signals
from payments.models import PaymentStatus, Refund
from tests.payments.conftest import post_event, session_event
from tests.payments.factories import make_payment
from tests.payments.test_refunds import ask_refund, make_refunder
from tests.payments.test_stripe_refunds import refund_event
from tests.payments.yookassa_fixtures import notification_body, notify

pytestmark = pytest.mark.django_db

YEAR_END = datetime.date(2027, 12, 31)


@pytest.fixture
def signal_kwargs():
    """What payments tells the rest of the site, per signal: the keyword names."""
    got = []

    def handler(signal, sender, **kwargs):
        got.append((sender, sorted(kwargs)))

    signals.payment_confirmed.connect(handler)
    signals.payment_refunded.connect(handler)
    yield got
    signals.payment_confirmed.disconnect(handler)
    signals.payment_refunded.disconnect(handler)


def start(client, payment, provider):
    client.force_login(payment.user)
    client.post(reverse("payments:pay_online", args=[payment.reference, provider]))
    client.logout()
    payment.refresh_from_db()
    return payment


def period_facts(user):
    return list(
        MembershipPeriod.objects.filter(user=user).values_list("start", "end", "status")
    )


def test_the_same_membership_from_stripe_and_from_yookassa(
    client,
    home,
    fake_stripe,
    fake_yookassa,
    signal_kwargs,
    django_capture_on_commit_callbacks,
):
    by_card = start(client, make_payment(), "stripe")
    by_sbp = start(client, make_payment(), "yookassa")
    fake_yookassa.succeed(by_sbp.provider_session_id)

    with django_capture_on_commit_callbacks(execute=True):
        post_event(Client(), session_event(by_card, payment_intent="pi_card"))
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            Client(), notification_body("payment.succeeded", by_sbp.provider_session_id)
        )

    for payment in (by_card, by_sbp):
        payment.refresh_from_db()
        assert payment.status == PaymentStatus.CONFIRMED
    assert {by_card.provider, by_sbp.provider} == {"stripe", "yookassa"}
    assert is_active_member(by_card.user) and is_active_member(by_sbp.user)
    assert membership_until(by_card.user) == membership_until(by_sbp.user) == YEAR_END
    assert period_facts(by_card.user) == period_facts(by_sbp.user)
    # Membership hears the same thing from either provider.
    assert signal_kwargs[0] == signal_kwargs[1]

    staff = make_refunder()
    with django_capture_on_commit_callbacks(execute=True):
        ask_refund(client, by_card, staff)
        ask_refund(client, by_sbp, staff)
    card_refund = Refund.objects.get(payment=by_card).provider_refund_id
    sbp_refund = Refund.objects.get(payment=by_sbp).provider_refund_id
    assert is_active_member(by_card.user) and is_active_member(by_sbp.user)

    fake_yookassa.set_refund(sbp_refund, "succeeded")
    with django_capture_on_commit_callbacks(execute=True):
        post_event(
            Client(), refund_event(fake_stripe.refunds[card_refund], status="succeeded")
        )
    with django_capture_on_commit_callbacks(execute=True):
        notify(Client(), notification_body("refund.succeeded", sbp_refund))

    assert not is_active_member(by_card.user)
    assert not is_active_member(by_sbp.user)
    assert period_facts(by_card.user) == period_facts(by_sbp.user)
    assert period_facts(by_sbp.user)[0][2] == PeriodStatus.VOID
    assert signal_kwargs[2] == signal_kwargs[3]
