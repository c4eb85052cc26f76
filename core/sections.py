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
        )

The home page renders the sections by `order` below its own content.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from wagtail import hooks


@dataclass(frozen=True)
class HomeSection:
    name: str
    template: str
    order: int = 100
    get_context: Callable | None = None
    stylesheets: tuple = field(default_factory=tuple)


def home_sections():
    """The registered sections, in order."""
    sections = [fn() for fn in hooks.get_hooks("register_home_section")]
    return sorted(sections, key=lambda section: (section.order, section.name))


def render_home_sections(request):
    """Each section rendered for `request`: [{"name", "html", "stylesheets"}]."""
    rendered = []
    for section in home_sections():
        context = section.get_context(request) if section.get_context else {}
        rendered.append(
            {
                "name": section.name,
                "html": render_to_string(
                    section.template, {"request": request, **context}, request=request
                ),
                "stylesheets": section.stylesheets,
            }
        )
    return rendered
