"""Event dates read the way Russians write them, in Moscow time."""

import datetime

import pytest
from django.utils import translation

from events.dates import format_date, format_date_range, format_month
from events.models import EventPage, EventStatus
from tests.events.factories import msk

D = datetime.date

# Building an unsaved EventPage looks up the default locale.
pytestmark = pytest.mark.django_db


@pytest.fixture
def ru():
    with translation.override("ru"):
        yield


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2027, 3, 12), D(2027, 3, 12), "12 марта 2027 г."),
        (D(2027, 3, 12), D(2027, 3, 14), "12–14 марта 2027 г."),
        (D(2027, 2, 28), D(2027, 3, 2), "28 февраля – 2 марта 2027 г."),
        (D(2026, 12, 30), D(2027, 1, 2), "30 декабря 2026 г. – 2 января 2027 г."),
        (D(2027, 5, 1), D(2027, 5, 3), "1–3 мая 2027 г."),
        (D(2027, 8, 31), D(2027, 9, 1), "31 августа – 1 сентября 2027 г."),
        (D(2027, 6, 9), None, "9 июня 2027 г."),
    ],
)
def test_russian_date_ranges(ru, start, end, expected):
    assert format_date_range(start, end) == expected


def test_every_month_is_in_the_genitive(ru):
    months = [format_date(D(2027, month, 1)).split()[1] for month in range(1, 13)]
    assert months == [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ]


def test_month_filter_labels_use_the_nominative(ru):
    assert format_month(D(2027, 3, 1)) == "Март 2027"


def test_english_has_no_russian_year_suffix():
    with translation.override("en"):
        assert format_date_range(D(2027, 3, 12), D(2027, 3, 14)) == "12–14 March 2027"
        assert (
            format_date_range(D(2026, 12, 30), D(2027, 1, 2))
            == "30 December 2026 – 2 January 2027"
        )


def test_event_dates_are_taken_in_moscow_time(ru):
    """23:30 UTC on 11 March is already 12 March in Moscow."""
    start = datetime.datetime(2027, 3, 11, 23, 30, tzinfo=datetime.UTC)
    event = EventPage(start=start, end=start + datetime.timedelta(days=2, hours=8))
    assert event.date_display == "12–14 марта 2027 г."
    assert event.local_start.hour == 2
    assert event.time_display == "02:30"


def test_one_day_event_shows_its_hours(ru):
    event = EventPage(start=msk(2027, 4, 5, 10), end=msk(2027, 4, 5, 18))
    assert event.date_display == "5 апреля 2027 г."
    assert event.time_display == "10:00–18:00"


@pytest.mark.parametrize(
    ("now", "status", "label"),
    [
        (msk(2027, 3, 11, 12), EventStatus.UPCOMING, "Скоро"),
        (msk(2027, 3, 12, 8), EventStatus.TODAY, "Сегодня"),
        (msk(2027, 3, 13, 8), EventStatus.ONGOING, "Идёт"),
        (msk(2027, 3, 14, 18, 1), EventStatus.PAST, "Прошло"),
    ],
)
def test_status_badge(ru, now, status, label):
    event = EventPage(start=msk(2027, 3, 12, 10), end=msk(2027, 3, 14, 18))
    assert event.get_status(now) == status
    assert str(EventStatus(status).label) == label
