"""What membership holds about a person (see core.personal_data): applications
and the Presidium's decisions, membership periods, reminders sent."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.personal_data import Category, FileRef, register

from .models import Application, MembershipPeriod, ReminderSent


def _attachments(user):
    query = Application.objects.filter(user=user).exclude(attachment="")
    for application in query.order_by("pk").iterator(chunk_size=200):
        name = application.attachment_name or application.attachment.name
        yield FileRef(
            name=f"applications/{application.pk}-{name.rsplit('/', 1)[-1]}",
            file=application.attachment,
        )


def _anonymise_applications(user):
    """The decision stays (status, dates, specialty, reason); what the applicant
    wrote about themselves and the attached document go."""
    changed = 0
    query = Application.objects.filter(user=user).exclude(attachment="")
    for application in query.iterator(chunk_size=200):
        application.attachment.delete(save=False)  # the storage API: S3 too
        changed += 1
    changed += Application.objects.filter(user=user).update(
        attachment="",
        attachment_name="",
        attachment_type="",
        workplace="",
        city="",
        comment="",
    )
    return changed


register(
    Category(
        name="membership.applications",
        label=_("Applications to join and decisions"),
        order=40,
        queryset=lambda user: Application.objects.filter(user=user).select_related(
            "specialty"
        ),
        row=lambda application: {
            "created_at": application.created_at,
            "status": application.get_status_display(),
            "specialty": str(application.specialty),
            "workplace": application.workplace,
            "city": application.city,
            "comment": application.comment,
            "attachment": application.attachment_name,
            "decided_at": application.decided_at,
            "rejection_reason": application.rejection_reason,
            "withdrawn_at": application.withdrawn_at,
        },
        columns={
            "created_at": _("Submitted"),
            "status": _("Status"),
            "specialty": _("Specialty"),
            "workplace": _("Place of work"),
            "city": _("City or region"),
            "comment": _("Comment"),
            "attachment": _("Attachment"),
            "decided_at": _("Decided"),
            "rejection_reason": _("Reason for rejection"),
            "withdrawn_at": _("Withdrawn"),
        },
        covers=("membership.Application.user",),
        actor_fields=("membership.Application.decided_by", "membership.Vote.voter"),
        files=_attachments,
        anonymise=_anonymise_applications,
        kept=_(
            "The decision is kept for the accounting period without your details; "
            "the attachment is deleted when the account is closed."
        ),
    )
)

register(
    Category(
        name="membership.periods",
        label=_("Membership periods"),
        order=45,
        queryset=lambda user: MembershipPeriod.objects.filter(user=user),
        row=lambda period: {
            "start": period.start,
            "end": period.end,
            "status": period.get_status_display(),
        },
        columns={"start": _("From"), "end": _("Until"), "status": _("Status")},
        covers=("membership.MembershipPeriod.user",),
        kept=_("Kept for the accounting period under your initials."),
    )
)

register(
    Category(
        name="membership.reminders",
        label=_("Membership reminders sent"),
        order=46,
        queryset=lambda user: ReminderSent.objects.filter(user=user).order_by(
            "-sent_at"
        ),
        row=lambda reminder: {
            "kind": reminder.get_kind_display(),
            "period_end": reminder.period_end,
            "sent_at": reminder.sent_at,
        },
        columns={
            "kind": _("Reminder"),
            "period_end": _("Membership until"),
            "sent_at": pgettext_lazy("reminder", "Sent"),
        },
        covers=("membership.ReminderSent.user",),
        kept=_("No more reminders are sent once the account is closed."),
    )
)
