"""In a real browser: a member scans a printed card's QR, logs in, lands on the
filled-in form, adds the credits and sees the progress bar move; the cabinet and
the door check-in fit a phone."""

import datetime
import os

import pytest
from django.utils import timezone

from credits.models import CheckIn
from credits.pdf import fastqr
from credits.pdf.common import short_entry_url
from tests.browser import assert_no_sideways_scroll
from tests.credits.factories import credited_event, give_credits, grant, make_codes
from tests.factories import make_home
from tests.members.factories import PASSWORD, code_of, make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JSQR = "/static/credits/vendor/jsqr-1.4.0/jsQR.js"


def decode_qr_in_browser(page, base, text):
    """Draw the card's QR (as the PDF does) and read it back with jsQR."""
    matrix = fastqr.matrix(text)
    page.goto(f"{base}/credits/verify/nothing-here/")  # any page of the site
    page.add_script_tag(url=f"{base}{JSQR}")
    return page.evaluate(
        """(matrix) => {
            const scale = 6, quiet = 4, size = (matrix.length + 2 * quiet) * scale;
            const data = new Uint8ClampedArray(size * size * 4).fill(255);
            matrix.forEach((row, r) => row.forEach((dark, c) => {
                if (!dark) return;
                for (let y = 0; y < scale; y++) for (let x = 0; x < scale; x++) {
                    const i = (((r + quiet) * scale + y) * size + (c + quiet) * scale + x) * 4;
                    data[i] = data[i + 1] = data[i + 2] = 0;
                }
            }));
            const found = jsQR(data, size, size);
            return found ? found.data : null;
        }""",
        matrix,
    )


def bar_value(page):
    return page.get_attribute("[data-credit-bar]", "aria-valuenow")


def test_member_enters_a_printed_cards_code_and_the_bar_moves(
    live_server, page, settings
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    home = make_home()
    event = credited_event(home, title="Школа урологов", credits=6)
    member = make_member(email="reader@example.org")
    earlier = credited_event(index=event.get_parent().specific, title="Конференция")
    give_credits(member, earlier, "44", earned_on=timezone.localdate())
    code = make_codes(event, 1)[0]

    url = decode_qr_in_browser(page, live_server.url, short_entry_url(code.display))
    assert url == short_entry_url(code.display)
    page.goto(url)
    page.wait_for_url("**/accounts/login/**")
    page.fill("#id_login", "reader@example.org")
    page.fill("#id_password", PASSWORD)
    page.click("form.form--entrance button[type=submit]")
    page.wait_for_url("**/cabinet/credits/?code=*")
    assert page.input_value("#id_code") == code.display
    assert bar_value(page) == "44"
    assert "pct-w-17" in page.get_attribute(".credit-bar__fill", "class")

    page.click("form.credits-entry__form button[type=submit]")
    page.wait_for_selector(".message--success")
    assert "Школа урологов" in page.inner_text(".message--success")
    assert bar_value(page) == "50"
    assert "pct-w-20" in page.get_attribute(".credit-bar__fill", "class")
    if shots := os.environ.get("BROWSER_SCREENSHOTS"):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(
            path=os.path.join(shots, "credits-cabinet-desktop.png"), full_page=True
        )


def test_cabinet_credits_page_fits_a_phone(live_server, phone):
    home = make_home()
    member = make_member(email="phone@example.org")
    event = credited_event(home, title="Конгресс «Урология сегодня»", credits=18)
    give_credits(member, event, "18")
    page = phone()
    page.goto(f"{live_server.url}/accounts/login/?next=/cabinet/credits/")
    page.fill("#id_login", "phone@example.org")
    page.fill("#id_password", PASSWORD)
    page.click("form.form--entrance button[type=submit]")
    page.wait_for_url("**/cabinet/credits/")
    assert_no_sideways_scroll(page, "credits cabinet phone")


def test_door_check_in_on_a_phone_by_typed_code(live_server, phone):
    home = make_home()
    event = credited_event(home, title="Школа урологов", credits=6)
    member = make_member(last_name="Петрова", first_name="Анна", patronymic="Ивановна")
    grant(make_member(email="door@example.org"), "check_in_attendees")
    page = phone()
    page.goto(f"{live_server.url}/accounts/login/?next=/credits/checkin/{event.pk}/")
    page.fill("#id_login", "door@example.org")
    page.fill("#id_password", PASSWORD)
    page.click("form.form--entrance button[type=submit]")
    page.wait_for_url(f"**/credits/checkin/{event.pk}/")
    page.fill("#id_value", code_of(member).display.lower())
    page.click("[data-checkin-form] button[type=submit]")
    page.wait_for_selector("[data-result][data-status=recorded]")
    assert "Петрова Анна Ивановна" in page.inner_text("[data-result]")
    assert page.inner_text("[data-count]") == "1"
    assert_no_sideways_scroll(page, "credits checkin phone")
    # a second scan of the same person records nothing new
    page.fill("#id_value", code_of(member).display)
    page.click("[data-checkin-form] button[type=submit]")
    page.wait_for_selector("[data-result][data-status=already]")
    assert "Уже отмечен в" in page.inner_text("[data-result]")
    assert CheckIn.objects.filter(event=event).count() == 1
    assert timezone.now() - CheckIn.objects.get().checked_in_at < datetime.timedelta(
        minutes=5
    )
