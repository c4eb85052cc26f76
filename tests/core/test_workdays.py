"""Working days of the Russian production calendar."""

import datetime

import pytest

from core.workdays import add_working_days, is_working_day

D = datetime.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 5, 1), False),  # Праздник Весны и Труда
        (D(2025, 5, 2), False),  # moved day off (from 4 January)
        (D(2025, 5, 8), False),  # moved day off (from 23 February)
        (D(2025, 5, 9), False),  # День Победы
        (D(2025, 5, 5), True),
        (D(2025, 11, 1), True),  # a Saturday made a working day
        (D(2025, 11, 3), False),  # moved day off before 4 November
        (D(2025, 11, 4), False),  # День народного единства
        (D(2025, 11, 8), False),  # an ordinary Saturday
        (D(2025, 12, 31), False),  # moved day off (from 5 January)
        (D(2026, 1, 1), False),
    ],
)
def test_known_days_of_2025(day, working):
    assert is_working_day(day) is working


def test_may_holidays_are_skipped():
    # Wed 30 April 2025 + 1 working day: 1–4 May are off, so Monday 5 May.
    assert add_working_days(D(2025, 4, 30), 1) == D(2025, 5, 5)
    # 5, 6, 7 May work; 8–11 off; 12 May is the fourth.
    assert add_working_days(D(2025, 4, 30), 4) == D(2025, 5, 12)


def test_a_transferred_saturday_counts():
    # Thu 30 October 2025: Fri 31 Oct, Sat 1 Nov (working), then 5 Nov.
    assert add_working_days(D(2025, 10, 30), 2) == D(2025, 11, 1)
    assert add_working_days(D(2025, 10, 30), 3) == D(2025, 11, 5)


def test_counting_crosses_the_new_year():
    # 31 Dec 2025 … 11 Jan 2026 are days off; 12 January is the first working day.
    assert add_working_days(D(2025, 12, 30), 1) == D(2026, 1, 12)


def test_zero_days_is_the_same_day_and_negative_is_refused():
    assert add_working_days(D(2025, 5, 3), 0) == D(2025, 5, 3)
    with pytest.raises(ValueError):
        add_working_days(D(2025, 5, 3), -1)
