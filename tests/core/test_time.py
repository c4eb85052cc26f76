"""The society's time comes from settings.TIME_ZONE."""

import datetime

from django.test import override_settings
from django.utils import timezone

from core import time as core_time

KNOWN_UTC = datetime.datetime(2026, 11, 22, 4, 24, tzinfo=datetime.UTC)


def test_times_are_shown_in_moscow_by_default():
    assert core_time.format_datetime(KNOWN_UTC) == "22.11.2026 07:24"
    assert core_time.format_date(KNOWN_UTC) == "22.11.2026"
    assert core_time.format_date(datetime.date(2026, 1, 2)) == "02.01.2026"
    assert core_time.format_datetime(None) == ""


def test_the_zone_comes_from_settings():
    with override_settings(TIME_ZONE="Asia/Vladivostok"):
        assert str(core_time.local_tz()) == "Asia/Vladivostok"
        assert core_time.format_datetime(KNOWN_UTC) == "22.11.2026 14:24"


def test_an_activated_browser_zone_does_not_change_what_staff_see():
    with timezone.override(datetime.UTC):
        assert core_time.format_datetime(KNOWN_UTC) == "22.11.2026 07:24"


def test_local_today_is_the_societys_date(monkeypatch):
    late_evening_utc = datetime.datetime(2026, 12, 31, 22, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: late_evening_utc)
    assert core_time.local_today() == datetime.date(2027, 1, 1)


def test_excel_gets_local_wall_clock_time():
    assert core_time.local_naive(KNOWN_UTC) == datetime.datetime(2026, 11, 22, 7, 24)
