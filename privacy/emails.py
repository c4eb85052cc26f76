"""Personal data's e-mails: stored and sent by core.mail after the transaction commits.

A mail that cannot even be rendered is logged and never undoes what caused it.
"""

import logging

from django.db import transaction
from django.urls import reverse

from core.mail import send_mail, site_base_url

logger = logging.getLogger(__name__)


def archive_ready(archive):
    """The person's own archive is ready: the mail says so and until when, and
    links to «Мои данные» (the download itself needs the person's login; the mail
    carries no link to the file)."""
    user = archive.user
    if archive.requested_by_id != user.pk:
        return  # staff prepared it for a request: staff download it in the admin
    # (An account closed meanwhile has no archive left to build: archive_build
    # stops before this.)
    try:
        with transaction.atomic():
            send_mail(
                to=user.email,
                template_prefix="privacy/email/archive_ready",
                context={
                    "user": user,
                    "archive": archive,
                    "section_url": site_base_url() + reverse("privacy:index"),
                },
                about=archive,
            )
    except Exception:
        logger.exception("Could not queue the archive mail for user %s", user.pk)
