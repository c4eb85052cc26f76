"""Calendar files (RFC 5545) for one event and for the feed of upcoming events."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .dates import to_event_time

PRODID = "-//Russian Society of Urologists//Events//RU"


def event_uid(page):
    """Stable across edits, moves and renames: the page's translation key (a UUID)."""
    return f"{page.translation_key}@events"


def event_description(page, url):
    """Summary, credits with their specialties, and the page address."""
    lines = []
    if page.summary:
        lines.append(page.summary)
    if page.credits:
        specialties = ", ".join(s.name for s in page.specialties.all())
        credits = _("CME credits: %(credits)s") % {"credits": page.credits}
        if specialties:
            credits = _("%(credits)s (%(specialties)s)") % {
                "credits": credits,
                "specialties": specialties,
            }
        lines.append(credits)
    if page.organiser:
        lines.append(_("Organiser: %(name)s") % {"name": page.organiser})
    if page.online_url:
        lines.append(_("Online: %(url)s") % {"url": page.online_url})
    if page.registration_url:
        lines.append(_("Registration: %(url)s") % {"url": page.registration_url})
    lines.append(url)
    return "\n\n".join(lines)


def event_component(page, request):
    url = page.get_full_url(request)
    component = Event()
    component.add("uid", event_uid(page))
    component.add("dtstamp", timezone.now())
    if page.last_published_at:
        component.add("last-modified", page.last_published_at)
    component.add("dtstart", to_event_time(page.start))
    component.add("dtend", to_event_time(page.end))
    component.add("summary", page.title)
    location = page.location_display
    if page.is_online and page.online_url:
        location = page.online_url
    if location:
        component.add("location", location)
    component.add("description", event_description(page, url))
    if url:
        component.add("url", url)
    component.add("categories", [str(page.get_event_type_display())])
    component.add("status", "CONFIRMED")
    component.add("transp", "OPAQUE")
    return component


def build_calendar(pages, request, *, name=None):
    """A VCALENDAR with the events and the VTIMEZONE their times refer to."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
        calendar.add(
            "refresh-interval",
            datetime.timedelta(hours=12),
            parameters={"VALUE": "DURATION"},
        )
        calendar.add("x-published-ttl", "PT12H")
    pages = list(pages)
    for page in pages:
        calendar.add_component(event_component(page, request))
    if pages:
        # Only the rules in force around these events, not the zone's whole history.
        first = min(to_event_time(page.start) for page in pages).date()
        last = max(to_event_time(page.end) for page in pages).date()
        calendar.add_missing_timezones(
            first_date=first - datetime.timedelta(days=366),
            last_date=last + datetime.timedelta(days=366),
        )
    return calendar.to_ical()
