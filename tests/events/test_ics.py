"""Calendar files, read back with the icalendar library as a calendar app would."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from events.models import EventFormat
from tests.events.factories import make_event, make_event_index, msk

pytestmark = pytest.mark.django_db

MSK = ZoneInfo("Europe/Moscow")


@pytest.fixture
def event(home):
    index = make_event_index(home)
    return make_event(
        index,
        "Школа онкоурологии; рак простаты, часть 1",
        slug="school-oncourology",
        start=msk(2027, 3, 12, 10),
        end=msk(2027, 3, 13, 17, 30),
        venue_name="НМИЦ онкологии",
        address="ул. Ленинградская, 68",
        city="Санкт-Петербург",
        summary="Разборы случаев, тестирование; баллы НМО, для урологов.",
        credits=12,
        specialties=["urologiya", "onkologiya"],
    )


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_event_ics_fields_and_time_zone(client, event):
    response = client.get(f"/events-calendar/{event.pk}.ics")
    assert 'filename="school-oncourology.ics"' in response["Content-Disposition"]
    calendar = parse(response)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    [vevent] = calendar.walk("VEVENT")
    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert start == datetime.datetime(2027, 3, 12, 10, tzinfo=MSK)
    assert end == datetime.datetime(2027, 3, 13, 17, 30, tzinfo=MSK)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Moscow"
    assert vevent["DTEND"].params["TZID"] == "Europe/Moscow"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Moscow"]
    assert calendar.get_missing_tzids() == set()
    assert str(vevent["SUMMARY"]) == "Школа онкоурологии; рак простаты, часть 1"
    assert str(vevent["LOCATION"]) == (
        "НМИЦ онкологии, ул. Ленинградская, 68, Санкт-Петербург"
    )
    assert str(vevent["URL"]) == "http://localhost/events/school-oncourology/"
    description = str(vevent["DESCRIPTION"])
    assert "Баллы НМО: 12 ЗЕТ (Урология, Онкология)" in description
    assert "Разборы случаев, тестирование; баллы НМО, для урологов." in description
    assert vevent.decoded("DTSTAMP").tzinfo is not None


def test_text_is_escaped_per_rfc_5545(client, event):
    raw = client.get(f"/events-calendar/{event.pk}.ics").content.decode()
    unfolded = raw.replace("\r\n ", "")
    assert "SUMMARY:Школа онкоурологии\\; рак простаты\\, часть 1" in unfolded
    assert "\r\n" in raw
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))


def test_uid_is_stable_across_edits_and_renames(client, event):
    first = parse(client.get(f"/events-calendar/{event.pk}.ics"))
    event.title = "Новое название"
    event.slug = "renamed"
    event.save_revision().publish()
    second = parse(client.get(f"/events-calendar/{event.pk}.ics"))
    [a], [b] = first.walk("VEVENT"), second.walk("VEVENT")
    assert a["UID"] == b["UID"]
    assert str(b["SUMMARY"]) == "Новое название"


def test_online_event_location_is_its_link(client, home):
    index = make_event_index(home)
    webinar = make_event(
        index,
        "Вебинар",
        event_format=EventFormat.ONLINE,
        city="",
        online_url="https://example.org/webinar",
    )
    [vevent] = parse(client.get(f"/events-calendar/{webinar.pk}.ics")).walk("VEVENT")
    assert str(vevent["LOCATION"]) == "https://example.org/webinar"


def test_feed_lists_upcoming_public_events_only(client, home):
    index = make_event_index(home)
    now = timezone.now()
    soon = make_event(index, "Скоро", start=now + datetime.timedelta(days=2))
    later = make_event(index, "Позже", start=now + datetime.timedelta(days=20))
    make_event(
        index,
        "Прошло",
        start=now - datetime.timedelta(days=5),
        end=now - datetime.timedelta(days=4),
    )
    make_event(index, "Черновик", start=now + datetime.timedelta(days=3), publish=False)

    response = client.get("/events-calendar/upcoming.ics")
    calendar = parse(response)
    assert str(calendar["X-WR-CALNAME"]) == "Мероприятия общества урологов"
    summaries = [str(v["SUMMARY"]) for v in calendar.walk("VEVENT")]
    assert summaries == ["Скоро", "Позже"]
    uids = {str(v["UID"]) for v in calendar.walk("VEVENT")}
    assert len(uids) == 2
    assert str(soon.translation_key) in " ".join(uids)
    assert str(later.translation_key) in " ".join(uids)


def test_unknown_or_draft_event_file_is_404(client, home):
    index = make_event_index(home)
    draft = make_event(index, "Черновик", publish=False)
    assert client.get(f"/events-calendar/{draft.pk}.ics").status_code == 404
    assert client.get("/events-calendar/999999.ics").status_code == 404


def test_links_follow_the_wagtail_site_of_the_request(client, event):
    """URL and description use the page's full URL on its Site, with the port."""
    site = event.get_site()
    site.hostname = "uro.example"
    site.port = 8443
    site.save()
    response = client.get(f"/events-calendar/{event.pk}.ics", HTTP_HOST="uro.example")
    [vevent] = parse(response).walk("VEVENT")
    url = "http://uro.example:8443/events/school-oncourology/"
    assert str(vevent["URL"]) == url
    assert str(vevent["DESCRIPTION"]).endswith(url)
