"""Reads of payments that other apps (membership), views and the admin share."""

from django.db.models import Prefetch

from core.time import local_today

from .models import (
    LIVE_STATUSES,
    Payment,
    PaymentIssue,
    PaymentStatus,
    Receipt,
    ReceiptStatus,
)

OPEN_OR_REVIEW = (
    PaymentStatus.PENDING,
    PaymentStatus.PROCESSING,
    PaymentStatus.AWAITING_REVIEW,
)


def payments_for_user(user):
    """The member's payments, newest first, each with its receipts (newest first)."""
    return (
        Payment.objects.filter(user=user)
        .prefetch_related(
            Prefetch("receipts", queryset=Receipt.objects.order_by("-version"))
        )
        .order_by("-created_at", "-pk")
    )


def open_payment_for(user, kind, period_start):
    """The member's payment for that period that is not finished yet (waiting to be
    paid, with the provider, or its receipt under review), or None."""
    return (
        Payment.objects.filter(
            user=user, kind=kind, period_start=period_start, status__in=OPEN_OR_REVIEW
        )
        .order_by("-created_at")
        .first()
    )


def live_payment_for(user, kind, period_start):
    """The payment that blocks another one for that period (confirmed included)."""
    return Payment.objects.filter(
        user=user, kind=kind, period_start=period_start, status__in=LIVE_STATUSES
    ).first()


def confirmed_payments(user, kind):
    """The member's confirmed payments of `kind`, oldest period first."""
    return Payment.objects.filter(
        user=user, kind=kind, status=PaymentStatus.CONFIRMED
    ).order_by("period_start", "confirmed_at")


def pending_receipt_for(user):
    """The member's receipt under review (with `.review_due` and `.payment`), or None."""
    return (
        Receipt.objects.filter(
            payment__user=user,
            status=ReceiptStatus.SUBMITTED,
            payment__status=PaymentStatus.AWAITING_REVIEW,
        )
        .select_related("payment")
        .order_by("review_due")
        .first()
    )


def has_rejected_receipt(user):
    """Whether staff ever rejected a receipt of the member's, on any payment."""
    return Receipt.objects.filter(
        payment__user=user, status=ReceiptStatus.REJECTED
    ).exists()


def payment_for_owner(user, reference):
    """The payment page's payment, only for its owner (None for anyone else)."""
    return (
        Payment.objects.filter(user=user, reference=reference)
        .select_related("user")
        .prefetch_related(
            Prefetch("receipts", queryset=Receipt.objects.order_by("-version"))
        )
        .first()
    )


def review_queue():
    """Receipts waiting for staff, the one due soonest first, with what the queue
    shows about the member."""
    return (
        Payment.objects.filter(
            status=PaymentStatus.AWAITING_REVIEW,
            receipts__status=ReceiptStatus.SUBMITTED,
        )
        .select_related("user", "user__profile", "user__personal_code")
        .prefetch_related(
            Prefetch(
                "receipts",
                queryset=Receipt.objects.filter(status=ReceiptStatus.SUBMITTED),
                to_attr="current_receipts",
            )
        )
        .order_by("receipts__review_due", "created_at")
    )


def open_issues():
    """Provider notifications staff must look at, newest first."""
    return (
        PaymentIssue.objects.filter(resolved_at__isnull=True)
        .select_related("payment", "payment__user")
        .order_by("-created_at", "-pk")
    )


def dashboard_counts(today=None):
    """Receipts waiting, of those overdue, and payments needing attention."""
    today = today or local_today()
    waiting = Receipt.objects.filter(
        status=ReceiptStatus.SUBMITTED, payment__status=PaymentStatus.AWAITING_REVIEW
    )
    return {
        "waiting": waiting.count(),
        "overdue": waiting.filter(review_due__lt=today).count(),
        "attention": PaymentIssue.objects.filter(resolved_at__isnull=True).count(),
    }


def online_payment_available(site=None):
    """Whether any online provider is on (keys on the server, not switched off in the
    payment settings): other apps word their texts by it."""
    from wagtail.models import Site

    from .gateways import enabled_gateways
    from .models import PaymentSettings

    site = site or Site.objects.filter(is_default_site=True).first()
    payment_settings = PaymentSettings.for_site(site) if site else None
    return bool(enabled_gateways(payment_settings))
