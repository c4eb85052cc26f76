from .accessibility import COOKIE_NAME, AccessibilityPrefs


def accessibility(request):
    """The visitor's visually-impaired mode settings, for <html> classes and the panel."""
    return {"a11y": AccessibilityPrefs.from_cookie(request.COOKIES.get(COOKIE_NAME))}
