"""A payment we expect from a member and its append-only history."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PaymentKind(models.TextChoices):
    """What the money is for."""

    DUES = "dues", _("Membership dues")


class PaymentMethod(models.TextChoices):
    """How the member chose to pay (empty until they choose)."""

    ONLINE = "online", _("Online")
    RECEIPT = "receipt", _("Bank transfer with a receipt")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for payment")
    PROCESSING = "processing", _("Waiting for the payment provider")
    AWAITING_REVIEW = "awaiting_review", _("Receipt under review")
    CONFIRMED = "confirmed", _("Paid")
    REJECTED = "rejected", _("Receipt rejected")
    FAILED = "failed", _("Payment failed")
    EXPIRED = "expired", _("Payment session expired")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")


S = PaymentStatus

#: Every status change a service may make: {from: {to, ...}}. `_transition()` in
#: payments.services refuses anything else. Statuses without an entry are final.
ALLOWED_TRANSITIONS = {
    S.PENDING: {
        S.PROCESSING,
        S.AWAITING_REVIEW,
        S.CONFIRMED,
        S.FAILED,
        S.EXPIRED,
        S.CANCELLED,
    },
    S.PROCESSING: {
        S.AWAITING_REVIEW,  # left the hosted page and paid by bank transfer instead
        S.CONFIRMED,
        S.FAILED,
        S.EXPIRED,
        S.CANCELLED,
    },
    S.AWAITING_REVIEW: {S.CONFIRMED, S.REJECTED, S.CANCELLED},
    S.CONFIRMED: {S.REFUNDED},
}

#: A live payment blocks another one for the same (user, kind, period_start).
LIVE_STATUSES = (S.PENDING, S.PROCESSING, S.AWAITING_REVIEW, S.CONFIRMED)
#: Open: the member can still pay it (online or with a receipt).
OPEN_STATUSES = (S.PENDING, S.PROCESSING)
#: The member may upload (or replace) a receipt.
RECEIPT_STATUSES = (S.PENDING, S.PROCESSING, S.AWAITING_REVIEW)
#: Dead ends from which the member may start over with a new payment.
RETRY_STATUSES = (S.REJECTED, S.FAILED, S.EXPIRED, S.CANCELLED)


def can_transition(from_status, to_status):
    return to_status in ALLOWED_TRANSITIONS.get(from_status, ())


class Payment(models.Model):
    """One amount a member owes for one thing (e.g. dues for a year).

    Created by the app that asks for the money (membership) through
    `payments.services.payment_create`; paid online through a gateway or by bank
    transfer with a receipt; its status changes only through the services, along
    ALLOWED_TRANSITIONS, and every change is written to PaymentEvent.
    """

    reference = models.UUIDField(
        _("reference"), default=uuid.uuid4, unique=True, editable=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PaymentKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="RUB")
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=255)
    method = models.CharField(
        _("method"), max_length=20, choices=PaymentMethod.choices, blank=True
    )
    provider = models.CharField(_("online provider"), max_length=30, blank=True)
    provider_session_id = models.CharField(
        _("provider session"), max_length=255, blank=True
    )
    provider_payment_id = models.CharField(
        _("provider payment"), max_length=255, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PaymentStatus.choices,
        default=PaymentStatus.PENDING,
    )
    status_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("review_receipt", _("Can review payment receipts")),
            ("refund_payment", _("Can refund payments")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period_start"],
                condition=Q(status__in=LIVE_STATUSES),
                name="payments_one_live_payment_per_period",
                violation_error_message=_(
                    "There is already a payment for this period."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="payments_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PaymentStatus.values),
                name="payments_status_known",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.description} — {self.amount} {self.currency}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def accepts_receipt(self):
        return self.status in RECEIPT_STATUSES

    @property
    def can_retry(self):
        return self.status in RETRY_STATUSES


class AppendOnlyQuerySet(models.QuerySet):
    """History rows are never changed or removed, not even in bulk."""

    def update(self, **kwargs):
        raise TypeError("payment history is append-only")

    def delete(self):
        raise TypeError("payment history is append-only")


class PaymentEvent(models.Model):
    """One line of a payment's history: created, status changed, a provider
    notification, a receipt, a mismatch. Rows are only ever added."""

    class Kind(models.TextChoices):
        CREATED = "created", pgettext_lazy("payment status", "Created")
        STATUS = "status", _("Status changed")
        CHECKOUT = "checkout", _("Online payment started")
        NOTIFICATION = "notification", _("Provider notification")
        RECEIPT = "receipt", _("Receipt uploaded")
        MISMATCH = "mismatch", _("Needs attention")
        REFUND = "refund", _("Refund")

    payment = models.ForeignKey(
        Payment,
        verbose_name=_("payment"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    kind = models.CharField(
        pgettext_lazy("payment history", "event"), max_length=20, choices=Kind.choices
    )
    from_status = models.CharField(
        pgettext_lazy("status change", "from"),
        max_length=20,
        choices=PaymentStatus.choices,
        blank=True,
    )
    to_status = models.CharField(
        _("to"), max_length=20, choices=PaymentStatus.choices, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment event")
        verbose_name_plural = _("payment events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("payment history is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("payment history is append-only")
