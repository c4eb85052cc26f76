"""Someone who must accept a new consent version can only read it, accept, or leave."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .consent import SESSION_KEY


class ConsentRequiredMiddleware:
    """While the session is flagged (at login, see signals), every page but the
    consent pages, logout and static files leads to the acceptance page."""

    ALLOWED_NAMES = ("privacy:consent", "privacy:close", "account_logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Visitors without a session are not looked at: reading the session would
        # add `Vary: Cookie` to every public page (and defeat the page cache).
        session = getattr(request, "session", None)
        has_cookie = settings.SESSION_COOKIE_NAME in request.COOKIES
        flagged = has_cookie and session is not None and session.get(SESSION_KEY)
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
