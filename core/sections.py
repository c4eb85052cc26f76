"""Home-page sections that apps contribute, so `home` imports no domain app.

An app registers a section in its own `wagtail_hooks.py`:

    @hooks.register("register_home_section")
    def upcoming_events_section():
        return HomeSection(
            name="events.upcoming",
            order=20,
            template="events/includes/upcoming_events.html",
            get_context=upcoming_events_context,  # fn(request) -> dict
            stylesheets=("events/events.css",),
            cache_seconds=300,
        )

The home page renders the sections by `order` below its own content. A section that
is the same for every visitor (`cache_seconds` > 0: it shows public content only, no
user, no form) is rendered once per content generation, language and site and kept
for at most that long (publishing anything retires it at once: ops.lookups).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation
from wagtail import hooks


@dataclass(frozen=True)
class HomeSection:
    name: str
    template: str
    order: int = 100
    get_context: Callable | None = None
    stylesheets: tuple = field(default_factory=tuple)
    cache_seconds: int = 0


def home_sections():
    """The registered sections, in order."""
    sections = [fn() for fn in hooks.get_hooks("register_home_section")]
    return sorted(sections, key=lambda section: (section.order, section.name))


def render_home_sections(request):
    """Each section rendered for `request`: [{"name", "html", "stylesheets"}]."""
    rendered = []
    for section in home_sections():

        def render(section=section):
            context = section.get_context(request) if section.get_context else {}
            return render_to_string(
                section.template, {"request": request, **context}, request=request
            )

        if section.cache_seconds and not getattr(request, "is_preview", False):
            from ops import lookups  # the content-generation cache

            site = lookups.site_for_request(request)
            key = f"home-section:{section.name}:{translation.get_language()}:"
            html = lookups.cached(
                key + str(site.pk if site else ""), render, section.cache_seconds
            )
        else:
            html = render()
        rendered.append(
            {"name": section.name, "html": html, "stylesheets": section.stylesheets}
        )
    return rendered
