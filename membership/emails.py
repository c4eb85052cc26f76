"""Membership's e-mails: stored and sent by core.mail after the transaction commits.

A mail that cannot even be rendered is logged and never undoes the decision that
caused it (the savepoint keeps the caller's transaction usable).
"""

import logging

from django.db import transaction
from django.urls import reverse

from core.mail import send_mail, site_base_url

logger = logging.getLogger(__name__)


def section_url():
    """The cabinet section «Членство и взносы», absolute, for links in mails."""
    return site_base_url() + reverse("membership:index")


def _send(*, user, template, about, **context):
    try:
        with transaction.atomic():
            send_mail(
                to=user.email,
                template_prefix=f"membership/email/{template}",
                context={"user": user, "section_url": section_url(), **context},
                about=about,
            )
    except Exception:
        logger.exception("Could not queue the %s mail for user %s", template, user.pk)


def application_approved(application):
    """The Presidium approved: a link straight to the payment section."""
    from payments.selectors import online_payment_available

    _send(
        user=application.user,
        template="application_approved",
        about=application,
        online_payment=online_payment_available(),
    )


def application_rejected(application):
    """The Presidium rejected: the reason, and an invitation to apply again."""
    _send(
        user=application.user,
        template="application_rejected",
        about=application,
        reason=application.rejection_reason,
    )


def reminder(*, user, kind, until, about=None):
    """30 and 7 days before the end of membership, and the day after it."""
    _send(user=user, template=f"reminder_{kind}", about=about, until=until)
