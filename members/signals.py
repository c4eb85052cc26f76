"""Receivers: allauth events that start a members service; the outcome of the
personal-code letter (core.mail)."""

from allauth.account import signals
from django.dispatch import receiver

from core.signals import mail_failed, mail_sent


@receiver(signals.email_confirmed, dispatch_uid="members.issue_personal_code")
def issue_personal_code_on_activation(sender, request, email_address, **kwargs):
    """The activation link was confirmed: the person gets their personal code."""
    from .services import personal_code_issue

    personal_code_issue(user=email_address.user, request=request)


def _record(event, *, user, request, data=None):
    from .services import account_event_record

    account_event_record(event=event, user=user, request=request, data=data)


@receiver(signals.password_changed, dispatch_uid="members.audit_password_changed")
def audit_password_changed(sender, request, user, **kwargs):
    _record("password_changed", user=user, request=request)


@receiver(signals.password_set, dispatch_uid="members.audit_password_set")
def audit_password_set(sender, request, user, **kwargs):
    _record("password_set", user=user, request=request)


@receiver(signals.password_reset, dispatch_uid="members.audit_password_reset")
def audit_password_reset(sender, request, user, **kwargs):
    _record("password_reset", user=user, request=request)


@receiver(signals.email_added, dispatch_uid="members.audit_email_added")
def audit_email_added(sender, request, user, email_address, **kwargs):
    """A new address was asked for; it takes over once confirmed."""
    _record(
        "email_added", user=user, request=request, data={"email": email_address.email}
    )


@receiver(signals.email_confirmed, dispatch_uid="members.audit_email_confirmed")
def audit_email_confirmed(sender, request, email_address, **kwargs):
    _record(
        "email_confirmed",
        user=email_address.user,
        request=request,
        data={"email": email_address.email},
    )


@receiver(signals.email_changed, dispatch_uid="members.audit_email_changed")
def audit_email_changed(
    sender, request, user, from_email_address, to_email_address, **kwargs
):
    _record(
        "email_changed",
        user=user,
        request=request,
        data={
            "from_email": from_email_address.email if from_email_address else "",
            "to_email": to_email_address.email,
        },
    )


@receiver(signals.email_removed, dispatch_uid="members.audit_email_removed")
def audit_email_removed(sender, request, user, email_address, **kwargs):
    """An address was removed, e.g. a pending change cancelled."""
    _record(
        "email_removed",
        user=user,
        request=request,
        data={"email": email_address.email},
    )


@receiver(mail_sent, dispatch_uid="members.code_mail_sent")
def record_code_mail_sent(sender, mail, **kwargs):
    """The code letter went out: the cabinet stops offering to send it again."""
    _code_mail_outcome(mail, sent=True)


@receiver(mail_failed, dispatch_uid="members.code_mail_failed")
def record_code_mail_failed(sender, mail, **kwargs):
    """The code letter failed: the cabinet offers to send it again."""
    _code_mail_outcome(mail, sent=False)


def _code_mail_outcome(mail, *, sent):
    from .models import PersonalCode

    if mail.about_type != PersonalCode._meta.label_lower:
        return
    # A letter about a code replaced since then says nothing about the new one.
    codes = PersonalCode.objects.filter(
        pk=mail.about_id, issued_at__lte=mail.created_at
    )
    if sent:
        codes.update(mail_sent_at=mail.sent_at, mail_failed_at=None)
    else:
        codes.update(mail_failed_at=mail.last_attempt_at)
