"""Helpers shared by the browser tests (Playwright driving headless Chromium)."""

import os
import re
from urllib.parse import urlsplit

import pytest

PHONE_WIDTH = 390
LARGEST_A11Y = "on|xlarge|contrast|img"  # the visually-impaired mode at 162.5% text


def open_phone(browser, base_url, *, a11y=None):
    """A new 390 px phone context (optionally in the visually-impaired mode) and page."""
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 844}, is_mobile=True
    )
    if a11y:
        context.add_cookies(
            [
                {
                    "name": "a11y",
                    "value": a11y,
                    "domain": urlsplit(base_url).hostname,
                    "path": "/",
                }
            ]
        )
    return context, context.new_page()


def assert_no_sideways_scroll(page, what, width=PHONE_WIDTH):
    """Nothing is wider than the screen; names the widest elements when it fails.

    BROWSER_SCREENSHOTS=<dir> keeps a full-page picture of every page checked.
    """
    if shots := os.environ.get("BROWSER_SCREENSHOTS"):
        name = re.sub(r"[^a-z0-9]+", "-", what.lower()).strip("-") or "page"
        page.screenshot(path=os.path.join(shots, f"{name}.png"), full_page=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        wide = page.evaluate(
            """(limit) => Array.from(document.querySelectorAll('body *'))
                .filter((el) => el.getBoundingClientRect().right > limit)
                .slice(0, 5)
                .map((el) => el.tagName + '.' + el.className)""",
            width,
        )
        pytest.fail(f"{what}: {scroll_width}px wide on a {width}px screen: {wide}")
