"""Working days of the Russian production calendar.

The `holidays` package knows Russia's public holidays and the days the government
moves each year (a Saturday that becomes a working day, a Friday off between
holidays). Deadlines such as "we review a receipt within 5 working days" count here.
"""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _calendar(year):
    return holidays.country_holidays("RU", years=year)


def is_working_day(day):
    """True on a working day: not a holiday or a moved day off, and not a weekend
    unless the calendar made that weekend day a working one (e.g. 1 Nov 2025)."""
    return _calendar(day.year).is_working_day(day)


def add_working_days(start_date, n):
    """The date `n` working days after `start_date` (start_date itself is not
    counted); `n == 0` gives start_date."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start_date
    counted = 0
    while counted < n:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day
