"""The НМО portal's individual confirmation codes (ИКП) kept for members.

The portal issues one code per attendee of an accredited event; the society imports
them and hands one to each member who attended, who must then enter it on the
portal before the deadline. Members lose these codes more than anything else.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NmoImport(models.Model):
    """One uploaded file of portal codes for an event."""

    # Thousands of rows per event: not listed as "usages" of the event page.
    wagtail_reference_index_ignore = True

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="nmo_imports",
    )
    file_name = models.CharField(_("file"), max_length=255)
    count = models.PositiveIntegerField(_("codes imported"))
    deadline = models.DateField(_("enter on the portal by"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("import of НМО codes")
        verbose_name_plural = _("imports of НМО codes")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.event.title}: {self.count}"


class NmoCode(models.Model):
    """One portal code: free in the pool until handed to a member, at most one each.

    `assigned_at` marks a code as handed out for good; `assigned_to` may become empty
    if the account is deleted, and the code is then never handed out again.
    """

    # Thousands of rows per event: not listed as "usages" of the event page.
    wagtail_reference_index_ignore = True

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="nmo_codes",
    )
    source = models.ForeignKey(
        NmoImport,
        verbose_name=_("import"),
        on_delete=models.PROTECT,
        related_name="codes",
    )
    code = models.CharField(_("НМО code"), max_length=64, unique=True)
    deadline = models.DateField(_("enter on the portal by"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nmo_codes",
    )
    assigned_at = models.DateTimeField(_("handed out"), null=True, blank=True)
    entered_at = models.DateTimeField(_("entered on the portal"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("НМО code")
        verbose_name_plural = _("НМО codes")
        ordering = ["event_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "assigned_to"],
                condition=models.Q(assigned_to__isnull=False),
                name="credits_nmo_one_per_member_event",
            ),
            models.CheckConstraint(
                condition=models.Q(assigned_to=None)
                | models.Q(assigned_at__isnull=False),
                name="credits_nmo_assigned_has_time",
            ),
        ]
        indexes = [models.Index(fields=["event", "assigned_at"])]

    def __str__(self):
        return self.code
