"""Logging in: by e-mail, unverified accounts, throttling after failed attempts."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.members.factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db


def test_login_by_email_goes_to_the_cabinet(client, home):
    make_member(email="doc@example.org")
    response = client.post(
        reverse("account_login"), {"login": "DOC@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("members:index")


def test_unverified_account_cannot_log_in(client, home):
    make_member(email="doc@example.org", verified=False)
    response = client.post(
        reverse("account_login"), {"login": "doc@example.org", "password": PASSWORD}
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("members:index")).status_code == 302


def test_repeated_failed_logins_are_throttled_with_a_russian_message(client, home):
    make_member(email="doc@example.org")
    url = reverse("account_login")
    for _ in range(5):
        response = client.post(url, {"login": "doc@example.org", "password": "bad"})
        assert "Слишком много" not in response.content.decode()
    response = client.post(url, {"login": "doc@example.org", "password": "bad"})
    html = response.content.decode()
    assert "Слишком много неудачных попыток входа" in html
    # Even the right password is refused while the limit holds.
    response = client.post(url, {"login": "doc@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert "Слишком много неудачных попыток входа" in response.content.decode()


def test_throttling_is_per_ip_too(client, home):
    url = reverse("account_login")
    for n in range(10):
        client.post(url, {"login": f"x{n}@example.org", "password": "bad"})
    response = client.post(url, {"login": "other@example.org", "password": "bad"})
    assert "Слишком много неудачных попыток входа" in response.content.decode()


def test_failed_login_limit_is_on():
    from allauth.account import app_settings

    limit = app_settings.RATE_LIMITS.get("login_failed")
    assert limit, "allauth's login_failed limit is switched off"
    assert "/ip" in limit and "/key" in limit  # per IP and per account


def test_rate_limits_are_shared_through_redis(rf, monkeypatch):
    # With REDIS_URL set, the limits live in Redis and are shared by all workers:
    # what one connection consumed, a fresh connection (another worker) sees.
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set; run with Redis to check the shared cache")
    from allauth.core import ratelimit
    from allauth.core.internal import ratelimit as allauth_ratelimit
    from django.core.cache import caches

    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    request = rf.post("/accounts/login/", REMOTE_ADDR="198.51.100.9")
    key = "shared-limit@example.org"
    for _ in range(5):
        assert ratelimit.consume(request, action="login_failed", key=key)
    other_worker = caches.create_connection("default")
    assert other_worker is not caches["default"]
    monkeypatch.setattr(allauth_ratelimit, "cache", other_worker)
    assert not ratelimit.consume(request, action="login_failed", key=key, dry_run=True)
    assert ratelimit.consume(
        request, action="login_failed", key="someone-else@example.org", dry_run=True
    )


def test_wagtail_admin_login_is_throttled_like_the_site_login(client, home):
    make_member(email="staff@example.org", is_staff=True, is_superuser=True)
    url = reverse("wagtailadmin_login")
    for _ in range(5):
        response = client.post(url, {"username": "staff@example.org", "password": "x"})
        assert response.status_code == 200
        assert "Слишком много" not in response.content.decode()
    response = client.post(url, {"username": "staff@example.org", "password": PASSWORD})
    assert response.status_code == 200  # refused even with the right password
    assert "Слишком много неудачных попыток входа" in response.content.decode()
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_wagtail_admin_login_works_for_staff(client, home):
    make_member(email="staff@example.org", is_staff=True, is_superuser=True)
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "staff@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_failed_admin_logins_count_towards_the_site_login_limit(client, home):
    make_member(email="doc@example.org")
    for _ in range(5):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": "doc@example.org", "password": "x"},
        )
    response = client.post(
        reverse("account_login"), {"login": "doc@example.org", "password": PASSWORD}
    )
    assert "Слишком много неудачных попыток входа" in response.content.decode()


def _main(html):
    return html.split("<main")[1].split("</main>")[0]


def test_login_page_offers_password_reset_once(client, home):
    main = _main(client.get(reverse("account_login")).content.decode())
    assert main.count("Забыли") == 1
    assert main.count(f'href="{reverse("account_reset_password")}"') == 1


def test_failed_login_error_is_a_focusable_summary(client, home):
    make_member(email="doc@example.org")
    response = client.post(
        reverse("account_login"), {"login": "doc@example.org", "password": "wrong-1"}
    )
    main = _main(response.content.decode())
    assert re.search(
        r'<div class="form-errors" role="alert" tabindex="-1" data-error-summary>', main
    )
    assert "адрес электронной почты и/или пароль неверны" in main
    assert main.count("Забыли") == 1


def test_login_with_empty_fields_links_each_error_to_its_field(client, home):
    main = _main(client.post(reverse("account_login"), {}).content.decode())
    assert 'href="#id_login"' in main and 'href="#id_password"' in main
