"""What the payments app tells the rest of the site; sent only after commit.

Receivers (membership, for instance) get `payment` (and `receipt`, `reason` where
named). Each signal is sent from `transaction.on_commit`, so a receiver never sees a
change that was rolled back, and `send_robust` keeps a failing receiver from breaking
the others or the request.
"""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

payment_confirmed = Signal()  # payment
payment_failed = Signal()  # payment (failed or expired at the provider)
payment_refunded = Signal()  # payment
receipt_submitted = Signal()  # payment, receipt
receipt_rejected = Signal()  # payment, receipt, reason


def send_on_commit(signal, **kwargs):
    """Send `signal` (sender: the Payment model) once the current transaction
    commits; log failing receivers."""
    from .models import Payment

    def send():
        for receiver, result in signal.send_robust(sender=Payment, **kwargs):
            if isinstance(result, Exception):
                logger.error(
                    "payments signal receiver %r failed",
                    receiver,
                    exc_info=(type(result), result, result.__traceback__),
                )

    transaction.on_commit(send)
