"""Template tags every app may use: the error summary, local times, the content
language."""

from django import template

from core import i18n
from core import time as core_time

register = template.Library()


def error_summary_context(form):
    """The focusable summary above a form that failed: each field error links to
    its field (the page's script moves the focus here on load)."""
    field_errors = [
        {"field": field, "error": error}
        for field in form.visible_fields()
        for error in field.errors
    ]
    return {
        "form": form,
        "non_field_errors": form.non_field_errors(),
        "field_errors": field_errors,
    }


register.inclusion_tag("core/includes/error_summary.html", name="error_summary")(
    error_summary_context
)


@register.filter
def local_datetime(value):
    """A datetime as `22.11.2026 07:24` in the society's time, whatever zone is on."""
    return core_time.format_datetime(value)


@register.filter
def local_date(value):
    """A date as `22.11.2026` (a datetime in the society's time)."""
    return core_time.format_date(value)


@register.simple_tag
def content_language(page=None):
    """`{% content_language page as content_lang %}`: see core.i18n."""
    return i18n.content_language(page)
