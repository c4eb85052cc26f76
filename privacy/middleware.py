"""Someone who must accept a new consent version can only read it, accept, or leave."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.shortcuts import redirect
from django.urls import reverse

from .consent import session_must_accept


class ConsentRequiredMiddleware:
    """While a logged-in session has not accepted the live consent version, every
    page but the consent pages, logout and static files leads to the acceptance
    page. Checked on every request against the live version (a version published
    while the session is open counts); the answer is kept in the session per
    version label, so a request costs no query once it is known."""

    ALLOWED_NAMES = ("privacy:consent", "privacy:close", "account_logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Visitors without a session are not looked at: reading the session would
        # add `Vary: Cookie` to every public page (and defeat the page cache).
        session = getattr(request, "session", None)
        has_cookie = settings.SESSION_COOKIE_NAME in request.COOKIES
        flagged = (
            has_cookie
            and session is not None
            and AUTH_SESSION_KEY in session
            and session_must_accept(request)
        )
        if flagged and not self._allowed(request):
            return redirect("privacy:consent")
        return self.get_response(request)

    def _allowed(self, request):
        path = request.path_info
        if path.startswith(("/static/", "/media/", "/favicon")):
            return True
        if any(path == reverse(name) for name in self.ALLOWED_NAMES):
            return True
        from members.services import current_consent_page

        page = current_consent_page()
        return page is not None and path == page.get_url(request)
