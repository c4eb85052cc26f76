"""How allauth behaves on this site: Russian mails with the society's contacts, sent
after the transaction commits; profile and consent stored at signup."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import emails

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    """allauth adapter: the only place where allauth is customised."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # allauth says "Please type your current password." when the one typed is
        # wrong, which reads as if the field were empty.
        "enter_current_password": _("Incorrect current password."),
        "too_many_login_attempts": _(
            "Too many failed login attempts. Please wait a few minutes and try "
            "again, or reset your password."
        ),
    }

    def send_mail(self, template_prefix, email, context):
        """Render in Russian with the society's name and contacts; send after commit.

        A failure is logged and does not break the page the person is on.
        """
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "base_url": emails.base_url_for(request),
            **emails.society_context(emails.site_for(request)),
            **context,
        }
        with translation.override(settings.LANGUAGE_CODE):
            message = self.render_mail(template_prefix, email, context)

        def send():
            try:
                message.send()
            except Exception:
                logger.exception("Could not send the %s e-mail", template_prefix)

        transaction.on_commit(send)

    def get_login_redirect_url(self, request):
        return reverse("members:index")
