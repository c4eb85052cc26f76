"""The demo loader gives a lively calendar and can run twice."""

import io

import pytest
from django.utils import timezone

from events import demo
from events.models import EventIndexPage, EventPage

pytestmark = pytest.mark.django_db


def test_demo_loads_past_and_upcoming_events_and_is_idempotent(client, home):
    demo.load(home=home, stdout=io.StringIO())
    demo.load(home=home, stdout=io.StringIO())

    assert EventIndexPage.objects.count() == 1
    events = EventPage.objects.live()
    assert events.count() == len(demo.EVENTS) >= 8
    now = timezone.now()
    assert events.filter(end__lt=now).count() >= 2
    assert events.filter(end__gte=now).count() >= 4
    assert len(set(events.values_list("event_type", flat=True))) >= 4
    for event in events:
        event.full_clean()  # every demo event passes the editors' checks
        assert event.programme
        assert event.credits and event.specialties.exists()

    index = EventIndexPage.objects.get()
    response = client.get(index.url, {"specialty": "onkologiya"})
    assert response.status_code == 200
    assert response.context["listing"].events
    assert client.get(events.first().url).status_code == 200
