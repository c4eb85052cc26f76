"""One-time credit codes handed out at an event and entered by members in the cabinet."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import codes


class CreditCodeStatus(models.TextChoices):
    """Where a code stands. A code is used or revoked once and for all."""

    ACTIVE = "active", _("Not used")
    USED = "used", _("Used")
    REVOKED = "revoked", _("Revoked")


ALLOWED_TRANSITIONS = {
    CreditCodeStatus.ACTIVE: {CreditCodeStatus.USED, CreditCodeStatus.REVOKED},
    CreditCodeStatus.USED: set(),
    CreditCodeStatus.REVOKED: set(),
}


class CreditCodeBatch(models.Model):
    """One run of "generate N codes" for an event: what staff print and export together."""

    # Thousands of rows per event: not listed as "usages" of the event page.
    wagtail_reference_index_ignore = True

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="credit_code_batches",
    )
    count = models.PositiveIntegerField(_("number of codes"))
    credits = models.DecimalField(_("credits per code"), max_digits=5, decimal_places=2)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    label = models.CharField(
        _("label"), max_length=50, blank=True, help_text=_("For example «день 2».")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("batch of credit codes")
        verbose_name_plural = _("batches of credit codes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        label = f" «{self.label}»" if self.label else ""
        return f"{self.event.title}{label}: {self.count}"


class CreditCode(models.Model):
    """A single-use code worth `credits` for one event, valid in a time window.

    `code` is stored without separators (K7MD9QX4TR). Redemption is enforced by the
    database: the status changes from active to used by a conditional update under a
    row lock, and the ledger allows one credit record per member and event.
    """

    # Thousands of rows per event: not listed as "usages" of the event page.
    wagtail_reference_index_ignore = True

    batch = models.ForeignKey(
        CreditCodeBatch,
        verbose_name=_("batch"),
        on_delete=models.CASCADE,
        related_name="codes",
    )
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="credit_codes",
    )
    code = models.CharField(_("code"), max_length=codes.LENGTH, unique=True)
    credits = models.DecimalField(_("credits"), max_digits=5, decimal_places=2)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    label = models.CharField(_("label"), max_length=50, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CreditCodeStatus.choices,
        default=CreditCodeStatus.ACTIVE,
    )
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("used by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("credit code")
        verbose_name_plural = _("credit codes")
        ordering = ["batch_id", "pk"]
        indexes = [models.Index(fields=["event", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(credits__gt=0), name="credits_code_credits_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__gt=models.F("valid_from")),
                name="credits_code_window_not_empty",
            ),
            # A used code always says when it was used; an unused one never does.
            models.CheckConstraint(
                condition=(
                    models.Q(status=CreditCodeStatus.USED, used_at__isnull=False)
                    | (~models.Q(status=CreditCodeStatus.USED) & models.Q(used_at=None))
                ),
                name="credits_code_used_has_time",
            ),
        ]

    def __str__(self):
        return self.display

    @property
    def display(self):
        return codes.display(self.code)

    def can_become(self, status):
        return status in ALLOWED_TRANSITIONS[CreditCodeStatus(self.status)]
