"""A doctor in headless Chromium: filter by specialty, open an event, get the .ics."""

import datetime
import io

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from events import demo
from events.models import EventPage
from tests.events.factories import make_event, make_event_index
from tests.factories import make_home

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def event_site(live_server):
    home = make_home()
    index = make_event_index(home)
    now = timezone.now()
    make_event(
        index,
        "Школа онкоурологии",
        slug="school",
        start=now + datetime.timedelta(days=12),
        credits=12,
        specialties=["onkologiya", "urologiya"],
    )
    make_event(
        index,
        "Семинар для нефрологов",
        slug="nephro",
        start=now + datetime.timedelta(days=5),
        credits=4,
        specialties=["nefrologiya"],
    )
    return live_server.url, index


def test_filter_by_specialty_open_event_download_calendar(page, event_site):
    base, index = event_site
    page.goto(base + index.url)
    expect(page.locator(".event-card")).to_have_count(2)

    page.get_by_label("Специальность").select_option(label="Онкология")
    page.get_by_role("button", name="Показать").click()
    assert "specialty=onkologiya" in page.url  # the filtered list can be shared
    expect(page.locator(".event-card")).to_have_count(1)
    expect(page.locator(".event-card")).to_contain_text("НМО: 12 ЗЕТ")

    page.get_by_role("link", name="Школа онкоурологии").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Школа онкоурологии")
    expect(page.locator(".event-credits")).to_contain_text("Онкология")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Добавить в календарь").click()
    download = download_info.value
    assert download.suggested_filename == "school.ics"
    with open(download.path(), "rb") as handle:
        calendar = Calendar.from_ical(handle.read())
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Школа онкоурологии"


def test_calendar_and_event_fit_a_phone(browser, event_site):
    base, index = event_site
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True
    )
    phone = context.new_page()
    for path in (index.url, index.url + "school/", "/"):
        phone.goto(base + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways ({width}px)"
    context.close()


@pytest.fixture
def demo_site(live_server):
    home = make_home()
    demo.load(home=home, stdout=io.StringIO())
    return live_server.url


def test_visually_impaired_mode_at_the_largest_size_fits_a_phone(browser, demo_site):
    """At 162.5% text on a 390px phone nothing on the calendar scrolls sideways."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True
    )
    host = demo_site.split("//")[1].split(":")[0]
    context.add_cookies(
        [
            {
                "name": "a11y",
                "value": "on|xlarge|contrast|img",
                "domain": host,
                "path": "/",
            }
        ]
    )
    phone = context.new_page()
    congress = EventPage.objects.get(slug="congress-rou")
    past = EventPage.objects.get(slug="webinar-neurogenic-bladder")
    index = congress.get_parent()
    paths = (
        index.url,
        index.url + "?when=past",
        index.url + "?specialty=onkologiya",
        congress.url,
        past.url,
    )
    for path in paths:
        phone.goto(demo_site + path)
        assert "a11y-size-xlarge" in phone.evaluate(
            "document.documentElement.className"
        )
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways ({width}px)"

    phone.goto(demo_site + congress.url)
    register = phone.get_by_role("link", name="Зарегистрироваться")
    box = register.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    context.close()
