"""The events app's contributions through hooks: the home page's upcoming events
and its demo content."""

from wagtail import hooks

from core.demo import DemoLoader
from core.sections import HomeSection

from . import demo
from .models import EventIndexPage
from .selectors import upcoming_events

HOME_UPCOMING_LIMIT = 3


def upcoming_events_context(request):
    """The next few public events of this site and the calendar they come from (a
    home page never lists another site's tree; the section is cached per site)."""
    from ops.lookups import site_root

    root = site_root(request)
    indexes = EventIndexPage.objects.live().public()
    if root is not None:
        indexes = indexes.descendant_of(root)
    return {
        "events": upcoming_events(limit=HOME_UPCOMING_LIMIT, root=root),
        "index": indexes.order_by("path").first(),
    }


@hooks.register("register_home_section")
def upcoming_events_section():
    return HomeSection(
        name="events.upcoming",
        order=20,
        template="events/includes/upcoming_events.html",
        get_context=upcoming_events_context,
        stylesheets=("events/events.css",),
        cache_seconds=300,  # public events only; an event that ends leaves within 5 min
    )


@hooks.register("register_demo_content")
def events_demo():
    return DemoLoader(name="events", order=20, load=demo.load)
