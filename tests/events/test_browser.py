"""A doctor in headless Chromium: filter by specialty, open an event, get the .ics."""

import datetime
import io

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from events import demo
from events.models import EventPage
from tests.browser import (
    LARGEST_A11Y,
    PHONE_WIDTH,
    WIDE_FONT,
    assert_no_sideways_scroll,
    use_font,
)
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


def test_calendar_and_event_fit_a_phone(phone, event_site):
    base, index = event_site
    page = phone()
    for path in (index.url, index.url + "school/", "/"):
        page.goto(base + path)
        assert_no_sideways_scroll(page, path)


@pytest.fixture
def demo_site(live_server):
    home = make_home()
    demo.load(home=home, stdout=io.StringIO())
    return live_server.url


def test_visually_impaired_mode_at_the_largest_size_fits_a_phone(phone, demo_site):
    """At 162.5% text on a 390px phone nothing on the calendar scrolls sideways."""
    page = phone(a11y=LARGEST_A11Y)
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
        page.goto(demo_site + path)
        assert "a11y-size-xlarge" in page.evaluate("document.documentElement.className")
        assert_no_sideways_scroll(page, path)

    page.goto(demo_site + congress.url)
    register = page.get_by_role("link", name="Зарегистрироваться")
    box = register.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH


FONTS = pytest.mark.parametrize(
    "font", [None, WIDE_FONT], ids=["site-font", "wide-font"]
)
# Room Chromium keeps for a closed list's arrow.
SELECT_ARROW_PX = 24


@FONTS
def test_upcoming_and_past_tabs_share_one_line_on_a_phone(phone, demo_site, font):
    page = phone()
    page.goto(demo_site + EventPage.objects.first().get_parent().url)
    if font:
        use_font(page, font)
    upcoming = page.get_by_role("link", name="Предстоящие").bounding_box()
    past = page.get_by_role("link", name="Прошедшие").bounding_box()
    assert past["y"] == upcoming["y"]
    assert past["x"] + past["width"] <= PHONE_WIDTH


@FONTS
def test_filter_lists_show_the_whole_chosen_value_on_a_laptop(page, demo_site, font):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(demo_site + EventPage.objects.first().get_parent().url)
    if font:
        use_font(page, font)
    expect(page.get_by_label("Специальность")).to_have_value("")
    cut_short = page.evaluate(
        """(arrow) => Array.from(document.querySelectorAll('.event-filters select'))
            .filter((select) => {
                const style = getComputedStyle(select);
                const probe = document.createElement('span');
                probe.style.font = style.font;
                probe.style.whiteSpace = 'pre';
                probe.style.position = 'absolute';
                probe.textContent = select.options[select.selectedIndex].text;
                document.body.appendChild(probe);
                const needed = probe.getBoundingClientRect().width + arrow;
                probe.remove();
                const room = select.clientWidth - parseFloat(style.paddingLeft)
                    - parseFloat(style.paddingRight);
                return needed > room;
            })
            .map((select) => select.options[select.selectedIndex].text)""",
        SELECT_ARROW_PX,
    )
    assert cut_short == []
