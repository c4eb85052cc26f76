#!/usr/bin/env python
"""`make bench`: the site under gunicorn with the production settings, loaded by wrk.

Seeds a throwaway database (scripts/bench_seed.py), starts gunicorn on loopback
(2 workers, deploy/gunicorn.conf.py) and runs wrk at 8 and 32 connections over the
public pages (from the page cache, then rendered with the cache off), a members-only
page and two cabinet pages signed in, and a bare Django view behind the same
middleware (the ceiling). Prints requests/s, p50, p99, errors, SQL queries per
request (counted in-process on the same data), the workers' CPU per request and the
ratio to the ceiling; writes JSON under bench/results/.

    DATABASE_URL=postgres://postgres:ci@127.0.0.1:5432/society_bench \\
    REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python scripts/bench.py [-d 5] [--scale 1]

The database named in DATABASE_URL must contain "bench" in its name: it is dropped
and created again (without DATABASE_URL: bench/bench.sqlite3). --reuse keeps the
data of the previous run. The code-redemption burst is scripts/bench_credits.py.
"""

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
RESULTS = ROOT / "bench" / "results"
PORT = 8765
SETTINGS_ENV = {
    "DJANGO_SETTINGS_MODULE": "bench_site.settings",
    "DJANGO_SECRET_KEY": "bench-only-" + "k" * 50,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DEFAULT_FROM_EMAIL": "bench@example.org",
    "TRUSTED_PROXY_COUNT": "0",
    "SECURE_SSL_REDIRECT": "0",  # loopback, no TLS; everything else as in production
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "CACHE_KEY_PREFIX": "bench",
}


def prepare_database(url, reuse):
    """Drop and create the benchmark's database; False when --reuse found it."""
    if not url.startswith("postgres"):
        path = ROOT / "bench" / "bench.sqlite3"
        if reuse and path.exists():
            return False
        path.unlink(missing_ok=True)
        return True
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(
            f"refusing to drop {name!r}: the benchmark's database needs 'bench' in its name"
        )
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if reuse and exists:
            return False
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return True


def setup_django(database_url):
    os.environ.update(SETTINGS_ENV)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # this process only (seeding)
    sys.path[:0] = [str(ROOT), str(SCRIPTS)]
    import django

    django.setup()


def scenarios(member_id):
    """(phase, name, path, signed in) for every measured request."""
    from django.utils import timezone

    from events.models import EventIndexPage, EventPage
    from home.models import InstructionPage
    from materials.models import MaterialPage

    index = EventIndexPage.objects.live().first()
    event = EventPage.objects.live().filter(start__gt=timezone.now()).order_by("start")
    material = MaterialPage.objects.live().filter(slug="material-1").first()
    assert material is not None
    public = [
        ("home", "/"),
        ("events calendar", index.url),
        ("calendar filtered", index.url + "?type=congress&city=" + quote("Москва")),
        ("event page", event.first().url),
        ("guide", InstructionPage.objects.live().first().url),
    ]
    signed_in = [
        ("members-only page", material.url),
        ("cabinet", "/cabinet/"),
        ("cabinet: credits", "/cabinet/credits/"),
    ]
    ceiling = [("ceiling (bare view)", "/bench/bare/", False)]
    cached = [(name, path, False) for name, path in public]
    return {
        "cache on": ceiling + cached + [(n, p, True) for n, p in signed_in],
        "cache off": ceiling + cached,
    }


def count_queries(plan, cookie):
    """SQL queries of one warm request per page, in-process, as the server runs it."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    counts = {}
    for phase, rows in plan.items():
        seconds = settings.PAGE_CACHE_SECONDS if phase == "cache on" else 0
        with override_settings(PAGE_CACHE_SECONDS=seconds):
            for name, path, signed_in in rows:
                client = Client(HTTP_X_FORWARDED_PROTO="https")
                if signed_in:
                    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
                client.get(path)
                with CaptureQueriesContext(connection) as queries:
                    client.get(path)
                counts[phase, name] = len(queries)
    return counts


def gunicorn_cpu(master):
    """CPU seconds of gunicorn's workers so far, the finished ones included."""
    tick = os.sysconf("SC_CLK_TCK")

    def stat(pid):
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()

    total = sum(int(value) for value in stat(master)[13:15])  # children reaped
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    for pid in children:
        with contextlib.suppress(FileNotFoundError):  # a worker just replaced
            total += sum(int(value) for value in stat(pid)[11:13])
    return total / tick


def start_gunicorn(env):
    process = subprocess.Popen(  # noqa: S603 (our own fixed command)
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "deploy/gunicorn.conf.py"]
        + ["config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,  # the JSON access log
        stderr=open(RESULTS / "gunicorn.log", "a"),  # noqa: SIM115
    )
    for _ in range(100):
        time.sleep(0.3)
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
            return process
        except OSError:
            if process.poll() is not None:
                sys.exit("gunicorn did not start: see bench/results/gunicorn.log")
    sys.exit("gunicorn did not answer /healthz")


def fetch(path, headers):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(request, timeout=10)
        return response.status, response.headers.get("X-Page-Cache", "")
    except urllib.error.HTTPError as error:
        return error.code, ""


def run_wrk(path, headers, connections, duration):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    command += ["-s", str(SCRIPTS / "bench_wrk.lua")]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{PORT}{path}")
    finished = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    output = finished.stdout
    line = next(row for row in output.splitlines() if row.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def measure(plan, cookie, queries, args, base_env):
    from django.conf import settings

    results = []
    for phase, rows in plan.items():
        env = {**base_env, "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "1"}
        env["GUNICORN_BIND"] = f"127.0.0.1:{PORT}"
        if phase == "cache off":
            env["PAGE_CACHE_SECONDS"] = "0"
        server = start_gunicorn(env)
        try:
            ceiling = {}
            for name, path, signed_in in rows:
                headers = {"X-Forwarded-Proto": "https"}
                if signed_in:
                    headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={cookie}"
                for _ in range(3):  # fill the cache, warm the workers
                    status, cache_state = fetch(path, headers)
                for connections in args.connections:
                    cpu = gunicorn_cpu(server.pid)
                    run = run_wrk(path, headers, connections, args.duration)
                    cpu = gunicorn_cpu(server.pid) - cpu
                    rps = run["requests"] / (run["duration_us"] / 1e6)
                    if name.startswith("ceiling"):
                        ceiling[connections] = rps
                    row = {
                        "phase": phase,
                        "page": name,
                        "path": path,
                        "status": status,
                        "page_cache": cache_state or "-",
                        "connections": connections,
                        "requests_per_s": round(rps, 1),
                        "p50_ms": run["p50_us"] / 1000,
                        "p99_ms": run["p99_us"] / 1000,
                        "errors": run["connect_errors"]
                        + run["read_errors"]
                        + run["write_errors"]
                        + run["timeouts"]
                        + run["status_errors"],
                        "sql_queries": queries[phase, name],
                        "cpu_ms_per_request": round(
                            cpu * 1000 / max(run["requests"], 1), 2
                        ),
                        "ratio_to_ceiling": round(rps / ceiling[connections], 4),
                        "wrk": run,
                    }
                    results.append(row)
                    print_row(row)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return results


HEADER = (
    f"{'phase':9} {'page':20} {'conn':>4} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
    f"{'errors':>6} {'SQL':>4} {'CPU ms':>7} {'ceiling':>8} status"
)


def print_row(row):
    print(
        f"{row['phase']:9} {row['page'][:20]:20} {row['connections']:>4} "
        f"{row['requests_per_s']:>8.0f} {row['p50_ms']:>7.1f} {row['p99_ms']:>7.1f} "
        f"{row['errors']:>6} {row['sql_queries']:>4} {row['cpu_ms_per_request']:>7.1f} "
        f"{row['ratio_to_ceiling']:>8.1%} {row['status']} {row['page_cache']}",
        flush=True,
    )


def machine():
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "-d", "--duration", type=int, default=60, help="seconds per run"
    )
    parser.add_argument("-c", "--connections", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--scale", type=float, default=1.0, help="data set size")
    parser.add_argument("--reuse", action="store_true", help="keep the last data set")
    parser.add_argument(
        "--pages",
        nargs="+",
        metavar="NAME",
        help="only the pages whose name contains one of these (the ceiling always)",
    )
    args = parser.parse_args()

    RESULTS.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("DATABASE_URL") or (
        f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}"
    )
    fresh = prepare_database(database_url, args.reuse)
    base_env = {**os.environ, **SETTINGS_ENV, "DATABASE_URL": database_url}
    base_env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(SCRIPTS)])
    setup_django(database_url)
    import bench_seed
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections

    about = {"machine": machine(), "scale": args.scale, "duration_s": args.duration}
    about["database"] = connection.vendor
    about["cache"] = settings.CACHES["default"]["BACKEND"]
    print(
        f"database {connection.vendor}, cache {about['cache']}, load {os.getloadavg()}"
    )
    if fresh:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(
            f"migrated: {time.perf_counter() - started:.0f} s; seeding (scale {args.scale})"
        )
        about["seed"] = bench_seed.seed(args.scale)
        (ROOT / "bench" / "seed.json").write_text(json.dumps(about["seed"]))
    else:
        about["seed"] = json.loads((ROOT / "bench" / "seed.json").read_text())
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    cookie = bench_seed.session_cookie(about["seed"]["member_id"])
    plan = scenarios(about["seed"]["member_id"])
    if args.pages:
        plan = {
            phase: [
                row
                for row in rows
                if row[0].startswith("ceiling") or any(p in row[0] for p in args.pages)
            ]
            for phase, rows in plan.items()
        }
    queries = count_queries(plan, cookie)
    connections.close_all()

    print(HEADER)
    about["results"] = measure(plan, cookie, queries, args, base_env)
    about["machine"]["load_average_after"] = os.getloadavg()
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    target = RESULTS / f"bench-{stamp}.json"
    target.write_text(json.dumps(about, indent=2, ensure_ascii=False))
    print(f"written {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
