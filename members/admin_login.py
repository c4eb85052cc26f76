"""The Wagtail admin login, held to the same rules as the site's own login.

Wagtail's admin has a login form of its own. This one authenticates through
allauth's adapter, so failed attempts count against the same per-account and
per-IP limits (in the shared cache) as the members' login page, and it refuses,
before any session exists, an account that may not use the admin or whose
address is not confirmed: no login path skips e-mail confirmation.
"""

from allauth.account.adapter import get_adapter
from allauth.account.utils import has_verified_email
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class ThrottledAdminLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's field has no label, so Django shows its English field name.
        self.fields["password"].label = _("Password")

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email and password:
            # Raises "too many failed login attempts" once a limit is reached.
            self.user_cache = get_adapter(self.request).authenticate(
                self.request, email=email.strip(), password=password
            )
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

    def confirm_login_allowed(self, user):
        """Only confirmed accounts with admin access; said only to whoever knew the
        password, so it tells an attacker nothing."""
        super().confirm_login_allowed(user)
        if not user.has_perm("wagtailadmin.access_admin"):
            raise forms.ValidationError(
                _(
                    "This account has no access to the administration area. "
                    "Members log in on the site's login page."
                ),
                code="no_admin_access",
            )
        if not has_verified_email(user, self.cleaned_data["username"].strip()):
            raise forms.ValidationError(
                _(
                    "Confirm your e-mail address first: follow the link in the "
                    "e-mail we sent, or log in on the site's login page to get a "
                    "new one."
                ),
                code="email_not_confirmed",
            )
