"""Guards the mutation check (scripts/guard_mutations.py) found undefended: each
test fails when its guard or audit entry is removed."""

from types import SimpleNamespace

import pytest

from core.audit import entries_for_user
from payments import services
from payments.models import IssueKind, PaymentStatus
from tests.payments.factories import (
    make_payment,
    png_bytes,
    submit_receipt,
)

pytestmark = pytest.mark.django_db


def actions(user):
    return list(entries_for_user(user).values_list("action", flat=True))


def test_creating_a_payment_is_in_the_members_history(home):
    payment = make_payment()
    assert actions(payment.user)[0] == "payments.payment.created"


def test_cancelling_is_in_the_members_history(home):
    payment = make_payment()
    services.payment_cancel(payment=payment, by=payment.user)
    assert actions(payment.user)[0] == "payments.payment.cancelled"


@pytest.mark.parametrize(
    ("outcome", "action"),
    [
        (PaymentStatus.FAILED, "payments.payment.failed"),
        (PaymentStatus.EXPIRED, "payments.payment.expired"),
    ],
)
def test_a_failed_or_expired_payment_is_in_the_members_history(home, outcome, action):
    payment = make_payment()
    services.payment_fail(payment=payment, outcome=outcome, reason="Отказ банка")
    assert actions(payment.user)[0] == action


def test_a_receipt_and_its_replacement_are_in_the_members_history(home):
    payment = make_payment()
    submit_receipt(payment)
    submit_receipt(payment, data=png_bytes(color=(1, 2, 3)))
    assert actions(payment.user)[:2] == [
        "payments.receipt.replaced",
        "payments.receipt.submitted",
    ]


def test_starting_an_online_payment_is_in_the_members_history(home):
    payment = make_payment()
    gateway = SimpleNamespace(
        name="stripe",
        start_checkout=lambda payment, **kw: SimpleNamespace(
            session_id="cs_test_1", redirect_url="https://pay.example/cs_test_1"
        ),
    )
    services.payment_start_online(
        payment=payment,
        user=payment.user,
        gateway=gateway,
        return_url="https://site.example/back",
        cancel_url="https://site.example/cancel",
    )
    assert actions(payment.user)[0] == "payments.checkout.started"


def test_a_flagged_notification_is_in_the_members_history(home):
    payment = make_payment()
    services.issue_flag(
        kind=IssueKind.values[0], provider="stripe", event_id="evt_1", payment=payment
    )
    assert actions(payment.user)[0] == "payments.issue.flagged"


def test_an_unknown_kind_of_payment_is_refused_and_nothing_is_stored(home):
    from decimal import Decimal

    from payments.errors import PaymentsError
    from payments.models import Payment
    from tests.members.factories import make_member

    with pytest.raises(PaymentsError):
        services.payment_create(
            user=make_member(),
            kind="donation",
            amount=Decimal("100.00"),
            currency="RUB",
            period_start=None,
            period_end=None,
            description="?",
        )
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    "amount", ["0.00", "-1500.00", None], ids=["zero", "minus", "none"]
)
def test_a_payment_without_a_positive_amount_is_a_clear_refusal(home, amount):
    """The database refuses it too, but as a server error; the service answers in
    words (a fee set to 0 in the settings must not crash the member's page)."""
    from decimal import Decimal

    from payments.errors import PaymentsError
    from payments.models import Payment

    with pytest.raises(PaymentsError) as refused:
        make_payment(amount=None if amount is None else Decimal(amount))
    assert str(refused.value.message) == "Сумма должна быть больше нуля."
    assert not Payment.objects.exists()


def test_a_payment_confirmed_while_the_provider_is_called_is_not_restarted(home):
    """Two tabs: the provider's notification confirms the payment while this tab
    waits for the provider's checkout page. Under the lock the payment is no longer
    open: refused, and the confirmed payment keeps its provider and session (the
    member is not sent to pay twice). The interleaving is made deterministic by
    confirming from inside the gateway call."""
    from payments.errors import PaymentsError
    from payments.models import Payment

    payment = make_payment()

    def start_checkout(started, **kw):
        services.payment_confirm(
            payment=Payment.objects.get(pk=started.pk),
            provider="yookassa",
            provider_payment_id="pay_first_tab",
        )
        return SimpleNamespace(
            session_id="cs_second_tab", redirect_url="https://pay.example/cs_2"
        )

    gateway = SimpleNamespace(name="stripe", start_checkout=start_checkout)
    with pytest.raises(PaymentsError) as refused:
        services.payment_start_online(
            payment=payment,
            user=payment.user,
            gateway=gateway,
            return_url="https://site.example/back",
            cancel_url="https://site.example/cancel",
        )
    assert str(refused.value.message) == "Этот платёж уже нельзя оплатить онлайн."
    payment.refresh_from_db()
    assert (payment.status, payment.provider, payment.provider_session_id) == (
        PaymentStatus.CONFIRMED,
        "yookassa",
        "",
    )
    assert "payments.checkout.started" not in actions(payment.user)


def test_a_failure_reported_twice_changes_nothing_the_second_time(home):
    """payment_fail is idempotent, as its callers are promised: the second report
    of the same failure returns the payment quietly (no error about a failed
    payment that cannot become failed) and the history has one failure. (The
    webhook, today its only caller, also checks the status under the row lock.)"""
    from payments.models import PaymentEvent

    payment = make_payment()
    services.payment_fail(payment=payment, reason="Отказ банка")
    again = services.payment_fail(payment=payment, reason="Отказ банка")
    assert again.status == PaymentStatus.FAILED
    assert actions(payment.user).count("payments.payment.failed") == 1
    assert (
        PaymentEvent.objects.filter(
            payment=payment, to_status=PaymentStatus.FAILED
        ).count()
        == 1
    )


def test_two_staff_recording_one_transfer_refund_record_it_once(home):
    """Two staff open the same paid-by-transfer payment and both record its refund:
    the second one's page still says "paid" (refund_start's own check reads that
    stale copy), so only the check under the lock in payment_refund sees it is
    refunded already: no error, one refund in the history."""
    from payments import receipts, refunds
    from payments.models import Payment
    from tests.payments.factories import make_reviewer

    payment = make_payment()
    submit_receipt(payment)
    receipts.receipt_confirm(payment=payment, by=make_reviewer())
    first_page = Payment.objects.get(pk=payment.pk)
    second_page = Payment.objects.get(pk=payment.pk)
    refunds.refund_start(
        payment=first_page, by=_refund_staff(), reason="Двойная оплата"
    )
    again = refunds.refund_start(
        payment=second_page, by=_refund_staff(), reason="Двойная оплата"
    )
    assert again.status == PaymentStatus.REFUNDED
    assert actions(payment.user).count("payments.payment.refunded") == 1


def _refund_staff():
    """Staff who may refund payments and record transfer refunds."""
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    user = UserFactory()
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "refund_payment", "review_receipt"]
        )
    )
    return user


def test_refunding_a_refunded_payment_again_is_a_quiet_no_op(home):
    """A second click on "refund" after the transfer refund was recorded: the
    payment is returned as it is, no "only a paid payment" error, one refund in
    the history."""
    from payments import receipts, refunds
    from tests.payments.factories import make_reviewer

    payment = make_payment()
    submit_receipt(payment)
    receipts.receipt_confirm(payment=payment, by=make_reviewer())
    payment.refresh_from_db()
    staff = _refund_staff()
    refunds.refund_start(payment=payment, by=staff, reason="Двойная оплата")
    payment.refresh_from_db()
    again = refunds.refund_start(payment=payment, by=staff, reason="Двойная оплата")
    assert again.status == PaymentStatus.REFUNDED
    assert actions(payment.user).count("payments.payment.refunded") == 1


def test_an_unpaid_transfer_payment_is_not_refunded_with_a_plain_reason(home):
    """A receipt still under review: refusing it is refund_start's own check (the
    status machine below would refuse it too, but with its technical sentence)."""
    from payments import refunds
    from payments.errors import PaymentsError

    payment = make_payment()
    submit_receipt(payment)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.AWAITING_REVIEW
    with pytest.raises(PaymentsError) as refused:
        refunds.refund_start(payment=payment, by=_refund_staff(), reason="Ошибка")
    assert str(refused.value.message) == "Вернуть можно только оплаченный платёж."
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.AWAITING_REVIEW


def test_a_failed_refund_is_not_turned_into_a_success_afterwards(home):
    """The provider reported the refund failed; a later "succeeded" for the same
    refund (out of order, or contradictory) does not reopen it: the refund stays
    failed and the payment keeps counting."""
    from django.db import transaction

    from payments import refunds
    from payments.errors import PaymentsError
    from payments.models import Payment, Refund, RefundStatus

    payment = make_payment()
    services.payment_confirm(payment=payment)
    refund = Refund.objects.create(
        payment=payment,
        provider="yookassa",
        provider_refund_id="rf_1",
        amount=payment.amount,
        currency=payment.currency,
        reason="Двойная оплата",
        status=RefundStatus.FAILED,
    )
    with pytest.raises(PaymentsError) as refused, transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        refunds.refund_complete(payment=locked, refund_id="rf_1", amount=payment.amount)
    assert str(refused.value.message) == "Этот возврат уже завершён."
    refund.refresh_from_db()
    payment.refresh_from_db()
    assert refund.status == RefundStatus.FAILED
    assert payment.status == PaymentStatus.CONFIRMED
