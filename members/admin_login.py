"""The Wagtail admin login, throttled like the site's own login.

Wagtail's admin has a login form of its own that would otherwise allow unlimited
password guessing. This form authenticates through allauth's adapter, so failed
attempts count against the same per-account and per-IP limits (in the shared cache)
as the members' login page.
"""

from allauth.account.adapter import get_adapter
from wagtail.admin.forms.auth import LoginForm


class ThrottledAdminLoginForm(LoginForm):
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
