"""The calendar's list and filters and the home page's upcoming events are rendered
once per content generation (ops.lookups) and language: what an editor publishes,
unpublishes or changes shows at once, an English visitor never gets the Russian
fragment, and a repeated visit runs fewer queries (the proof that it is cached)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.events.factories import make_event, make_event_index

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def index(home):
    index = make_event_index(home)
    make_event(index, "Школа онкоурологии", start=timezone.now() + 10 * DAY)
    return index


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_a_repeated_calendar_visit_reuses_the_rendered_list(client, index):
    """The control for the tests below: the list is really cached (fewer queries)."""
    first, _ = queries(client, index.url)
    again, page = queries(client, index.url)

    assert again < first
    assert "Школа онкоурологии" in page


def test_a_published_event_shows_on_the_cached_calendar_at_once(client, index):
    client.get(index.url)

    make_event(index, "Конгресс урологов", start=timezone.now() + 20 * DAY)
    page = client.get(index.url).content.decode()

    assert "Конгресс урологов" in page


def test_an_unpublished_event_leaves_the_cached_calendar_at_once(client, index):
    event = make_event(index, "Конгресс урологов", start=timezone.now() + 20 * DAY)
    client.get(index.url)

    event.unpublish()
    page = client.get(index.url).content.decode()

    assert "Конгресс урологов" not in page


def test_a_renamed_event_shows_its_new_title_on_the_cached_home_page(client, index):
    event = make_event(index, "Конгресс урологов", start=timezone.now() + 5 * DAY)
    assert "Конгресс урологов" in client.get("/").content.decode()

    event.title = "Всероссийский конгресс урологов"
    event.save_revision().publish()
    page = client.get("/").content.decode()

    assert "Всероссийский конгресс урологов" in page


def test_a_repeated_home_visit_reuses_the_rendered_events(client, index):
    first, _ = queries(client, "/")
    again, page = queries(client, "/")

    assert again < first
    assert "Школа онкоурологии" in page


def test_the_english_calendar_is_not_served_the_russian_fragment(client, index):
    client.get(index.url)  # the Russian list and filters are now cached

    client.get("/language/", {"lang": "en", "next": "/"})
    page = client.get(index.url).content.decode()

    assert "All types" in page
    assert "Все типы" not in page


def test_filters_get_their_own_cached_list(client, index):
    make_event(
        index, "Конгресс в Казани", city="Казань", start=timezone.now() + 7 * DAY
    )
    client.get(index.url)

    page = client.get(index.url + "?city=Казань").content.decode()

    assert "Конгресс в Казани" in page
    assert "Школа онкоурологии" not in page


@pytest.mark.parametrize("asked", ["0", "-3", "99"])
def test_a_page_number_out_of_range_never_fills_the_first_pages_fragment(
    client, index, asked
):
    """Django shows the last page for a number below 1 or past the end: that page
    must not be kept as (and then served for) the first page."""
    for day in range(13):  # two pages of 12
        make_event(
            index, f"Семинар {day + 1:02d}", start=timezone.now() + (day + 20) * DAY
        )

    last = client.get(index.url, {"page": asked}).content.decode()
    first = client.get(index.url).content.decode()

    assert "Семинар 13" in last and "Школа онкоурологии" not in last
    assert "Школа онкоурологии" in first and "Семинар 13" not in first


def test_a_page_number_that_is_not_a_number_gets_the_first_page(client, index):
    for day in range(13):
        make_event(
            index, f"Семинар {day + 1:02d}", start=timezone.now() + (day + 20) * DAY
        )
    client.get(index.url, {"page": "2"})

    page = client.get(index.url, {"page": "два"}).content.decode()

    assert "Школа онкоурологии" in page and "Семинар 13" not in page


def test_page_numbers_past_the_end_share_the_last_pages_fragment(client, index):
    """Made-up page numbers cannot multiply the calendar's fragments."""
    for day in range(13):
        make_event(
            index, f"Семинар {day + 1:02d}", start=timezone.now() + (day + 20) * DAY
        )
    last = client.get(index.url, {"page": "2"}).content.decode()

    with CaptureQueriesContext(connection) as far:
        page = client.get(index.url, {"page": "999"}).content.decode()

    assert main(page) == main(last)
    assert not [q for q in far.captured_queries if '"events_eventpage"' in q["sql"]]


def main(html):
    return html[html.index("<main") : html.index("</main>")]
