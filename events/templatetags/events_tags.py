import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from events.schema import event_schema

register = template.Library()

# The same escapes as Django's json_script: no "</script>" can close the element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def event_json_ld(context, page, image_url=None):
    """schema.org Event data as `<script type="application/ld+json">` (data, not code)."""
    data = event_schema(page, context["request"], image_url=image_url)
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    # Safe: <, > and & are escaped above, exactly as django.utils.html.json_script.
    safe_payload = mark_safe(payload)  # noqa: S308
    return format_html('<script type="application/ld+json">{}</script>', safe_payload)
