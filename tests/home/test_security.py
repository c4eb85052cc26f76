"""Deployment baseline: production settings, headers, CSRF exemptions."""

import importlib
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db


def run_production(env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DEFAULT_FROM_EMAIL"}
    }
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_production({"DJANGO_ALLOWED_HOSTS": "society.example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_production({"DJANGO_SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_a_sender_address():
    result = run_production(
        {"DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "society.example.org"}
    )
    assert result.returncode != 0
    assert "DEFAULT_FROM_EMAIL" in result.stderr


PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "society.example.org",
    "DEFAULT_FROM_EMAIL": "info@society.example.org",
    "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP",
}


def test_production_refuses_to_start_without_saying_how_to_find_client_ips():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "TRUSTED_CLIENT_IP_HEADER"}
    result = run_production(env)
    assert result.returncode != 0
    assert "TRUSTED_CLIENT_IP_HEADER" in result.stderr
    assert run_production({**env, "TRUSTED_PROXY_COUNT": "0"}).returncode == 0


def test_production_starts_with_the_required_variables():
    result = run_production(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr


def production_security_settings(monkeypatch):
    """The values config.settings.production computes from a real deployment's env."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "p" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "society.example.org")
    monkeypatch.setenv("DEFAULT_FROM_EMAIL", "info@society.example.org")
    monkeypatch.setenv("TRUSTED_CLIENT_IP_HEADER", "X-Real-IP")
    module = importlib.reload(importlib.import_module("config.settings.production"))
    names = [
        name
        for name in dir(module)
        if name.startswith(
            ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "LANGUAGE_COOKIE_")
        )
        or name in {"X_FRAME_OPTIONS", "ALLOWED_HOSTS", "DEBUG", "CSRF_TRUSTED_ORIGINS"}
    ]
    return {name: getattr(module, name) for name in names}


def test_public_page_sends_security_headers_under_production_settings(
    client, home, monkeypatch
):
    with override_settings(**production_security_settings(monkeypatch)):
        insecure = client.get("/", HTTP_HOST="society.example.org")
        response = client.get("/", HTTP_HOST="society.example.org", secure=True)

    assert insecure.status_code == 301
    assert insecure["Location"].startswith("https://")
    assert response.status_code == 200
    assert "max-age=31536000" in response["Strict-Transport-Security"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self';" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert not response.cookies  # a public page sets no cookie: it can be cached


def test_pages_use_no_inline_scripts_or_styles(client, home):
    """The CSP forbids inline code, so the templates must not rely on it."""
    from tests.factories import make_guide, make_guide_index

    guide = make_guide(make_guide_index(home), images=1)
    for url in ("/", guide.url, "/search/?q=x", "/nothing-here/"):
        html = client.get(url).content.decode()
        assert "<script>" not in html
        assert " style=" not in html
        assert " onclick=" not in html


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


#: The only routes that skip CSRF: the payment providers' notification endpoints.
CSRF_EXEMPT_ROUTES = {
    "payments/webhooks/stripe/",
    "payments/webhooks/yookassa/",
    "payments/webhooks/<slug:provider>/",
}


def test_only_the_payment_notification_endpoints_are_csrf_exempt():
    """Nothing but the payment providers' notification view skips CSRF, on the
    routes listed in CSRF_EXEMPT_ROUTES.

    The provider cannot send a CSRF token; for Stripe the signature on the raw body
    takes its place, for YooKassa (unsigned) the sender's address and a fetch of
    the payment from its API (payments.webhooks, payments.gateways). The view is
    matched by identity, not by route name, and the named routes must resolve to
    it. Django REST framework marks its views csrf_exempt and enforces CSRF itself
    in SessionAuthentication; Wagtail's admin API uses it, so those views are
    checked for being REST framework views rather than skipped by name.
    """
    from django.urls import resolve, reverse
    from rest_framework.views import APIView

    from payments.webhooks import notification_view

    for name in ("payments:stripe_webhook", "payments:yookassa_notification"):
        assert resolve(reverse(name)).func is notification_view
    unexpected = []
    exempt_webhook_routes = set()
    for route, view in walk(get_resolver().url_patterns):
        if not getattr(view, "csrf_exempt", False):
            continue
        if view is notification_view:
            exempt_webhook_routes.add(route)
            continue
        view_class = getattr(view, "cls", None)
        if view_class and issubclass(view_class, APIView):
            continue
        unexpected.append(route)
    assert unexpected == []
    assert exempt_webhook_routes == CSRF_EXEMPT_ROUTES


def test_members_only_page_is_never_stored_by_shared_caches(client, home):
    from wagtail.models import PageViewRestriction

    from tests.factories import UserFactory, make_standard_page

    private = make_standard_page(home, title="Для членов", slug="members-only")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    anonymous = client.get(private.url)
    assert anonymous.status_code == 302  # to the login page

    client.force_login(UserFactory())
    response = client.get(private.url)
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "no-store" in cache_control
    assert "public" not in cache_control


def test_personal_pages_outside_wagtail_are_never_stored_by_shared_caches(client, home):
    """The cabinet and a normally cacheable response, requested by a signed-in person."""
    from django.urls import reverse

    from tests.members.factories import make_member

    client.force_login(make_member())
    for url in (reverse("members:index"), reverse("members:code"), "/"):
        cache_control = client.get(url)["Cache-Control"]
        assert "private" in cache_control, url
        assert "no-store" in cache_control, url


def test_public_pages_stay_cacheable_for_visitors(client, home):
    response = client.get("/")
    assert "private" not in response.get("Cache-Control", "")
