"""Applying, withdrawing, and the Presidium's votes and decisions."""

import dataclasses

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log

from .. import emails, selectors
from ..errors import MembershipError
from ..models import Application, ApplicationStatus, Vote, VoteDecision
from ..models.applications import can_transition

DECIDE_PERMISSION = "membership.decide_application"


def _is_verified(user):
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


def _already_open_error():
    return MembershipError(
        _("Your application is already with the Presidium. Wait for the decision.")
    )


def application_submit(*, user, comment="", attachment=None, ip=None):
    """The person asks to join; the specialty, workplace and city come from their
    profile as they confirmed it. One waiting application per person (also a
    database constraint, so a double click or two tabs make one).

    `attachment` is an optional `core.uploads.CleanUpload` (checked by content).
    """
    if not _is_verified(user):
        raise MembershipError(_("Confirm your e-mail address first."))
    profile = getattr(user, "profile", None)
    if profile is None:
        raise MembershipError(
            _("Fill in your profile first: the specialty and the place of work.")
        )
    stored = []  # the attachment's name once it is in storage
    try:
        with transaction.atomic():
            get_user_model().objects.select_for_update().get(pk=user.pk)
            if Application.objects.filter(
                user=user, status=ApplicationStatus.SUBMITTED
            ).exists():
                raise _already_open_error()
            if selectors.has_approved_application(user):
                raise MembershipError(
                    _("Your application is approved already: what is left is the dues.")
                )
            if selectors.is_active_member(user):
                raise MembershipError(_("You are a member of the society already."))
            try:
                with transaction.atomic():
                    application = Application(
                        user=user,
                        specialty_id=profile.specialty_id,
                        workplace=profile.workplace,
                        city=profile.city,
                        comment=comment.strip(),
                    )
                    if attachment is not None:
                        application.attachment.save(
                            attachment.content.name, attachment.content, save=False
                        )
                        stored.append(application.attachment.name)
                        application.attachment_name = attachment.original_name
                        application.attachment_type = attachment.content_type
                    application.save()
            except IntegrityError:
                raise _already_open_error() from None
            audit_log(
                action="membership.application.submitted",
                actor=user,
                target=application,
                target_user=user,
                data={"attachment": application.attachment_name},
                ip=ip,
            )
    except BaseException:
        # The database forgot the application: the storage must not keep its file.
        for name in stored:
            Application.attachment.field.storage.delete(name)
        raise
    return application


def application_withdraw(*, application, user, ip=None):
    """The applicant takes back a waiting application. A second click changes
    nothing; a decided application cannot be withdrawn."""
    if application.user_id != user.pk:
        raise MembershipError(_("This is not your application."))
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status == ApplicationStatus.WITHDRAWN:
            return application
        _move(application, ApplicationStatus.WITHDRAWN)
        application.withdrawn_at = timezone.now()
        application.save(update_fields=["status", "withdrawn_at"])
        audit_log(
            action="membership.application.withdrawn",
            actor=user,
            target=application,
            target_user=user,
            ip=ip,
        )
    return application


def _not_waiting_error(application):
    return MembershipError(
        _("The application is no longer waiting: %(status)s.")
        % {"status": application.get_status_display().lower()}
    )


def _move(application, new_status):
    if not can_transition(application.status, new_status):
        raise _not_waiting_error(application)
    application.status = new_status


def _check_board_member(actor):
    if not (actor.is_active and actor.has_perm(DECIDE_PERMISSION)):
        raise MembershipError(_("Only the Presidium decides on applications."))


def _vote(*, application, actor, decision, reason="", ip=None):
    """Record `actor`'s vote and decide when it settles the application."""
    _check_board_member(actor)
    reason = (reason or "").strip()
    if decision == VoteDecision.REJECT and not reason:
        raise MembershipError(
            _("Give the reason for the rejection: the applicant will read it.")
        )
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("user")
            .get(pk=application.pk)
        )
        if application.user_id == actor.pk:
            raise MembershipError(_("Nobody decides on their own application."))
        if application.status != ApplicationStatus.SUBMITTED:
            raise _not_waiting_error(application)
        try:
            with transaction.atomic():
                Vote.objects.create(
                    application=application,
                    voter=actor,
                    decision=decision,
                    reason=reason,
                )
        except IntegrityError:
            raise MembershipError(
                _("You have voted on this application already.")
            ) from None
        approvals = application.votes.filter(decision=VoteDecision.APPROVE).count()
        needed = selectors.dues_settings().votes_needed
        data = {"vote": decision, "approvals": approvals, "needed": needed}
        if decision == VoteDecision.REJECT:
            _decide(application, ApplicationStatus.REJECTED, actor, reason)
            action = "membership.application.rejected"
            data["reason"] = reason
            emails.application_rejected(application)
        elif approvals >= needed:
            _decide(application, ApplicationStatus.APPROVED, actor, "")
            action = "membership.application.approved"
            emails.application_approved(application)
        else:
            action = "membership.application.voted"
        audit_log(
            action=action,
            actor=actor,
            target=application,
            target_user=application.user,
            data=data,
            ip=ip,
        )
    return application


def _decide(application, status, actor, reason):
    _move(application, status)
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.rejection_reason = reason
    application.save(
        update_fields=["status", "decided_at", "decided_by", "rejection_reason"]
    )


def application_approve(*, application, actor, ip=None):
    """A board member votes for; the application is approved once the votes
    needed (DuesSettings.votes_needed) are in, and the applicant is mailed a link
    to the payment section."""
    return _vote(
        application=application, actor=actor, decision=VoteDecision.APPROVE, ip=ip
    )


def application_reject(*, application, actor, reason, ip=None):
    """A board member rejects, with a reason the applicant reads; one confirmed
    rejection decides the application, and the applicant may apply again."""
    return _vote(
        application=application,
        actor=actor,
        decision=VoteDecision.REJECT,
        reason=reason,
        ip=ip,
    )


@dataclasses.dataclass
class BulkResult:
    """What happened to one application of a bulk approval."""

    application: Application
    ok: bool
    message: str


def applications_bulk_approve(*, applications, actor, ip=None):
    """Vote for each application in turn; each gets its own result and is either
    done completely or left as it was."""
    _check_board_member(actor)
    results = []
    for application in applications:
        try:
            application = application_approve(
                application=application, actor=actor, ip=ip
            )
        except MembershipError as error:
            results.append(BulkResult(application, False, str(error.message)))
            continue
        if application.status == ApplicationStatus.APPROVED:
            message = _("approved")
        else:
            message = _("your vote is counted")
        results.append(BulkResult(application, True, message))
    return results
