"""schema.org `Event` data for search engines, rendered as JSON-LD on the event page."""

from urllib.parse import urljoin

from .models import EventFormat, EventStatus

ATTENDANCE_MODES = {
    EventFormat.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    EventFormat.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    EventFormat.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def event_schema(page, request, *, image_url=None):
    """A dict ready for `json.dumps`, following https://schema.org/Event."""
    url = page.get_full_url(request)
    # A past event keeps its record, but its joining and registration links are
    # withdrawn here as on the page.
    is_past = page.status == EventStatus.PAST
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "startDate": page.local_start.isoformat(),
        "endDate": page.local_end.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE_MODES.get(
            page.event_format, ATTENDANCE_MODES[EventFormat.IN_PERSON]
        ),
        "url": url,
        "inLanguage": "ru",
    }
    if page.summary:
        data["description"] = page.summary
    if image_url:
        # From the site's own address, never the request's Host header: the result
        # is kept in a cached fragment every visitor gets.
        data["image"] = [urljoin(url or "", image_url)]
    locations = []
    if page.event_format != EventFormat.ONLINE:
        address = {"@type": "PostalAddress", "addressCountry": "RU"}
        if page.address:
            address["streetAddress"] = page.address
        if page.city:
            address["addressLocality"] = page.city
        locations.append(
            {
                "@type": "Place",
                "name": page.venue_name or page.city,
                "address": address,
            }
        )
    if page.event_format != EventFormat.IN_PERSON:
        online_url = None if is_past else page.online_url
        locations.append({"@type": "VirtualLocation", "url": online_url or url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if page.organiser:
        data["organizer"] = {"@type": "Organization", "name": page.organiser}
    if page.registration_url and not is_past:
        data["offers"] = {
            "@type": "Offer",
            "url": page.registration_url,
            "availability": "https://schema.org/InStock",
        }
    return data
