"""Response headers that Django's SecurityMiddleware does not set."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Adds a Content-Security-Policy to every response that does not set its own.

    The public site serves only its own scripts and styles (no CDN, no inline script).
    The Wagtail admin needs inline styles and scripts of its own, so it gets a wider
    but still same-origin policy.

    A view whose forms post to us and are then redirected to another origin (the
    payment page sends the member to the provider's hosted page) lists those origins
    in `response.csp_form_action`: browsers check such redirects against the page's
    `form-action`, and only that page's policy is widened.
    """

    admin_prefix = "/admin/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            extra = getattr(response, "csp_form_action", None) or []
            response["Content-Security-Policy"] = self.policy_for(
                request, form_action=extra
            )
        return response

    def policy_for(self, request, form_action=()):
        form_action = " ".join(["'self'", *form_action])
        img_src = " ".join(["'self'", "data:", "blob:", *settings.CSP_EXTRA_IMG_SRC])
        frame_src = " ".join(["'self'", *settings.CSP_FRAME_SRC])
        if request.path.startswith(self.admin_prefix):
            return (
                "default-src 'self'; "
                "script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
                "style-src 'self' 'unsafe-inline'; "
                f"img-src {img_src} https:; "
                f"frame-src {frame_src}; "
                f"frame-ancestors 'self'; base-uri 'self'; form-action {form_action}; "
                "object-src 'none'"
            )
        return (
            "default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src {img_src}; font-src 'self'; connect-src 'self'; "
            f"frame-src {frame_src}; frame-ancestors 'none'; base-uri 'self'; "
            f"form-action {form_action}; object-src 'none'"
        )


class SiteLanguageMiddleware:
    """Russian for everyone unless the visitor picked another language on the site.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show
    English to a Russian doctor whose browser happens to be in English. Here only the
    language cookie set by the switcher (Django's `set_language` view) counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        available = {code for code, _name in settings.LANGUAGES}
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary = response.get("Vary", "")
        if "cookie" not in patch_vary.lower():
            response["Vary"] = f"{patch_vary}, Cookie" if patch_vary else "Cookie"
        return response


class PrivateResponsesMiddleware:
    """Responses to signed-in people are never stored by shared caches.

    Members-only pages, the cabinet and anything personal is only ever served to a
    signed-in person; marking all such responses `private, no-store` means a proxy or
    CDN in front of the site can never hand one person's page to another.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from django.utils.cache import patch_cache_control

            response.headers.pop("Expires", None)
            patch_cache_control(response, private=True, no_store=True)
            if "public" in response.get("Cache-Control", ""):
                response["Cache-Control"] = "private, no-store"
        return response


class PasswordFormThrottleMiddleware:
    """Wagtail's password forms for private pages and documents, throttled like logins.

    Wagtail lets anyone try a page's (or a document collection's) shared password
    without limit. Wrong passwords count per client IP and per restriction in
    allauth's rate limits (the shared cache, like failed logins); once a limit is
    reached, every try, even the right password, gets a 429 until it passes.
    A right password costs nothing.
    """

    action = "private_password_failed"
    restriction_kwargs = {
        "wagtailcore_authenticate_with_password": "page_view_restriction_id",
        "wagtaildocs_authenticate_with_password": "restriction_id",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_password_form_key", None)
        if key and response.status_code == 200:  # the form again: a wrong password
            from allauth.core import ratelimit

            ratelimit.consume(request, action=self.action, key=key)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        kwarg = self.restriction_kwargs.get(match.url_name if match else None)
        if kwarg is None or request.method != "POST":
            return None
        from allauth.core import ratelimit

        request._password_form_key = f"{match.url_name}:{view_kwargs.get(kwarg)}"
        if not ratelimit.consume(
            request, action=self.action, key=request._password_form_key, dry_run=True
        ):
            request._password_form_key = None
            return ratelimit.respond_429(request)
        return None
