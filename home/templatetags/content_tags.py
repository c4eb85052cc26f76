from django import template

register = template.Library()


@register.filter
def has_content(cells):
    """True when a table row has at least one non-empty cell."""
    return any(cell is not None and str(cell).strip() for cell in cells or ())
