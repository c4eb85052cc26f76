#!/usr/bin/env python
"""Render the main public pages many times and print timings and query counts.

Runs against a throwaway test database filled by `load_demo`, so it never touches
real data. Usage: `make benchmark` or `.venv/bin/python scripts/benchmark.py [-n 200]`.
Set DATABASE_URL to benchmark on PostgreSQL.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=100, help="requests per URL")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_demo", stdout=io.StringIO())
        from wagtail.models import Page

        urls = ["/", "/search/?q=НМО"]
        for page in Page.objects.live().specific().filter(depth__gt=2):
            urls.append(page.url)
        client = Client()
        print(f"{'url':58} {'status':>6} {'queries':>7} {'median ms':>9} {'p95 ms':>7}")
        for url in urls:
            client.get(url)  # warm caches
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            query_count = len(queries)  # read now: later requests reset the log
            timings = []
            for _ in range(args.n):
                start = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            p95 = timings[int(len(timings) * 0.95) - 1]
            print(
                f"{url[:58]:58} {response.status_code:>6} {query_count:>7} "
                f"{statistics.median(timings):>9.1f} {p95:>7.1f}"
            )
        print(f"database: {connection.vendor}, {args.n} requests per URL")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
