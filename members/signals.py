"""Receivers: allauth events that start a members service."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver


@receiver(email_confirmed, dispatch_uid="members.issue_personal_code")
def issue_personal_code_on_activation(sender, request, email_address, **kwargs):
    """The activation link was confirmed: the person gets their personal code."""
    from .services import personal_code_issue

    personal_code_issue(user=email_address.user, request=request)
