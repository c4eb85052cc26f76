from django import template
from wagtail.models import Page, Site

from core.visibility import audience_key, visible_pages
from ops import lookups

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Top-level pages marked "show in menus" that this person may see (live and
    public, or their audience's: core.visibility), cached site-wide per audience."""
    request = context.get("request")
    if request is None:
        return []
    cached = getattr(request, "_main_menu", None)
    if cached is not None:
        return cached
    site = Site.find_for_request(request)
    items = []
    if site is not None:
        user = getattr(request, "user", None)
        audience = audience_key(user)
        rows = lookups.cached(
            f"menu:{site.pk}:{audience}",
            lambda: lookups.rows_of(
                visible_pages(user).child_of(site.root_page).in_menu().order_by("path")
            ),
        )
        items = lookups.instances_from(Page, rows)
    request._main_menu = items
    return items


@register.simple_tag(takes_context=True)
def menu_audience(context):
    """What the menus vary on beyond public pages (core.visibility.audience_key):
    a value for `{% contentcache %}` around anything that shows `main_menu`."""
    request = context.get("request")
    return audience_key(getattr(request, "user", None)) if request else ""


@register.simple_tag(takes_context=True)
def site_root(context):
    request = context.get("request")
    return lookups.site_root(request) if request else None


@register.filter
def is_ancestor_or_self(menu_page, current_page):
    """True when the menu item is the current page or one of its ancestors."""
    if current_page is None or not hasattr(current_page, "path"):
        return False
    return current_page.path.startswith(menu_page.path)
