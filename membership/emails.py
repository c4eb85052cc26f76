"""Membership's e-mails, sent through core.mail after the transaction commits."""

from django.conf import settings
from django.urls import reverse

from core.mail import send_mail


def absolute_url(url_name, *args):
    """`https://host/path` of a URL name, for links in mails (there is no request)."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    base = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/") + reverse(url_name, args=args)


def application_approved(application):
    """The Presidium approved: a link straight to the payment section."""
    send_mail(
        to=application.user.email,
        template_prefix="membership/email/application_approved",
        context={
            "user": application.user,
            "section_url": absolute_url("membership:index"),
        },
    )


def application_rejected(application):
    """The Presidium rejected: the reason, and an invitation to apply again."""
    send_mail(
        to=application.user.email,
        template_prefix="membership/email/application_rejected",
        context={
            "user": application.user,
            "reason": application.rejection_reason,
            "section_url": absolute_url("membership:index"),
        },
    )


def reminder(*, user, kind, until):
    """30 and 7 days before the end of membership, and the day after it."""
    send_mail(
        to=user.email,
        template_prefix=f"membership/email/reminder_{kind}",
        context={
            "user": user,
            "until": until,
            "section_url": absolute_url("membership:index"),
        },
    )
