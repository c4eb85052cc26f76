"""Refunds: staff ask for the money back through the provider that took it; the
provider's notification (or its status, fetched) completes the refund, and only
then does the payment stop counting (`payment_refunded`).

A payment paid by bank transfer is refunded by the office's own bank transfer;
staff then record it (payments.services.payment_refund), from the same screen.
Each change is shaped like the services in payments.services.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services, signals
from .errors import PaymentsError
from .gateways import GatewayError, TransientGatewayError, get_gateway
from .models import (
    LIVE_REFUND_STATUSES,
    REFUND_TRANSITIONS,
    Payment,
    PaymentEvent,
    PaymentMethod,
    PaymentStatus,
    Refund,
    RefundStatus,
)

logger = logging.getLogger(__name__)

REFUND_PERMISSION = "payments.refund_payment"
REASON_LENGTH = 1000


def can_refund(user):
    return bool(user and user.is_active and user.has_perm(REFUND_PERMISSION))


def refund_gateway(payment):
    """The configured adapter of the provider that took `payment`, or None."""
    if payment.method != PaymentMethod.ONLINE or not payment.provider:
        return None
    gateway = get_gateway(payment.provider)
    return gateway if gateway is not None and gateway.is_configured() else None


def live_refund(payment):
    """The payment's refund that is requested or done (at most one), or None."""
    return payment.refunds.filter(status__in=LIVE_REFUND_STATUSES).first()


def refund_start(*, payment, by, reason):
    """Return the whole amount of a confirmed payment to the member.

    Online: a Refund is recorded (requested) and the provider asked; a double click
    or a retry after a timeout reuses the same refund and idempotency key. Paid by
    transfer: the refund is recorded at once (the office returned the money).
    Returns the payment.
    """
    if not can_refund(by):
        raise PaymentsError(_("Only staff allowed to refund payments can do this."))
    reason = " ".join((reason or "").split())[:REASON_LENGTH]
    if not reason:
        raise PaymentsError(_("Say why the money is returned."))
    if payment.status == PaymentStatus.REFUNDED:
        return payment
    if payment.status != PaymentStatus.CONFIRMED:
        raise PaymentsError(_("Only a paid payment can be refunded."))
    if payment.method != PaymentMethod.ONLINE:
        return services.payment_refund(payment=payment, by=by, reason=reason)
    gateway = refund_gateway(payment)
    if gateway is None or not payment.provider_payment_id:
        raise PaymentsError(
            _(
                "The provider that took this payment is not configured on this "
                "server: refund it in the provider's dashboard."
            )
        )
    refund = _refund_record(payment, by=by, reason=reason)
    _ask_provider(refund, gateway)
    payment.refresh_from_db()
    return payment


def _refund_record(payment, *, by, reason):
    """The payment's live refund, or a new one (requested); committed before the
    provider is called."""
    with transaction.atomic():
        payment = services._lock(payment)
        if payment.status != PaymentStatus.CONFIRMED:
            raise PaymentsError(_("Only a paid payment can be refunded."))
        refund = live_refund(payment)
        if refund is not None:
            return refund
        try:
            with transaction.atomic():
                refund = Refund.objects.create(
                    payment=payment,
                    provider=payment.provider,
                    amount=payment.amount,
                    currency=payment.currency,
                    reason=reason,
                    requested_by=by,
                )
        except IntegrityError:  # pragma: no cover - the payment row is locked
            return live_refund(payment)
        PaymentEvent.objects.create(
            payment=payment,
            kind=PaymentEvent.Kind.REFUND,
            actor=by,
            data={"refund": refund.pk, "status": refund.status, "reason": reason},
        )
        services._audit(
            "payments.refund.requested",
            payment,
            actor=by,
            data={"amount": str(refund.amount), "reason": reason},
        )
    return refund


def _ask_provider(refund, gateway):
    from .webhooks import notification_process

    payment = refund.payment
    try:
        notification = gateway.refund(
            payment,
            amount=refund.amount,
            reason=refund.reason,
            idempotency_key=refund.idempotency_key,
        )
    except TransientGatewayError as error:
        logger.warning("Refund %s: provider unavailable: %s", refund.pk, error)
        raise PaymentsError(
            _(
                "The provider did not answer. The refund is recorded as requested: "
                "try again in a few minutes (the money is never returned twice)."
            )
        ) from error
    except GatewayError as error:
        logger.warning("Refund %s refused by the provider: %s", refund.pk, error)
        refund_fail(payment=payment, refund_id="", reason=str(error)[:500])
        raise PaymentsError(
            _("The provider refused the refund: %(error)s") % {"error": error}
        ) from error
    with transaction.atomic():
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if not refund.provider_refund_id and notification.refund_id:
            refund.provider_refund_id = notification.refund_id
            refund.save(update_fields=["provider_refund_id"])
    notification_process(notification)


def refund_check(*, payment, by):
    """Staff ask the provider about the refund now (when no notification came)."""
    from .webhooks import notification_process

    if not can_refund(by):
        raise PaymentsError(_("Only staff allowed to refund payments can do this."))
    refund = live_refund(payment)
    gateway = refund_gateway(payment)
    if refund is None or refund.status != RefundStatus.REQUESTED or gateway is None:
        return payment
    if not refund.provider_refund_id:
        _ask_provider(refund, gateway)
    else:
        try:
            notification_process(
                gateway.fetch_refund(payment, refund.provider_refund_id)
            )
        except GatewayError as error:
            raise PaymentsError(
                _("The provider did not answer. Try again in a few minutes.")
            ) from error
    payment.refresh_from_db()
    return payment


def _refund_for(payment, refund_id):
    """The refund a provider reports on (row locked): ours by its provider id, or
    the live one still waiting for its id; None when staff did not ask for it."""
    refunds = Refund.objects.select_for_update().filter(payment=payment)
    if refund_id:
        found = refunds.filter(provider_refund_id=refund_id).first()
        if found is not None:
            return found
    return refunds.filter(status=RefundStatus.REQUESTED, provider_refund_id="").first()


def _refund_transition(refund, to_status, **fields):
    if to_status not in REFUND_TRANSITIONS.get(refund.status, ()):
        raise PaymentsError(_("This refund is already finished."))
    refund.status = to_status
    for name, value in fields.items():
        setattr(refund, name, value)
    refund.save(update_fields=["status", *fields])


def refund_complete(*, payment, refund_id, amount, data=None):
    """The provider says the money went back: the payment is refunded (locked
    `payment` given; idempotent). A refund staff did not ask for (made in the
    provider's dashboard) is recorded too."""
    if payment.status == PaymentStatus.REFUNDED:
        return payment
    refund = _refund_for(payment, refund_id)
    if refund is None:
        refund = Refund.objects.create(
            payment=payment,
            provider=payment.provider,
            provider_refund_id=refund_id,
            amount=amount,
            currency=payment.currency,
            reason=str(_("Refunded in the provider's dashboard")),
        )
    _refund_transition(
        refund,
        RefundStatus.SUCCEEDED,
        provider_refund_id=refund_id or refund.provider_refund_id,
        completed_at=timezone.now(),
    )
    payment.status_reason = refund.reason
    services._transition(
        payment,
        PaymentStatus.REFUNDED,
        actor=refund.requested_by,
        data={"refund": refund.pk, **(data or {})},
        fields=["status_reason"],
    )
    services._audit(
        "payments.payment.refunded",
        payment,
        data={"reason": refund.reason, "provider": payment.provider, **(data or {})},
    )
    services.mail_member(payment, "payment_refunded", reason=refund.reason)
    signals.send_on_commit(signals.payment_refunded, payment=payment)
    return payment


def refund_fail(*, payment, refund_id, reason):
    """The provider could not return the money: the refund failed, the payment
    still counts, and staff see why."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        refund = _refund_for(payment, refund_id)
        if refund is None or refund.status != RefundStatus.REQUESTED:
            return None
        _refund_transition(
            refund,
            RefundStatus.FAILED,
            provider_refund_id=refund_id or refund.provider_refund_id,
            failure_reason=reason,
            completed_at=timezone.now(),
        )
        PaymentEvent.objects.create(
            payment=payment,
            kind=PaymentEvent.Kind.REFUND,
            data={"refund": refund.pk, "status": refund.status, "reason": reason},
        )
        services._audit(
            "payments.refund.failed", payment, data={"reason": reason[:500]}
        )
    return refund
