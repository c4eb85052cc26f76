"""The ledger: one credit record per member and event, attendance at the door, the
member's own cycle start and the per-event rule "check-in gives credits"."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def new_certificate_id():
    """An opaque, unguessable certificate number (96 random bits, URL-safe)."""
    return secrets.token_urlsafe(12)


class CreditSource(models.TextChoices):
    CODE = "code", _("Code entered")
    CHECKIN = "checkin", _("Check-in at the event")
    ADJUSTMENT = "adjustment", _("Added by staff")


class CreditRecord(models.Model):
    """Credits a member earned at one event: at most one record per member and event.

    Records are never deleted with their event (PROTECT); a staff adjustment changes
    the credits with a reason and leaves an audit entry. `certificate_id` is the
    opaque number the certificate and its public verification page carry.
    """

    # Thousands of rows per event: not listed as "usages" of the event page.
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("attendee", "member"),
        on_delete=models.CASCADE,
        related_name="credit_records",
    )
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="credit_records",
    )
    source = models.CharField(_("source"), max_length=12, choices=CreditSource.choices)
    credits = models.DecimalField(_("credits"), max_digits=5, decimal_places=2)
    earned_on = models.DateField(
        _("date"), help_text=_("The day of the event the credits count for.")
    )
    code = models.ForeignKey(
        "credits.CreditCode",
        verbose_name=_("code"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certificate_id = models.CharField(
        _("certificate number"),
        max_length=32,
        unique=True,
        default=new_certificate_id,
        editable=False,
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("credit record")
        verbose_name_plural = _("credit records")
        ordering = ["-earned_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event"], name="credits_record_one_per_member_event"
            ),
            models.CheckConstraint(
                condition=models.Q(credits__gte=0), name="credits_record_not_negative"
            ),
            models.CheckConstraint(
                condition=~models.Q(source="adjustment") | ~models.Q(reason=""),
                name="credits_record_adjustment_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["user", "earned_on"])]

    def __str__(self):
        return f"{self.user} — {self.event.title}: {self.credits}"


class CheckIn(models.Model):
    """A member's attendance at an event, recorded once at the door."""

    # Thousands of rows per event: not listed as "usages" of the event page.
    wagtail_reference_index_ignore = True

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="check_ins",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("attendee", "member"),
        on_delete=models.CASCADE,
        related_name="check_ins",
    )
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-checked_in_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], name="credits_checkin_once_per_event"
            )
        ]
        permissions = [("check_in_attendees", _("Can check in attendees at the door"))]

    def __str__(self):
        return f"{self.user} @ {self.event.title}"


class CreditProfile(models.Model):
    """The member's own НМО data: the start of their 5-year cycle (accreditation date)."""

    # Thousands of rows per event: not listed as "usages" of the event page.
    wagtail_reference_index_ignore = True

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("attendee", "member"),
        on_delete=models.CASCADE,
        related_name="credit_profile",
    )
    cycle_start = models.DateField(
        _("start of the 5-year cycle"),
        null=True,
        blank=True,
        help_text=_("The date of your accreditation (or of the last one)."),
    )

    class Meta:
        verbose_name = _("НМО profile")
        verbose_name_plural = _("НМО profiles")

    def __str__(self):
        return str(self.user)


class EventCreditPolicy(models.Model):
    """How an event gives credits besides codes: whether check-in at the door counts."""

    # Thousands of rows per event: not listed as "usages" of the event page.
    wagtail_reference_index_ignore = True

    event = models.OneToOneField(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="credit_policy",
    )
    checkin_grants_credits = models.BooleanField(
        _("check-in gives credits"),
        default=False,
        help_text=_(
            "Scanning a member's personal QR at the door records the event's credits."
        ),
    )

    class Meta:
        verbose_name = _("event credit rule")
        verbose_name_plural = _("event credit rules")

    def __str__(self):
        return self.event.title
