from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator

from home.typography import breakable as make_breakable
from home.typography import soft_hyphenate

register = template.Library()


@register.filter
def has_content(cells):
    """True when a table row has at least one non-empty cell."""
    return any(cell is not None and str(cell).strip() for cell in cells or ())


@register.filter
def soft_hyphens(text):
    """Long Russian words with soft hyphens: they break, hyphenated, in narrow columns."""
    return soft_hyphenate(str(text))


@register.filter
def breakable(text):
    """A phone number or e-mail address that wraps between its parts, never inside."""
    return make_breakable(text)


@register.filter
def search_summary(page, words=40):
    """A few lines under a search result: the page's description for search
    engines, else its summary, else its introduction as plain text."""
    for name in ("search_description", "summary", "introduction"):
        value = getattr(page, name, "") or ""
        text = " ".join(strip_tags(str(value)).split())
        if text:
            return Truncator(text).words(int(words))
    return ""
