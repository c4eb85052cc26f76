"""The language the site's content is written in (Russian), for `lang` attributes."""

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant


def content_language(page=None):
    """The language a page's own text is written in.

    Visitors may read the interface in English while titles, summaries and bodies
    stay Russian; marking that text lets screen readers use a Russian voice. With
    Wagtail's i18n off every page is in the default content language, so this costs
    no query; with it on, the page's locale decides (listings load it with
    `select_related("locale")`).
    """
    if page is not None and getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return page.locale.language_code
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)
