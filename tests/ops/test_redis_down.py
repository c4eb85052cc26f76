"""Redis down: pages are still served; logins are refused with a clear message."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.members.factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: every Redis call is refused at once.
DEAD_REDIS = {
    "default": {
        "BACKEND": "ops.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


@override_settings(CACHES=DEAD_REDIS)
def test_public_pages_are_served_while_redis_is_down(client, home):
    response = client.get("/")

    assert response.status_code == 200
    assert "Общество урологов" in response.content.decode()


@override_settings(CACHES=DEAD_REDIS)
def test_login_fails_closed_with_a_clear_message_while_redis_is_down(client, home):
    make_member(email="doc@example.org")

    response = client.post(
        reverse("account_login"), {"login": "doc@example.org", "password": PASSWORD}
    )

    assert response.status_code == 503
    assert "Вход временно недоступен" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(CACHES=DEAD_REDIS)
def test_admin_login_fails_closed_while_redis_is_down(client, home):
    make_member(email="staff@example.org", is_staff=True, is_superuser=True)

    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "staff@example.org", "password": PASSWORD},
    )

    assert response.status_code == 200
    assert "Вход временно недоступен" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_cache_outage_reads_as_a_miss_and_writes_as_nothing():
    from django.core.cache import caches

    with override_settings(CACHES=DEAD_REDIS):
        cache = caches["default"]
        cache.set("k", "v")
        assert cache.get("k", "default") == "default"
        assert cache.add("lock", 1) is False  # allauth's lock: never taken
        assert cache.get_many(["a", "b"]) == {}
        assert cache.is_available() is False


def test_the_cache_builds_its_redis_client_once_and_reuses_it():
    from ops.cache import ResilientRedisCache

    cache = ResilientRedisCache("redis://127.0.0.1:1/0", {})

    first = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=False) is first
    assert cache._cache.get_client(write=True) is first
