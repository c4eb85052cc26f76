"""Template filters for credits: 6, 1,5 — never 6.00."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


def _plain(value):
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    text = f"{value.normalize():f}"
    return text


@register.filter
def credits(value):
    """Credits as people read them in Russian: `6`, `1,5`, `12,25`."""
    return _plain(value).replace(".", ",")


@register.filter
def credits_plain(value):
    """Credits for machine-read attributes: `6`, `1.5`."""
    return _plain(value)
