"""axe-core in Chromium: no serious or critical accessibility violation on the main pages
(home, a guide, the events calendar, an event, the cabinet, a form with errors), in the
standard look and in every colour scheme of the visually-impaired mode."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from events import demo as events_demo
from events.models import EventPage
from tests.factories import make_guide, make_guide_index, make_home
from tests.members.factories import make_consent_page, make_member, make_specialty

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_SOURCE = (Path(__file__).parent.parent / "vendor" / "axe.min.js").read_text()
SCHEMES = {
    "standard": None,
    "black-on-white": "on|large|contrast|img",
    "white-on-black": "on|large|inverted|img",
    "blue": "on|large|blue|img",
}


def axe_violations(page):
    """axe's serious and critical findings on the open page, one line each."""
    page.evaluate(AXE_SOURCE)
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']}))"
        ".violations"
    )
    return [
        f"{violation['id']}: {node['target']} {node['failureSummary'][:160]}"
        for violation in violations
        if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]


def member_session():
    """The session cookie value of a signed-in member with a personal code."""
    client = Client()
    client.force_login(make_member())
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def open_context(browser, base, session, scheme, **options):
    cookies = [{"name": settings.SESSION_COOKIE_NAME, "value": session}]
    if scheme:
        cookies.append({"name": "a11y", "value": scheme})
    context = browser.new_context(**options)
    context.add_cookies([{**cookie, "url": base} for cookie in cookies])
    return context


@pytest.fixture
def site(live_server):
    home = make_home()
    guide = make_guide(make_guide_index(home), slug="join", faqs=2, images=1)
    events_demo.load(home=home, stdout=io.StringIO())
    make_consent_page(home)
    make_specialty()
    event = EventPage.objects.get(slug="congress-rou")
    paths = [
        "/",
        guide.url,
        event.get_parent().url,
        event.get_parent().url + "?when=past",
        event.url,
        "/cabinet/",
        "/cabinet/code/",
    ]
    return live_server.url, member_session(), paths


@pytest.mark.parametrize("scheme", SCHEMES.values(), ids=SCHEMES.keys())
def test_main_pages_pass_axe_in_every_colour_scheme(browser, site, scheme):
    base, session, paths = site
    context = open_context(
        browser, base, session, scheme, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    found = {}
    for path in paths:
        page.goto(base + path)
        if violations := axe_violations(page):
            found[path] = violations
    context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    page.goto(base + "/accounts/signup/")
    page.click("form.form--signup button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    if violations := axe_violations(page):
        found["signup with errors"] = violations
    context.close()
    assert found == {}


@pytest.mark.parametrize("scheme", SCHEMES.values(), ids=SCHEMES.keys())
def test_the_personal_code_qr_stays_dark_on_white_in_every_scheme(
    browser, live_server, scheme
):
    make_home()
    context = open_context(browser, live_server.url, member_session(), scheme)
    page = context.new_page()
    page.goto(live_server.url + "/cabinet/code/")
    ground = page.evaluate(
        "getComputedStyle(document.querySelector('svg.qr')).backgroundColor"
    )
    modules = page.evaluate(
        "document.querySelector('svg.qr path').getAttribute('stroke')"
    )
    context.close()
    assert (ground, modules) == ("rgb(255, 255, 255)", "#000")
