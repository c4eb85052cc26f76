"""How the members app shows values to people: Moscow times, yes/no, phones.

The society works in Moscow time whatever a browser or an admin preference says, so
staff screens, exports and mails all format times here.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import pgettext

MOSCOW = ZoneInfo("Europe/Moscow")
DATETIME_FORMAT = "%d.%m.%Y %H:%M"  # 22.11.2026 07:24


def moscow_time(value):
    """An aware datetime in Moscow time (naive values are taken as Moscow already)."""
    if value is None:
        return None
    if timezone.is_naive(value):
        return value.replace(tzinfo=MOSCOW)
    return timezone.localtime(value, MOSCOW)


def moscow_naive(value):
    """Moscow wall-clock time without a zone, for Excel (which has no time zones)."""
    if value is None:
        return None
    return moscow_time(value).replace(tzinfo=None)


def format_datetime(value):
    """`22.11.2026 07:24` in Moscow time; "" for no value."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return moscow_time(value).strftime(DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def yes_no(value):
    """«да» / «нет» for a boolean; "" when unknown."""
    if value is None:
        return ""
    return (
        pgettext("boolean value", "yes") if value else pgettext("boolean value", "no")
    )


def format_phone(phone):
    """+7 (XXX) XXX-XX-XX for a stored `+7XXXXXXXXXX`; anything else as it is."""
    phone = phone or ""
    digits = phone[2:]
    if not phone.startswith("+7") or len(digits) != 10:
        return phone
    return f"+7 ({digits[:3]}) {digits[3:6]}-{digits[6:8]}-{digits[8:]}"
