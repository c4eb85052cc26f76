"""The society's time: the zone comes from settings.TIME_ZONE (Europe/Moscow).

Staff screens, exports, mails and PDFs show times here, whatever zone a browser or an
admin preference has activated.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone

DATETIME_FORMAT = "%d.%m.%Y %H:%M"  # 22.11.2026 07:24
DATE_FORMAT = "%d.%m.%Y"  # 22.11.2026


def local_tz():
    """The society's time zone (settings.TIME_ZONE)."""
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def localtime(value):
    """An aware datetime in the society's zone (a naive one is taken as local
    already); None stays None."""
    if value is None:
        return None
    if timezone.is_naive(value):
        return value.replace(tzinfo=local_tz())
    return timezone.localtime(value, local_tz())


def local_naive(value):
    """Local wall-clock time without a zone, for Excel (which has no time zones)."""
    if value is None:
        return None
    return localtime(value).replace(tzinfo=None)


def local_today():
    """Today's date in the society's zone."""
    return timezone.localdate(timezone=local_tz())


def format_datetime(value):
    """`22.11.2026 07:24` in local time; a date as `22.11.2026`; "" for None."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return localtime(value).strftime(DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return format_date(value)
    return str(value)


def format_date(value):
    """`22.11.2026`; a datetime is taken in local time; "" for None."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = localtime(value).date()
    return value.strftime(DATE_FORMAT)
