"""Dates and times of events as people read them: "12–14 марта 2027 г.".

The words come from the translation catalogues (Russian months in the genitive case,
the "г." after the year), so the same code gives "12–14 March 2027" in English.
"""

from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_ALT
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.time import local_tz


def event_zone():
    """The time zone event times are entered and shown in: the society's
    (settings.TIME_ZONE)."""
    return local_tz()


def to_event_time(value):
    """An aware datetime converted to the events' time zone."""
    return timezone.localtime(value, event_zone())


def _month(date):
    """The month as it stands after a day number (genitive in Russian)."""
    return str(MONTHS_ALT[date.month])


def format_date(date):
    """One date: "12 марта 2027 г."."""
    return pgettext("event date", "%(day)s %(month)s %(year)s") % {
        "day": date.day,
        "month": _month(date),
        "year": date.year,
    }


def format_date_range(start, end):
    """The dates an event spans, shortened where start and end share month or year.

    `start` and `end` are dates (already in the events' time zone).
    """
    if end is None or end <= start:
        return format_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return pgettext(
            "event date range, one month", "%(start)s–%(end)s %(month)s %(year)s"
        ) % {
            "start": start.day,
            "end": end.day,
            "month": _month(end),
            "year": end.year,
        }
    if start.year == end.year:
        return pgettext(
            "event date range, one year",
            "%(start_day)s %(start_month)s – %(end_day)s %(end_month)s %(year)s",
        ) % {
            "start_day": start.day,
            "start_month": _month(start),
            "end_day": end.day,
            "end_month": _month(end),
            "year": end.year,
        }
    return _("%(start)s – %(end)s") % {
        "start": format_date(start),
        "end": format_date(end),
    }


def format_time_range(start, end):
    """Times of a one-day event: "10:00–18:00"."""
    if end is None or end == start:
        return start.strftime("%H:%M")
    return f"{start:%H:%M}–{end:%H:%M}"


def format_month(date):
    """A month in a list of months: "Март 2027"."""
    return pgettext("month of the year", "%(month)s %(year)s") % {
        "month": str(MONTHS[date.month]),
        "year": date.year,
    }
