"""gunicorn settings for the web process; everything tunable from the environment.

    gunicorn -c deploy/gunicorn.conf.py config.wsgi

WEB_CONCURRENCY worker processes × GUNICORN_THREADS threads serve requests; each
thread keeps one persistent PostgreSQL connection (CONN_MAX_AGE), so PostgreSQL's
max_connections must exceed app servers × workers × threads (+ task workers).
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
# A request slower than this is killed (the worker restarts); uploads to S3 included.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycling workers (after GUNICORN_MAX_REQUESTS requests each, ±10%) bounds a slow
# memory leak but costs a cold worker: its first requests take hundreds of ms. At 2,000
# it made cached pages' p99 30× worse (`make bench`: a worker restarted every 2 s), so
# it is off unless set; if workers' memory grows, set it high (e.g. 100000).
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = max_requests // 10
# Load the app once before forking: less memory, and a broken start fails at once.
preload_app = True
# Worker heartbeat files in memory, not on disk (gunicorn's FAQ; a shared tmpfs).
_SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None
# The application logs every request itself (JSON with the request id, stdout);
# gunicorn's own messages and errors go to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Only the local proxy may say the original scheme (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "society-web"
