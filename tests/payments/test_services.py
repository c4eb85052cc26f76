"""The payment services: creation per period, confirmation, failure, history."""

from decimal import Decimal
from unittest import mock

import pytest
from django.db import IntegrityError, transaction

from payments import services, signals
from payments.errors import PaymentsError
from payments.models import Payment, PaymentEvent, PaymentKind, PaymentStatus
from tests.members.factories import make_member
from tests.payments.factories import (
    YEAR_START,
    bank_settings,
    make_payment,
    make_reviewer,
    make_staff_without_review,
    submit_receipt,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    """Signals received (after commit), as (name, payment) pairs."""
    got = []

    def receiver(name):
        def handler(sender, payment, **kwargs):
            got.append((name, payment.pk))

        return handler

    handlers = {
        "confirmed": receiver("confirmed"),
        "failed": receiver("failed"),
        "refunded": receiver("refunded"),
    }
    signals.payment_confirmed.connect(handlers["confirmed"])
    signals.payment_failed.connect(handlers["failed"])
    signals.payment_refunded.connect(handlers["refunded"])
    yield got
    signals.payment_confirmed.disconnect(handlers["confirmed"])
    signals.payment_failed.disconnect(handlers["failed"])
    signals.payment_refunded.disconnect(handlers["refunded"])


def test_create_gives_a_pending_payment_with_its_history(home):
    payment = make_payment()
    assert payment.status == PaymentStatus.PENDING
    assert payment.amount == Decimal("1500.00")
    assert list(payment.events.values_list("kind", flat=True)) == ["created"]


def test_a_double_click_returns_the_same_open_payment(home):
    member = make_member()
    first = make_payment(member)
    second = make_payment(member)
    assert first.pk == second.pk
    assert Payment.objects.filter(user=member).count() == 1


def test_paying_twice_for_a_paid_period_is_refused(home):
    member = make_member()
    payment = make_payment(member)
    services.payment_confirm(payment=payment, by=make_reviewer())
    with pytest.raises(PaymentsError) as error:
        make_payment(member)
    assert "уже оплачен" in str(error.value.message)


def test_a_receipt_under_review_blocks_a_second_payment(home):
    bank_settings()
    member = make_member()
    submit_receipt(make_payment(member))
    with pytest.raises(PaymentsError) as error:
        make_payment(member)
    assert "уже на проверке" in str(error.value.message)


def test_the_database_refuses_two_live_payments_for_one_period(home):
    """Even code that skips the service cannot pay twice for the same period."""
    payment = make_payment()
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            user=payment.user,
            kind=PaymentKind.DUES,
            amount=payment.amount,
            period_start=YEAR_START,
            description="again",
        )


def test_a_dead_payment_frees_the_period(home):
    payment = services.payment_fail(payment=make_payment())
    again = services.payment_retry(payment=payment, user=payment.user)
    assert again.pk != payment.pk
    assert again.status == PaymentStatus.PENDING
    assert (again.amount, again.period_start) == (payment.amount, payment.period_start)


def test_retry_is_refused_while_the_payment_is_open(home):
    payment = make_payment()
    with pytest.raises(PaymentsError):
        services.payment_retry(payment=payment, user=payment.user)


def test_retry_of_someone_elses_payment_is_refused(home):
    payment = services.payment_fail(payment=make_payment())
    with pytest.raises(PaymentsError):
        services.payment_retry(payment=payment, user=make_member())


def test_confirm_is_idempotent(
    home, mailoutbox, received, django_capture_on_commit_callbacks
):
    payment = make_payment()
    with django_capture_on_commit_callbacks(execute=True):
        services.payment_confirm(payment=payment)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.payment_confirm(payment=payment)
    assert again.status == PaymentStatus.CONFIRMED
    assert payment.events.filter(to_status=PaymentStatus.CONFIRMED).count() == 1
    assert received == [("confirmed", payment.pk)]
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [payment.user.email]


def test_confirmed_signal_waits_for_the_commit(
    home, received, django_capture_on_commit_callbacks
):
    payment = make_payment()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.payment_confirm(payment=payment)
    assert received == []
    for callback in callbacks:
        callback()
    assert ("confirmed", payment.pk) in received


def test_a_mail_failure_never_undoes_the_confirmation(home):
    payment = make_payment()
    with mock.patch("payments.services.send_mail", side_effect=RuntimeError("SMTP")):
        services.payment_confirm(payment=payment)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED


def test_a_failing_signal_receiver_does_not_break_the_others(
    home, received, django_capture_on_commit_callbacks
):
    def broken(sender, payment, **kwargs):
        raise RuntimeError("membership is down")

    signals.payment_confirmed.connect(broken)
    try:
        payment = make_payment()
        with django_capture_on_commit_callbacks(execute=True):
            services.payment_confirm(payment=payment)
    finally:
        signals.payment_confirmed.disconnect(broken)
    assert ("confirmed", payment.pk) in received


def test_staff_without_the_review_permission_cannot_confirm(home):
    payment = make_payment()
    with pytest.raises(PaymentsError):
        services.payment_confirm(payment=payment, by=make_staff_without_review())
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_a_refused_transition_changes_nothing(home):
    payment = make_payment()
    services.payment_confirm(payment=payment)
    with pytest.raises(PaymentsError):
        services.payment_fail(payment=payment)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED


def test_history_is_append_only(home):
    payment = make_payment()
    event = payment.events.get()
    event.data = {"forged": True}
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        PaymentEvent.objects.filter(payment=payment).update(data={})
    with pytest.raises(TypeError):
        PaymentEvent.objects.filter(payment=payment).delete()


def test_refund_voids_the_payment_and_tells_membership(
    home, received, django_capture_on_commit_callbacks
):
    reviewer = make_reviewer()
    payment = make_payment()
    services.payment_confirm(payment=payment, by=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        services.payment_refund(payment=payment, by=reviewer, reason="Двойная оплата")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert ("refunded", payment.pk) in received


def test_refund_needs_the_permission_and_a_reason(home):
    payment = make_payment()
    services.payment_confirm(payment=payment)
    with pytest.raises(PaymentsError):
        services.payment_refund(
            payment=payment, by=make_staff_without_review(), reason="x"
        )
    with pytest.raises(PaymentsError):
        services.payment_refund(payment=payment, by=make_reviewer(), reason="  ")


def test_a_member_cancels_only_their_own_open_payment(home):
    payment = make_payment()
    with pytest.raises(PaymentsError):
        services.payment_cancel(payment=payment, by=make_member())
    services.payment_cancel(payment=payment, by=payment.user)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED


def test_state_changes_are_audited(home):
    from core.audit import entries_for_user

    payment = make_payment()
    reviewer = make_reviewer()
    services.payment_confirm(payment=payment, by=reviewer)
    actions = list(entries_for_user(payment.user).values_list("action", flat=True))
    assert "payments.payment.confirmed" in actions


def test_only_the_owner_starts_an_online_payment(home):
    from payments.gateways.stripe import StripeGateway

    payment = make_payment()
    with pytest.raises(PaymentsError):
        services.payment_start_online(
            payment=payment,
            user=make_member(),
            gateway=StripeGateway(),
            return_url="https://example.org/r",
            cancel_url="https://example.org/c",
        )


def test_a_member_cannot_cancel_a_payment_under_review(home):
    bank_settings()
    payment = make_payment()
    submit_receipt(payment)
    with pytest.raises(PaymentsError):
        services.payment_cancel(payment=payment, by=payment.user)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.AWAITING_REVIEW


def test_resolving_an_issue_needs_the_permission_and_words(home):
    from payments.models import IssueKind

    issue = services.issue_flag(kind=IssueKind.UNKNOWN_REFERENCE, provider="stripe")
    with pytest.raises(PaymentsError):
        services.issue_resolve(
            issue=issue, by=make_staff_without_review(), resolution="ok"
        )
    with pytest.raises(PaymentsError):
        services.issue_resolve(issue=issue, by=make_reviewer(), resolution=" ")
    issue.refresh_from_db()
    assert issue.resolved_at is None
