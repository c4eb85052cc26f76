"""A Redis cache that degrades to "always a miss" while Redis is unreachable.

Django's RedisCache raises on every call when Redis is down, which turns every page
into a 500. Here a connection error makes the call behave like a miss (`get` returns
the default, `set` does nothing, `add` returns False) and opens a short circuit
breaker, so the next calls in this process skip the network instead of each waiting
for a timeout. `add` returning False is what makes allauth's rate limits fail
closed: its lock can never be taken, so no login attempt is counted as allowed.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

RATE_LIMITS_UNAVAILABLE = _(
    "Logging in is briefly unavailable for technical reasons. Your password was not "
    "checked. Please try again in a few minutes."
)

# How long (seconds) a process stops trying Redis after a failure.
RETRY_AFTER = 5.0
# Per process, shared by threads (Django makes one cache object per thread): server
# → monotonic time until which it is considered down.
_down_until = {}


def _redis_errors():
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client with one redis.Redis object per connection pool.

    Django builds a new redis.Redis (its table of ~170 response callbacks included)
    for every cache call: about 0.1 ms of CPU each, several calls per page. The
    object is safe to share; the pool under it is the same either way.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """RedisCache whose outages are cache misses, logged once per outage."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedClientRedisCacheClient
        self._server_key = str(server)

    # --- availability -----------------------------------------------------------------

    def is_available(self):
        """True when Redis answers a PING now (used by /healthz and the login page)."""
        if self._is_down():
            return False
        try:
            self._cache.get_client(write=True).ping()
        except _redis_errors() as error:
            self._mark_down(error)
            return False
        return True

    def _is_down(self):
        return _down_until.get(self._server_key, 0.0) > time.monotonic()

    def _mark_down(self, error):
        if not self._is_down():
            logger.warning("Redis cache unreachable, serving without it: %s", error)
        _down_until[self._server_key] = time.monotonic() + RETRY_AFTER

    def _call(self, method, fallback, *args, **kwargs):
        if self._is_down():
            return fallback
        try:
            return getattr(super(), method)(*args, **kwargs)
        except _redis_errors() as error:
            self._mark_down(error)
            return fallback

    # --- the cache API, each call a miss while Redis is down ---------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def incr(self, key, delta=1, version=None):
        result = self._call("incr", None, key, delta, version=version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        self._call("delete_many", None, keys, version=version)

    def clear(self):
        return self._call("clear", False)


def cache_available(alias="default"):
    """Is the shared cache reachable? Always True for caches that cannot fail."""
    from django.core.cache import caches

    backend = caches[alias]
    check = getattr(backend, "is_available", None)
    return check() if check is not None else True
