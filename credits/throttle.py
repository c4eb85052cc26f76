"""Failed code attempts, counted per member and per client IP in the shared cache.

5 failures within 15 minutes of the first one block further attempts from that
member (any address) and from that address (any member) until the 15 minutes are
over. The counters live in the default cache, which is Redis in production, so all
workers see the same numbers. Keys hold only the member's id and the trusted client
IP, nothing the attacker can vary.
"""

import datetime

from django.core.cache import cache
from django.utils import timezone

LIMIT = 5
WINDOW = datetime.timedelta(minutes=15)
_PREFIX = "credits:redeem-fail"


def _keys(*, user_id, ip):
    keys = [f"{_PREFIX}:user:{user_id}"]
    if ip:
        keys.append(f"{_PREFIX}:ip:{ip}")
    return keys


def blocked_until(*, user_id, ip, now=None):
    """When attempts are allowed again, or None if they are allowed now."""
    now = now or timezone.now()
    entries = cache.get_many(_keys(user_id=user_id, ip=ip))
    until = None
    for entry in entries.values():
        start = datetime.datetime.fromtimestamp(entry["start"], tz=datetime.UTC)
        end = start + WINDOW
        if entry["count"] >= LIMIT and end > now and (until is None or end > until):
            until = end
    return until


def record_failure(*, user_id, ip, now=None):
    """Count one failed attempt for the member and for the address."""
    now = now or timezone.now()
    timeout = int(WINDOW.total_seconds()) + 60
    for key in _keys(user_id=user_id, ip=ip):
        count_key = f"{key}:n"
        entry = cache.get(key)
        fresh = entry is None or (
            datetime.datetime.fromtimestamp(entry["start"], tz=datetime.UTC) + WINDOW
            <= now
        )
        if fresh:
            cache.set(count_key, 0, timeout)
            cache.set(key, {"start": now.timestamp(), "count": 0}, timeout)
        try:
            count = cache.incr(
                count_key
            )  # atomic in Redis: parallel failures all count
        except ValueError:  # expired between the two calls
            cache.set(count_key, 1, timeout)
            count = 1
        start = cache.get(key, {"start": now.timestamp()})["start"]
        cache.set(key, {"start": start, "count": count}, timeout)
