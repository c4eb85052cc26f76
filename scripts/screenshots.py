#!/usr/bin/env python
"""Photograph the site's own screens for the demo guides' illustrations.

Builds a throwaway demo site (SQLite and media in a temporary folder, filled by
`load_demo`), serves it with `runserver`, opens each screen in headless Chromium at
800 px and saves a cropped, palette-optimised PNG into home/demo_images/, which
`load_demo` attaches to the guide steps (see home/demo_content.py: JOIN_SCREENSHOTS).
Commit the files it writes. Needs Chromium (CHROMIUM_PATH, default /usr/bin/chromium)
and the site's fonts (README).

Usage: `.venv/bin/python scripts/screenshots.py [name ...]` (default: every screen).
"""

import argparse
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "home" / "demo_images"
WIDTH = 800
# Set through the CSSOM: the site's CSP refuses style attributes.
HIGHLIGHT = "(el) => { el.style.outline = '4px solid #e8590c'; el.style.outlineOffset = '3px'; }"


def shoot_signup_link(page, base):
    """The header with the «Регистрация» button, outlined."""
    page.goto(base + "/")
    page.locator('.site-header a[href="/accounts/signup/"]').evaluate(HIGHLIGHT)
    return page.locator(".site-header__inner").screenshot()


def shoot_signup_form(page, base):
    """The top of the registration form: the heading and the first two groups."""
    page.goto(base + "/accounts/signup/")
    top = page.locator("main h1").bounding_box()
    bottom = page.locator("form.form--signup fieldset").nth(1).bounding_box()
    return clip(page, top, bottom)


def shoot_code_card(page, base):
    """The cabinet's personal code: the code, its QR and the printable card button."""
    log_in(page, base)
    page.goto(base + "/cabinet/code/")
    top = page.locator(".cabinet__main h1").bounding_box()
    bottom = page.locator(".cabinet__main .button-group").bounding_box()
    return clip(page, top, bottom)


SCREENS = {
    "signup-link.png": shoot_signup_link,
    "signup-form.png": shoot_signup_form,
    "code-card.png": shoot_code_card,
}


def clip(page, top, bottom, margin=12):
    """A full-width picture from the top of one box to the bottom of another."""
    y = max(top["y"] - margin, 0)
    height = bottom["y"] + bottom["height"] + margin - y
    return page.screenshot(
        full_page=True, clip={"x": 0, "y": y, "width": WIDTH, "height": height}
    )


def log_in(page, base):
    from members.demo import DEMO_EMAIL, DEMO_PASSWORD

    page.goto(base + "/accounts/login/")
    page.fill("#id_login", DEMO_EMAIL)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form.form--entrance button[type=submit]")
    page.wait_for_url("**/cabinet/")


def optimise(png_bytes):
    """At most WIDTH px wide, 256 colours (screens have few), maximum compression."""
    image = Image.open(io.BytesIO(png_bytes)).convert("RGB")
    if image.width > WIDTH:
        height = round(image.height * WIDTH / image.width)
        image = image.resize((WIDTH, height), Image.Resampling.LANCZOS)
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit(f"the demo server did not start on port {port}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help=f"any of: {', '.join(SCREENS)}")
    names = parser.parse_args().names or list(SCREENS)
    if unknown := set(names) - set(SCREENS):
        parser.error(f"unknown screens: {', '.join(sorted(unknown))}")

    with tempfile.TemporaryDirectory(prefix="society-screens-") as tmp:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.dev",
            DATABASE_URL=f"sqlite:///{tmp}/demo.sqlite3",
            MEDIA_ROOT=f"{tmp}/media",
        )
        os.environ.update(env)
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (["migrate", "--noinput"], ["load_demo"]):
            subprocess.run(  # noqa: S603 (our own manage.py)
                manage + command, env=env, check=True, capture_output=True
            )
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 (our own manage.py)
            manage + ["runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(port)
            take(names, f"http://127.0.0.1:{port}")
        finally:
            server.terminate()
            server.wait(timeout=30)


def take(names, base):
    import django
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    django.setup()
    OUT.mkdir(exist_ok=True)
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        for name in names:
            context = browser.new_context(
                viewport={"width": WIDTH, "height": 900}, device_scale_factor=1
            )
            data = optimise(SCREENS[name](context.new_page(), base))
            (OUT / name).write_bytes(data)
            context.close()
            print(f"{OUT / name}: {len(data) // 1024} KB")
        browser.close()


if __name__ == "__main__":
    main()
