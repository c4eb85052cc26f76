"""THE selector for "pages this person may see": search, menus, listings.

Wagtail's `.public()` hides every page behind a view restriction from everyone,
members included. An app whose pages are for one audience (materials: active
members and staff) registers it with the `register_page_audience` hook:

    @hooks.register("register_page_audience")
    def members_audience():
        return PageAudience(name="members", pages=q_of_its_pages, admits=can_read)

`pages()` returns a `Q` over `Page` selecting the audience's pages; `admits(user)`
says whether `user` belongs to it. `visible_pages(user)` is every live public page,
minus the pages of audiences that do not admit `user` (even if an editor removed
their view restriction), plus the pages of audiences that do. `audience_key(user)`
names the audiences a person belongs to, for caches that vary by it (the menu).
Core imports no domain app.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from wagtail import hooks
from wagtail.models import Page


@dataclass(frozen=True)
class PageAudience:
    name: str
    pages: Callable  # () -> Q over Page
    admits: Callable  # (user) -> bool


def page_audiences():
    return [fn() for fn in hooks.get_hooks("register_page_audience")]


def _split(user):
    admitted, refused = [], []
    for audience in page_audiences():
        (admitted if user is not None and audience.admits(user) else refused).append(
            audience
        )
    return admitted, refused


def visible_pages(user=None):
    """Live pages `user` (anonymous when None) may see."""
    admitted, refused = _split(user)
    pages = Page.objects.live().public()
    if admitted:
        extra = Q()
        for audience in admitted:
            extra |= audience.pages()
        pages = pages | Page.objects.live().filter(extra)
    for audience in refused:
        pages = pages.exclude(audience.pages())
    return pages


def audience_key(user=None):
    """A short name of what `user` sees beyond public pages ("" for the public)."""
    return ",".join(sorted(audience.name for audience in _split(user)[0]))
