"""Members' pages in a real browser: phones in the visually-impaired mode, the error
summary after a failed signup, the print button of the card."""

import pytest

from tests import browser as browser_helpers
from tests.browser import LARGEST_A11Y
from tests.factories import make_home
from tests.members.factories import (
    PASSWORD,
    make_consent_page,
    make_member,
    make_specialty,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_EMAIL = (
    "konstantin.konstantinopolsky.urology.department@hospital-number-one.example.org"
)


@pytest.fixture
def phone_page(phone):
    """A 390 px wide phone with the visually-impaired mode at the largest size."""
    return phone(a11y=LARGEST_A11Y)


def assert_no_sideways_scroll(page, what):
    assert "a11y-size-xlarge" in page.evaluate("document.documentElement.className"), (
        what
    )
    browser_helpers.assert_no_sideways_scroll(page, what)


def log_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.click("form.form--entrance button[type=submit]")
    page.wait_for_url("**/cabinet/")


def test_members_pages_fit_a_phone_in_the_largest_a11y_size(live_server, phone_page):
    home = make_home()
    make_consent_page(home)
    make_specialty()
    make_member(email=LONG_EMAIL)
    base = live_server.url
    page = phone_page

    page.goto(f"{base}/accounts/signup/")
    assert_no_sideways_scroll(page, "signup")
    page.click("form.form--signup button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    assert_no_sideways_scroll(page, "signup with errors")

    page.goto(f"{base}/accounts/login/")
    assert_no_sideways_scroll(page, "login")

    log_in(page, base, LONG_EMAIL)
    assert_no_sideways_scroll(page, "cabinet")
    for path in (
        "/cabinet/code/",
        "/cabinet/profile/",
        "/cabinet/profile/edit/",
        "/accounts/password/change/",
        "/accounts/email/",
    ):
        page.goto(f"{base}{path}")
        assert_no_sideways_scroll(page, path)


def test_failed_signup_focuses_the_error_summary_with_links(live_server, page):
    home = make_home()
    make_consent_page(home)
    make_specialty()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("#id_email", "not-an-email")
    page.click("form.form--signup button[type=submit]")
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    page.wait_for_function(
        "document.activeElement && document.activeElement.hasAttribute("
        "'data-error-summary')"
    )
    assert "Исправьте ошибки ниже" in summary.inner_text()
    hrefs = summary.locator("a").evaluate_all("(a) => a.map((x) => x.hash)")
    assert "#id_email" in hrefs and "#id_consent" in hrefs
    # Following a link puts the cursor into the field.
    summary.locator("a[href='#id_last_name']").click()
    assert page.evaluate("document.activeElement.id") == "id_last_name"
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_print_card_has_a_working_print_button(live_server, page):
    make_home()
    make_member(email="card@example.org")
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    log_in(page, live_server.url, "card@example.org")

    page.goto(f"{live_server.url}/cabinet/code/print/")
    page.evaluate("window.print = () => { window.__printed = true; }")
    button = page.locator("button[data-print]")
    assert button.is_visible()
    assert button.inner_text() == "Распечатать"
    button.click()
    assert page.evaluate("window.__printed") is True
    page.emulate_media(media="print")
    assert not button.is_visible()
    assert not failed, failed
    assert not [e for e in errors if "Content Security Policy" in e], errors
