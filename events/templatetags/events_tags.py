import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.coreutils import get_supported_content_language_variant

from events.models import EventIndexPage
from events.schema import event_schema
from events.selectors import upcoming_events

register = template.Library()

# The same escapes as Django's json_script: no "</script>" can close the element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

HOME_UPCOMING_LIMIT = 3


@register.inclusion_tag("events/includes/upcoming_events.html", takes_context=True)
def home_upcoming_events(context, limit=HOME_UPCOMING_LIMIT):
    """The next few public events, for the home page."""
    request = context.get("request")
    events = upcoming_events(limit=limit)
    index = EventIndexPage.objects.live().public().order_by("path").first()
    return {"request": request, "events": events, "index": index}


@register.simple_tag(takes_context=True)
def event_json_ld(context, page, image_url=None):
    """schema.org Event data as `<script type="application/ld+json">` (data, not code)."""
    data = event_schema(page, context["request"], image_url=image_url)
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    # Safe: <, > and & are escaped above, exactly as django.utils.html.json_script.
    safe_payload = mark_safe(payload)  # noqa: S308
    return format_html('<script type="application/ld+json">{}</script>', safe_payload)


@register.simple_tag
def content_language(page=None):
    """The language an event's own text is written in, for its `lang` attributes.

    Visitors may read the interface in English while titles, summaries, programmes
    and venues stay Russian; marking that text lets screen readers use a Russian
    voice. With Wagtail's i18n off every page is in the default content language,
    so this costs no query; with it on, the page's locale decides (listings load
    it with `select_related("locale")`).
    """
    if page is not None and getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return page.locale.language_code
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)
