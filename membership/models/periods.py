"""Membership periods bought by confirmed dues, and the reminders sent about them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PeriodStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    VOID = "void", _("Void (payment refunded)")


class MembershipPeriod(models.Model):
    """The days a confirmed dues payment makes the person a member, inclusive.

    Created by membership's handler of `payments.signals.payment_confirmed` (one per
    payment: `payment_reference` is unique) and voided by `payment_refunded`; never
    deleted. Whether someone is a member on a day is computed from these dates
    (membership.selectors.is_active_member), so nothing has to run when a period ends.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="membership_periods",
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    payment_reference = models.UUIDField(_("payment reference"), unique=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PeriodStatus.choices,
        default=PeriodStatus.ACTIVE,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        ordering = ["-end", "-pk"]
        indexes = [models.Index(fields=["user", "status", "end"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="membership_period_dates"
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"


class ReminderKind(models.TextChoices):
    DAYS_30 = "before_30", _("30 days before the end")
    DAYS_7 = "before_7", _("7 days before the end")
    EXPIRED = "expired", _("The day after the end")


class ReminderSent(models.Model):
    """A reminder claimed for one member and one end date: the row is inserted
    before the mail goes out, and the unique constraint makes a second run (even a
    concurrent one) skip it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("reminder"), max_length=20, choices=ReminderKind.choices)
    period_end = models.DateField(_("membership until"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period_end"], name="membership_reminder_once"
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} ({self.period_end:%d.%m.%Y})"
