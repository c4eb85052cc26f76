"""Template tags for the personal cabinet."""

import segno
from django import template
from django.utils.safestring import mark_safe

from core.templatetags.core_tags import error_summary_context
from core.time import format_datetime
from members.navigation import (
    cabinet_menu_items,
    cabinet_overview_sections,
    member_status_lines,
)

register = template.Library()


@register.inclusion_tag("members/includes/cabinet_nav.html", takes_context=True)
def cabinet_nav(context, active=None):
    """The cabinet navigation, marking the current section."""
    request = context.get("request")
    path = request.path if request else ""
    items = []
    for item in cabinet_menu_items():
        url = item.url
        current = item.name == active or (
            active is None
            and (path == url or (url != "/cabinet/" and path.startswith(url)))
        )
        items.append({"item": item, "url": url, "current": current})
    return {"items": items}


# The shared error summary (core), also under this library for members' templates.
register.inclusion_tag("core/includes/error_summary.html", name="error_summary")(
    error_summary_context
)


@register.simple_tag
def qr_svg(data, scale=6, title=""):
    """An inline SVG QR code for `data` (no scripts, no style attributes)."""
    qr = segno.make(data, error="m", micro=False)
    svg = qr.svg_inline(
        scale=scale,
        border=2,
        title=title or None,
        svgclass="qr",
        lineclass=None,
        omitsize=True,
    )
    return mark_safe(svg)  # noqa: S308 - segno output, data is XML-escaped by segno


@register.filter
def moscow(value):
    """A datetime as `22.11.2026 07:24` in the society's time (core.time)."""
    return format_datetime(value)


@register.simple_tag
def member_statuses(user):
    """Phrases other apps registered about `user` (see members.navigation)."""
    return member_status_lines(user) if user is not None else []


@register.simple_tag
def cabinet_sections(user):
    """Blocks other apps registered for the cabinet's overview."""
    return cabinet_overview_sections(user) if user is not None else []
