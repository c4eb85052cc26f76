"""Provider notifications we received, and the ones staff must look at."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .payment import Payment


class ProviderEvent(models.Model):
    """A notification a payment provider sent (e.g. a Stripe webhook event).

    The unique (provider, event_id) pair makes processing idempotent: the same event
    delivered twice, even at the same moment, is processed once. Stored in the same
    transaction as its effect, so an event whose processing failed is not recorded
    and the provider's retry is processed again.
    """

    provider = models.CharField(_("provider"), max_length=30)
    event_id = models.CharField(_("event id"), max_length=255)
    event_type = models.CharField(_("event type"), max_length=100)
    payment = models.ForeignKey(
        Payment,
        verbose_name=_("payment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provider_events",
    )
    outcome = models.CharField(_("outcome"), max_length=50, blank=True)
    payload = models.JSONField(_("payload"), default=dict)
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("provider notification")
        verbose_name_plural = _("provider notifications")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"], name="payments_provider_event_unique"
            )
        ]

    def __str__(self):
        return f"{self.provider} {self.event_type} {self.event_id}"


class IssueKind(models.TextChoices):
    UNKNOWN_REFERENCE = "unknown_reference", _("Unknown payment reference")
    AMOUNT_MISMATCH = "amount_mismatch", _("Amount does not match")
    CURRENCY_MISMATCH = "currency_mismatch", _("Currency does not match")
    REFERENCE_MISMATCH = "reference_mismatch", _("Reference does not match")
    PAID_WHEN_CLOSED = "paid_when_closed", _("Paid after the payment was closed")
    PAID_TWICE = "paid_twice", _("Paid twice")
    STATUS_MISMATCH = "status_mismatch", _("Provider status contradicts the notice")
    REFUND_FAILED = "refund_failed", _("Refund failed")


class PaymentIssue(models.Model):
    """Something a provider told us that we did not act on: staff must look.

    A notification whose amount, currency or reference disagrees with our record
    confirms nothing and lands here ("needs attention"), as does money received for
    a payment that was already closed or already paid another way.
    """

    kind = models.CharField(_("problem"), max_length=30, choices=IssueKind.choices)
    payment = models.ForeignKey(
        Payment,
        verbose_name=_("payment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issues",
    )
    provider = models.CharField(_("provider"), max_length=30)
    event_id = models.CharField(_("event id"), max_length=255, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("noticed"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.TextField(_("what was done"), blank=True)

    class Meta:
        verbose_name = _("payment needing attention")
        verbose_name_plural = _("payments needing attention")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["resolved_at", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | ~Q(resolution=""),
                name="payments_issue_resolution_given",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.provider} {self.event_id})"
