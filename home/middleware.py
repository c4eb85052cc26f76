"""Response headers that Django's SecurityMiddleware does not set."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Adds a Content-Security-Policy to every response that does not set its own.

    The public site serves only its own scripts and styles (no CDN, no inline script).
    The Wagtail admin needs inline styles and scripts of its own, so it gets a wider
    but still same-origin policy.
    """

    admin_prefix = "/admin/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy_for(request)
        return response

    def policy_for(self, request):
        img_src = " ".join(["'self'", "data:", "blob:", *settings.CSP_EXTRA_IMG_SRC])
        frame_src = " ".join(["'self'", *settings.CSP_FRAME_SRC])
        if request.path.startswith(self.admin_prefix):
            return (
                "default-src 'self'; "
                "script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
                "style-src 'self' 'unsafe-inline'; "
                f"img-src {img_src} https:; "
                f"frame-src {frame_src}; "
                "frame-ancestors 'self'; base-uri 'self'; form-action 'self'; "
                "object-src 'none'"
            )
        return (
            "default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src {img_src}; font-src 'self'; connect-src 'self'; "
            f"frame-src {frame_src}; frame-ancestors 'none'; base-uri 'self'; "
            "form-action 'self'; object-src 'none'"
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
