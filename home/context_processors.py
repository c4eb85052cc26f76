from .accessibility import COOKIE_NAME, AccessibilityPrefs


def accessibility(request):
    """The visitor's visually-impaired mode settings, for <html> classes and the panel."""
    return {"a11y": AccessibilityPrefs.from_cookie(request.COOKIES.get(COOKIE_NAME))}


def content_language(request):
    """The language editors write pages in, for `lang` on content in an English UI."""
    from django.conf import settings

    return {"content_lang": settings.LANGUAGE_CODE}
