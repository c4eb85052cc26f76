"""Receivers: allauth events that start a members service."""

from allauth.account import signals
from django.dispatch import receiver


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
