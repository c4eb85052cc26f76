#!/usr/bin/env python
"""Credits under load: 3,000 members redeem 3,000 codes of one event through the real
cabinet view at concurrency 16, then 10,000 codes and their printable PDF sheet.

16 requests are in flight at once: 4 processes × 4 threads (threads alone share
one core). Prints the time, errors and double credits (targets: under 60 s, 0 errors, 0 doubles;
10,000 codes + PDF under 10 s). Runs in a throwaway test database; the concurrent
part needs PostgreSQL (SQLite serialises writers):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/society \
        .venv/bin/python scripts/bench_credits.py [--members 3000] [--concurrency 16]
"""

import argparse
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def make_world(members):
    """A site, a live event with 6 credits that started an hour ago, `members`
    accounts and as many codes."""
    import datetime

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from credits import services
    from members.models import User
    from tests.events.factories import make_event, make_event_index
    from tests.factories import make_home

    home = make_home()
    index = make_event_index(home)
    start = timezone.now() - datetime.timedelta(hours=1)
    event = make_event(
        index,
        "Конгресс урологов",
        start=start,
        end=start + datetime.timedelta(hours=8),
        credits=6,
    )
    password = make_password(None)
    User.objects.bulk_create(
        [
            User(
                email=f"bench{n}@example.org",
                last_name="Иванов",
                first_name="Иван",
                password=password,
            )
            for n in range(members)
        ],
        batch_size=1000,
    )
    users = list(User.objects.filter(email__startswith="bench").order_by("pk"))
    admin = User.objects.create_superuser(
        email="bench-admin@example.org", password=None, last_name="A", first_name="B"
    )
    batch = services.credit_codes_generate(actor=admin, event=event, count=members)
    codes = list(batch.codes.order_by("pk").values_list("code", flat=True))
    return event, admin, users, codes


def session_keys(users):
    """A signed-in session per member, written in bulk (logging in is not what is
    measured): the cookie values the clients send."""
    import datetime

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    store = SessionStore()
    expire = timezone.now() + datetime.timedelta(days=1)
    keys, rows = [], []
    for user in users:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(
            Session(
                session_key=key, session_data=store.encode(data), expire_date=expire
            )
        )
        keys.append(key)
    Session.objects.bulk_create(rows, batch_size=1000)
    return keys


def _worker(jobs, threads):
    """One process: `threads` threads, each with its own client and connection,
    post the codes of `jobs` ([(session key, code)]); returns (errors, CPU s)."""
    from django.conf import settings
    from django.db import connections
    from django.test import Client

    errors = []
    lock = threading.Lock()
    local = threading.local()

    def one(job):
        key, code = job
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        try:
            response = client.post("/cabinet/credits/", {"code": code})
            if response.status_code != 302:
                raise AssertionError(f"status {response.status_code}")
        except Exception as error:  # counted and shown, the run goes on
            with lock:
                errors.append(repr(error)[:200])

    cpu = time.process_time()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(one, jobs))
        list(pool.map(lambda _: connections.close_all(), range(threads)))
    return errors, time.process_time() - cpu


def redeem_all(keys, codes, concurrency, processes):
    """Every member posts one code to the cabinet view, `concurrency` at a time
    spread over `processes` processes (one Python process holds one core);
    returns (errors, wall seconds, CPU seconds of the workers)."""
    import multiprocessing

    from django.db import connections

    jobs = list(zip(keys, codes, strict=True))
    chunks = [jobs[i::processes] for i in range(processes)]
    connections.close_all()  # children open their own
    started = time.perf_counter()
    context = multiprocessing.get_context("fork")
    with context.Pool(processes) as pool:
        results = pool.starmap(
            _worker, [(chunk, concurrency // processes) for chunk in chunks]
        )
    elapsed = time.perf_counter() - started
    errors = [error for result in results for error in result[0]]
    return errors, elapsed, sum(result[1] for result in results)


def doubles(event):
    """Codes used twice and members credited twice (both must be 0)."""
    from django.db.models import Count

    from credits.models import CreditRecord

    records = CreditRecord.objects.filter(event=event)
    by_code = records.values("code").annotate(n=Count("pk")).filter(n__gt=1).count()
    by_user = records.values("user").annotate(n=Count("pk")).filter(n__gt=1).count()
    return by_code, by_user, records.count()


def codes_and_sheet(event, admin, count=10_000):
    from credits import services
    from credits.pdf.sheet import code_sheet_pdf

    started, cpu = time.perf_counter(), time.process_time()
    batch = services.credit_codes_generate(actor=admin, event=event, count=count)
    generated = time.perf_counter() - started
    pdf = code_sheet_pdf(batch=batch, issuer="Общество урологов")
    total = time.perf_counter() - started
    return generated, total, time.process_time() - cpu, len(pdf)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--processes", type=int, default=4, help="worker processes sharing the 16"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    database = settings.DATABASES["default"]
    database.setdefault("TEST", {})["NAME"] = f"bench_credits_{os.getpid()}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        event, admin, users, codes = make_world(args.members)
        print(
            f"database: {connection.vendor}; cache: "
            f"{settings.CACHES['default']['BACKEND']}; load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        if connection.vendor == "postgresql":
            keys = session_keys(users)
            errors, elapsed, cpu = redeem_all(
                keys, codes, args.concurrency, args.processes
            )
            by_code, by_user, records = doubles(event)
            print(
                f"redeem: {len(users)} members, {len(codes)} codes, concurrency "
                f"{args.concurrency} ({args.processes} processes): {elapsed:.1f} s "
                f"({len(users) / elapsed:.0f}/s; workers' CPU {cpu:.1f} s), "
                f"errors {len(errors)}, credits "
                f"{records}, codes used twice {by_code}, members credited twice "
                f"{by_user}"
            )
            for error in errors[:5]:
                print("  error:", error)
        else:
            print(
                "redeem: skipped (set DATABASE_URL to PostgreSQL for the concurrent run)"
            )
        generated, total, cpu, size = codes_and_sheet(event, admin)
        print(
            f"10,000 codes: generated in {generated:.2f} s; with the PDF sheet "
            f"({size // 1024} KB, 1,000 pages) {total:.2f} s (CPU {cpu:.2f} s)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
