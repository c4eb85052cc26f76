"""Failed code attempts, counted per member and per client IP in the shared cache.

5 failures within 15 minutes of the first one block further attempts from that
member (any address) and from that address (any member) until the 15 minutes are
over. The counters live in the default cache, which is Redis in production, so all
workers see the same numbers. Keys hold only the member's id and the trusted client
IP, nothing the attacker can vary.

An attempt takes a slot *before* the code is looked up (`take_slot`): an atomic
`incr` on the window's counter, refused above the limit. A failure keeps its slot, a
success gives it back (`release`). So parallel requests cannot all pass a check made
before any of them has failed: at most 5 are ever evaluated in a window. Windows are
opened only with `add` (the first of parallel requests wins, the others join it), and
a window that is over chains to the next one through a key named after it, also
opened with `add`, so no request wipes the counts of another.
"""

import contextlib
import datetime

from django.core.cache import cache
from django.utils import timezone

LIMIT = 5
WINDOW = datetime.timedelta(minutes=15)
_PREFIX = "credits:redeem-fail"
_TIMEOUT = int(WINDOW.total_seconds()) + 60
_MAX_CHAIN = 50


def _keys(*, user_id, ip):
    keys = [f"{_PREFIX}:user:{user_id}"]
    if ip:
        keys.append(f"{_PREFIX}:ip:{ip}")
    return keys


def _window_start(key, now):
    """The start (a timestamp) of the key's window that covers `now`, opened at `now`
    when there is none; None when the cache is unreachable."""
    stamp = now.timestamp()
    cache.add(key, stamp, _TIMEOUT)
    start = first = cache.get(key)
    for _ in range(_MAX_CHAIN):
        if start is None or start + WINDOW.total_seconds() > stamp:
            break
        following = f"{key}:after:{start}"
        cache.add(following, stamp, _TIMEOUT)
        start = cache.get(following)
    if start is not None and start != first:
        # A shortcut only: every request that walks the chain finds the same start.
        cache.set(key, start, _TIMEOUT)
    return start


def _until(start):
    return datetime.datetime.fromtimestamp(start, tz=datetime.UTC) + WINDOW


def take_slot(*, user_id, ip, now=None):
    """Reserve one attempt for the member and for the address.

    Returns `(slot, None)` when the attempt may go ahead (pass `slot` to `release`
    if it succeeds; a failure keeps it), or `(None, until)` when 5 attempts already
    failed or are being evaluated in the window, `until` being when attempts are
    allowed again. While the cache is unreachable attempts are not counted."""
    now = now or timezone.now()
    taken, until = [], None
    for key in _keys(user_id=user_id, ip=ip):
        start = _window_start(key, now)
        if start is None:
            continue
        count_key = f"{key}:{start}:n"
        cache.add(count_key, 0, _TIMEOUT)
        try:
            count = cache.incr(count_key)
        except ValueError:  # expired or unreachable between the two calls
            continue
        taken.append(count_key)
        if count > LIMIT and (until is None or _until(start) > until):
            until = _until(start)
    if until is not None:
        release(taken)
        return None, until
    return taken, None


def release(slot):
    """Give back the slot of an attempt that did not fail."""
    for count_key in slot or ():
        with contextlib.suppress(ValueError):  # the window ended meanwhile
            cache.decr(count_key)
