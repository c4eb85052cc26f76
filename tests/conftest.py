import os
import shutil

import pytest
from django.conf import settings

from tests.factories import make_home

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM
# calls from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with an empty cache (rate limits, renditions, settings)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    return make_home()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium; Playwright's own browser downloads are not allowed."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is missing at {CHROMIUM}; CI must install it.")
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: install it with "
            "'apt-get install chromium' (or set CHROMIUM_PATH) to run browser tests."
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def is_postgres():
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@pytest.fixture
def phone(browser, live_server):
    """Open 390 px phone pages: `phone()` or `phone(a11y=LARGEST_A11Y)`; all closed after."""
    from tests.browser import open_phone

    contexts = []

    def open_page(a11y=None):
        context, page = open_phone(browser, live_server.url, a11y=a11y)
        contexts.append(context)
        return page

    yield open_page
    for context in contexts:
        context.close()
