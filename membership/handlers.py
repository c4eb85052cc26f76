"""Membership's answers to the payments app's signals (payments never imports us)."""

import logging

logger = logging.getLogger(__name__)

DUES = "dues"


def on_payment_confirmed(sender, payment, **kwargs):
    """A confirmed dues payment makes (or keeps) the person a member."""
    if payment.kind != DUES:
        return
    from .services import period_create_for_payment

    try:
        period_create_for_payment(payment=payment)
    except Exception:
        # Payments sends this after its own commit: failing here would not undo the
        # payment. Log loudly; staff see the paid payment without a period.
        logger.exception("No membership period for payment %s", payment.reference)


def on_payment_refunded(sender, payment, **kwargs):
    """A refunded dues payment no longer makes anyone a member."""
    if payment.kind != DUES:
        return
    from .services import period_void_for_payment

    try:
        period_void_for_payment(payment=payment)
    except Exception:
        logger.exception(
            "Membership period of payment %s not voided", payment.reference
        )


def connect():
    from payments import signals

    signals.payment_confirmed.connect(
        on_payment_confirmed, dispatch_uid="membership.on_payment_confirmed"
    )
    signals.payment_refunded.connect(
        on_payment_refunded, dispatch_uid="membership.on_payment_refunded"
    )
