"""Logins: recorded in the person's history, and a new consent version asked for."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from members.models import ConsentPage


@receiver(user_logged_in, dispatch_uid="privacy.on_login")
def on_login(sender, request, user, **kwargs):
    from core.audit import audit_log
    from members.services import client_ip

    from .consent import remember

    ip = client_ip(request) if request is not None else None
    audit_log(action="privacy.account.logged_in", actor=user, target_user=user, ip=ip)
    if request is not None and hasattr(request, "session"):
        remember(request.session, user)


@receiver(page_published, sender=ConsentPage, dispatch_uid="privacy.consent_published")
@receiver(
    page_unpublished, sender=ConsentPage, dispatch_uid="privacy.consent_unpublished"
)
@receiver(post_save, sender=ConsentPage, dispatch_uid="privacy.consent_saved")
@receiver(post_delete, sender=ConsentPage, dispatch_uid="privacy.consent_deleted")
def on_consent_page_change(sender, **kwargs):
    """A new consent version (or none): every session checks itself again."""
    from .consent import forget_live_version

    forget_live_version()
