"""Building and sending the members app's own e-mails (HTML and plain text, Russian).

allauth's mails (activation, password reset …) go through the adapter, which adds the
same society context; see members.adapter.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site

from home.models import SocietySettings

logger = logging.getLogger(__name__)


def site_for(request=None):
    """The Wagtail site serving `request`, or the default site."""
    site = Site.find_for_request(request) if request is not None else None
    return site or Site.objects.filter(is_default_site=True).first()


def base_url_for(request=None):
    """`https://host` for absolute links in mails."""
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    site = site_for()
    if site:
        return site.root_url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def society_context(site=None):
    """The society's name and contacts for the footer of every mail."""
    site = site or site_for()
    society = SocietySettings.for_site(site) if site else SocietySettings()
    return {"society": society}


def render_and_send(*, template_prefix, to, context):
    """Render `<prefix>_subject.txt`, `_message.txt` and `_message.html` and send."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"{template_prefix}_subject.txt", context).splitlines()
        ).strip()
        text = render_to_string(f"{template_prefix}_message.txt", context).strip()
        html = render_to_string(f"{template_prefix}_message.html", context)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [to] if isinstance(to, str) else to
    )
    message.attach_alternative(html, "text/html")
    message.send()


def send_personal_code_email(*, user, base_url=None, site=None):
    """Mail the member their personal code and a link to the printable card.

    Returns True on success. A failure is logged and reported as False: the code
    itself is safe in the database and the cabinet offers to send it again.
    """
    code = getattr(user, "personal_code", None)
    if code is None:
        return False
    base_url = base_url or base_url_for()
    context = {
        **society_context(site),
        "user": user,
        "code": code,
        "cabinet_url": base_url + reverse("members:code"),
        "card_url": base_url + reverse("members:code_print"),
    }
    try:
        render_and_send(
            template_prefix="members/email/personal_code",
            to=user.email,
            context=context,
        )
    except Exception:
        logger.exception("Could not send the personal code e-mail to user %s", user.pk)
        return False
    return True


def send_personal_code_replaced_email(*, user, old_code, base_url=None, site=None):
    """Tell the member that staff replaced their code: the new code, that the old
    one and its printed QR no longer work, and a link to print a new card.

    Returns True on success; a failure is logged and reported as False.
    """
    code = getattr(user, "personal_code", None)
    if code is None:
        return False
    base_url = base_url or base_url_for()
    context = {
        **society_context(site),
        "user": user,
        "code": code,
        "old_code": f"{old_code[:4]}-{old_code[4:]}"
        if len(old_code) == 8
        else old_code,
        "cabinet_url": base_url + reverse("members:code"),
        "card_url": base_url + reverse("members:code_print"),
    }
    try:
        render_and_send(
            template_prefix="members/email/personal_code_replaced",
            to=user.email,
            context=context,
        )
    except Exception:
        logger.exception(
            "Could not send the replaced personal code e-mail to user %s", user.pk
        )
        return False
    return True
