"""Query counts stay flat as the calendar grows from 10 to 500 events."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import EventPage
from ops import lookups
from tests.events.factories import (
    attach_document,
    bulk_events,
    make_document,
    make_event,
    make_event_index,
    specialty,
)
from tests.factories import make_image

pytestmark = pytest.mark.django_db

FILTERED = {"specialty": "urologiya", "city": "Москва", "type": "congress"}


def count_queries(client, url, params=None):
    """(queries when nothing is cached, queries when the page's fragments are)."""
    client.get(url, params)  # warm up: renditions, site root paths
    lookups.invalidate()  # a new content generation: every fragment and lookup missed
    with CaptureQueriesContext(connection) as cold:
        response = client.get(url, params)
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as warm:
        client.get(url, params)
    return len(cold), len(warm)


def give_covers(index, every=1):
    """Cover images on every `every`-th event (all: the same queries on any page)."""
    image = make_image("Обложка", size=(800, 500))
    ids = list(
        EventPage.objects.child_of(index).order_by("pk").values_list("pk", flat=True)
    )
    EventPage.objects.filter(pk__in=ids[::every]).update(cover_image=image)


def measure(client, index, event):
    return {
        "index": count_queries(client, index.url),
        "index_filtered": count_queries(client, index.url, FILTERED),
        "index_past_page_2": count_queries(
            client, index.url, {"when": "past", "page": 2}
        ),
        "event": count_queries(client, event.url),
        "home": count_queries(client, "/"),
        "feed": count_queries(client, "/events-calendar/upcoming.ics"),
        "event_ics": count_queries(client, f"/events-calendar/{event.pk}.ics"),
    }


def test_query_counts_do_not_grow_with_the_number_of_events(client, home, capsys):
    index = make_event_index(home)
    specialties = [specialty("urologiya"), specialty("onkologiya")]
    event = make_event(
        index,
        "Конгресс урологов",
        event_type="congress",
        credits=18,
        specialties=specialties,
        cover_image=make_image("Конгресс"),
    )
    attach_document(event, make_document("Программа"))
    attach_document(event, make_document("Информационное письмо"))
    bulk_events(index, 9, specialties=specialties)
    give_covers(index, every=1)
    small = measure(client, index, event)

    bulk_events(index, 491, specialties=specialties)
    give_covers(index, every=1)
    assert EventPage.objects.count() == 501
    large = measure(client, index, event)

    with capsys.disabled():
        print(f"\nquery counts with 10 events: {small}\nwith 501 events: {large}")
    assert large == small
    assert small["index"][0] <= 25
    assert small["event"][0] <= 25
