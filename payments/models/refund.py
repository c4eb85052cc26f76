"""Money returned to a member through the provider that took it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .payment import Payment


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested from the provider")
    SUCCEEDED = "succeeded", _("Money returned")
    FAILED = "failed", _("Refund failed")


#: {from: {to, ...}}; payments.refunds refuses anything else.
REFUND_TRANSITIONS = {
    RefundStatus.REQUESTED: {RefundStatus.SUCCEEDED, RefundStatus.FAILED},
}

#: A live refund blocks another one for the same payment.
LIVE_REFUND_STATUSES = (RefundStatus.REQUESTED, RefundStatus.SUCCEEDED)


class Refund(models.Model):
    """A full refund of an online payment, asked by staff (or made in the
    provider's dashboard and reported by it).

    Requested first (recorded before the provider is called, so a crash or a
    timeout leaves a trace and the retry reuses the same idempotency key), then
    succeeded or failed according to the provider's notification or status; only
    then does the payment become refunded. One live refund per payment, enforced
    by the database.
    """

    payment = models.ForeignKey(
        Payment,
        verbose_name=_("payment"),
        on_delete=models.PROTECT,
        related_name="refunds",
    )
    provider = models.CharField(_("provider"), max_length=30)
    provider_refund_id = models.CharField(
        _("provider refund"), max_length=255, blank=True
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="RUB")
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RefundStatus.choices,
        default=RefundStatus.REQUESTED,
    )
    failure_reason = models.TextField(_("why it failed"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["payment"],
                condition=Q(status__in=LIVE_REFUND_STATUSES),
                name="payments_one_live_refund_per_payment",
            ),
            models.UniqueConstraint(
                fields=["provider", "provider_refund_id"],
                condition=~Q(provider_refund_id=""),
                name="payments_provider_refund_unique",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="payments_refund_amount_positive"
            ),
        ]

    def __str__(self):
        return f"{self.amount} {self.currency} ({self.get_status_display()})"

    @property
    def idempotency_key(self):
        """The key sent with every request for this refund: a retry after a timeout
        or a double click never returns the money twice."""
        return f"refund-{self.payment.reference}-{self.pk}"
