#!/usr/bin/env python
"""Where a page's time goes: CPU per request, queries, and a cProfile summary.

Runs the pages in-process through Django's test client against the database and
cache in the environment (DATABASE_URL, REDIS_URL), with the settings in
DJANGO_SETTINGS_MODULE (default: config.settings.dev). Read-only: load demo content
or `make bench`'s data first.

    .venv/bin/python scripts/profile_pages.py [-n 50] [--profile] [--cold]

--cold: a new content generation before every request (ops.lookups.invalidate), so
every cached fragment and lookup is missed: a page's cost right after a publish.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def page_urls():
    from events.models import EventIndexPage, EventPage
    from home.models import InstructionPage

    urls = {"home": "/"}
    index = EventIndexPage.objects.live().first()
    if index:
        urls["events"] = index.url
        urls["events_filtered"] = index.url + "?type=congress&city=Москва"
    event = EventPage.objects.live().order_by("-pk").first()
    if event:
        urls["event"] = event.url
    guide = InstructionPage.objects.live().first()
    if guide:
        urls["guide"] = guide.url
    urls["search"] = "/search/?q=взнос"
    return urls


CATEGORIES = [
    ("SQL: driver", ("psycopg", "sqlite3")),
    ("SQL: ORM", ("django/db/",)),
    ("templates", ("django/template/", "templatetags", "wagtail/templatetags")),
    ("cache/redis", ("redis/", "django/core/cache", "ops/cache")),
    ("middleware", ("middleware",)),
    ("wagtail", ("wagtail/",)),
    ("django other", ("django/",)),
    ("python/other", ("",)),
]


def print_breakdown(stats):
    """Own time per category (where the CPU actually went), in % of the total."""
    totals = dict.fromkeys([name for name, _ in CATEGORIES], 0.0)
    for (filename, _line, _func), (
        _cc,
        _nc,
        tottime,
        _ct,
        _callers,
    ) in stats.stats.items():
        for name, needles in CATEGORIES:
            if any(needle in filename for needle in needles):
                totals[name] += tottime
                break
    whole = sum(totals.values()) or 1
    print("    " + ", ".join(f"{k} {v / whole:.0%}" for k, v in totals.items()))
    stats.sort_stats("tottime").print_stats(12)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=50, help="requests per page")
    parser.add_argument("--profile", action="store_true", help="print cProfile top")
    parser.add_argument("--only", help="one page name")
    parser.add_argument(
        "--cold", action="store_true", help="every fragment and lookup missed"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ops import lookups

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    urls = page_urls()
    if args.only:
        urls = {args.only: urls[args.only]}
    print(f"{'page':18} {'status':>6} {'queries':>7} {'CPU ms':>7} {'wall ms':>8}")
    for name, url in urls.items():
        for _ in range(5):
            client.get(url)
        if args.cold:
            lookups.invalidate()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        query_count = len(queries)  # now: the next request resets the log
        cpu0, wall0 = time.process_time(), time.perf_counter()
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        for _ in range(args.n):
            if args.cold:
                lookups.invalidate()
            client.get(url)
        if profiler:
            profiler.disable()
        cpu = (time.process_time() - cpu0) * 1000 / args.n
        wall = (time.perf_counter() - wall0) * 1000 / args.n
        print(
            f"{name:18} {response.status_code:>6} {query_count:>7} "
            f"{cpu:>7.2f} {wall:>8.2f}"
        )
        if profiler:
            print_breakdown(pstats.Stats(profiler))
    print(
        f"database: {connection.vendor}; cache: {settings.CACHES['default']['BACKEND']}"
    )


if __name__ == "__main__":
    main()
