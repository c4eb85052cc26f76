"""How allauth behaves on this site: Russian mails with the society's contacts, sent
by a task after the transaction commits (core.mail)."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import mail
from ops.cache import RATE_LIMITS_UNAVAILABLE, cache_available

from .models import UserManager


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

    def clean_email(self, email):
        """Refuse addresses whose part before @ is not plain ASCII.

        Our mail cannot reach such a mailbox (the activation link would never
        arrive), and look-alike letters (Cyrillic «а», the dotless «ı») would let
        a second account pass for another one. Domains in Cyrillic stay allowed.
        """
        email = super().clean_email(email)
        local_part = email.rpartition("@")[0]
        if not local_part.isascii():
            raise ValidationError(
                _(
                    "Write the part of the address before @ in Latin letters, "
                    "digits and the signs . _ - +."
                ),
                code="non_ascii_local_part",
            )
        return email

    def _get_login_attempts_cache_key(self, request, **credentials):
        """The per-account lock: the address in its one spelling, nothing else.

        allauth adds the Host of the request (`site.domain`), which the client
        chooses (`society.example:1`, a trailing dot…): each Host would get fresh
        guesses. allauth calls this for the lock and to clear it after a reset.
        """
        login = credentials.get("email", credentials.get("username", ""))
        return UserManager.normalize_email(login)

    def pre_authenticate(self, request, **credentials):
        """Fail closed: without the shared cache failed attempts cannot be counted,
        so no password is checked (site and admin login alike) until it is back."""
        if not cache_available():
            raise forms.ValidationError(RATE_LIMITS_UNAVAILABLE)
        super().pre_authenticate(request, **credentials)

    def send_mail(self, template_prefix, email, context):
        """Render in Russian with the society's name and contacts, store, and send
        by a task after commit (core.mail): only strings reach the task, and a
        failure is logged without breaking the page the person is on."""
        mail.send_mail(
            to=email,
            template_prefix=template_prefix,
            context={"email": email, **context},
        )

    def get_login_redirect_url(self, request):
        return reverse("members:index")
