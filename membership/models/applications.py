"""Applications to join the society and the Presidium's votes on them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    """Where an application stands; changed only by membership.services."""

    SUBMITTED = "submitted", _("Waiting for the Presidium")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Which status may follow which; anything else is refused by the services.
ALLOWED_TRANSITIONS = {
    ApplicationStatus.SUBMITTED: {
        ApplicationStatus.APPROVED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.APPROVED: set(),
    ApplicationStatus.REJECTED: set(),
    ApplicationStatus.WITHDRAWN: set(),
}


def can_transition(old, new):
    """Whether an application in status `old` may move to `new`."""
    return new in ALLOWED_TRANSITIONS.get(old, set())


class Application(models.Model):
    """A registered person asks to become a member; the Presidium decides.

    The specialty, workplace and city are copied from the profile when the person
    applies: the board decides on what the applicant confirmed, and the queue is
    filtered by it. At most one application per person waits at a time (a partial
    unique index, not only a form check).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="membership_applications",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        db_index=True,
    )
    specialty = models.ForeignKey(
        "core.Specialty",
        verbose_name=_("specialty"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    workplace = models.CharField(_("place of work"), max_length=255)
    city = models.CharField(_("city or region"), max_length=150)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("decide_application", _("Can decide membership applications")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="submitted"),
                name="membership_one_open_application",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="membership_rejection_has_reason",
            ),
        ]

    def __str__(self):
        return _("Application of %(name)s") % {"name": self.user}

    @property
    def is_open(self):
        return self.status == ApplicationStatus.SUBMITTED


class VoteDecision(models.TextChoices):
    APPROVE = "approve", _("For")
    REJECT = "reject", _("Against")


class Vote(models.Model):
    """One board member's vote on one application (at most one each)."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="votes",
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("board member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(_("vote"), max_length=10, choices=VoteDecision.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("voted"), auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "voter"], name="membership_one_vote_each"
            ),
        ]

    def __str__(self):
        return f"{self.voter}: {self.get_decision_display()}"
