"""Logins: recorded in the person's history, and a new consent version asked for."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="privacy.on_login")
def on_login(sender, request, user, **kwargs):
    from core.audit import audit_log
    from members.services import client_ip

    from .consent import remember

    ip = client_ip(request) if request is not None else None
    audit_log(action="privacy.account.logged_in", actor=user, target_user=user, ip=ip)
    if request is not None and hasattr(request, "session"):
        remember(request.session, user)
