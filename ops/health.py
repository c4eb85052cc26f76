"""What /healthz checks: the database answers a query and the cache a PING."""

import logging

from django.db import DatabaseError, connections

from .cache import cache_available

logger = logging.getLogger(__name__)


def database_available(alias="default"):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check: database unavailable: %s", error)
        return False
    return True


def check():
    """True when every service a page needs is reachable."""
    database = database_available()
    cache = cache_available()
    if not cache:
        logger.warning("Health check: cache unavailable")
    return database and cache
