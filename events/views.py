"""Calendar files: one event, and the feed of upcoming events calendar apps subscribe to."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ops.lookups import site_root

from .ics import build_calendar
from .selectors import public_events, upcoming_events, with_listing_data

FEED_LIMIT = 200


def calendar_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


@require_GET
def event_ics(request, page_id):
    """The `.ics` of one public event (drafts and private events answer 404)."""
    events = public_events(root=site_root(request)).filter(pk=page_id)
    page = with_listing_data(events).first()
    if page is None:
        raise Http404
    slug = page.slug if page.slug.isascii() else ""
    filename = f"{slug or f'event-{page.pk}'}.ics"
    return calendar_response(build_calendar([page], request), filename)


@require_GET
def upcoming_ics(request):
    """The subscription feed: every public event that is not over yet."""
    pages = upcoming_events(limit=FEED_LIMIT, root=site_root(request))
    body = build_calendar(pages, request, name=_("Society events"))
    response = calendar_response(body, "events.ics")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response
