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


WIDE_FONT = (
    '"DejaVu Sans", sans-serif'  # wider than any font a visitor is likely to have
)


def use_font(page, family):
    """Set the whole page in `family` (through the CSS variable; CSSOM is CSP-safe)."""
    page.evaluate(
        "(family) => document.documentElement.style.setProperty('--font', family)",
        family,
    )


def words_broken_without_hyphen(page, selector):
    """Pieces of words inside `selector` that wrap onto two lines without a hyphen.

    A word may wrap only at a soft hyphen (the browser then draws a hyphen) or after a
    real hyphen; the letters of each piece between those must share one line. (Each
    letter's line is that of its last box: Chromium reports the drawn hyphen as a box of
    the letter after the break.)
    """
    return page.evaluate(
        r"""(selector) => {
            const lineOf = (node, i) => {
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                const boxes = Array.from(range.getClientRects()).filter((r) => r.width > 0);
                return boxes.length ? Math.round(boxes[boxes.length - 1].bottom) : null;
            };
            const broken = [];
            for (const root of document.querySelectorAll(selector)) {
                const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    const pieces = /[^\s\u00ad-]+/g;
                    for (let m = pieces.exec(node.data); m; m = pieces.exec(node.data)) {
                        const lines = new Set();
                        for (let i = m.index; i < m.index + m[0].length; i++) {
                            const line = lineOf(node, i);
                            if (line !== null) lines.add(line);
                        }
                        if (lines.size > 1) broken.push(m[0]);
                    }
                }
            }
            return broken;
        }""",
        selector,
    )


def rendered_fonts(page, selector):
    """The font families Chromium actually drew the text of `selector` with."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
    cdp.detach()
    return {font["familyName"] for font in fonts["fonts"]}
