"""Attacks on the login: fresh guesses through another Host, look-alike addresses,
sessions for accounts that may not have one."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.factories import UserFactory
from tests.members.factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db

THROTTLED = "Слишком много неудачных попыток входа"
# Hosts a client may send for the same site (ALLOWED_HOSTS is '*' in tests; in
# production a proxy may pass any port or a trailing dot through).
HOSTS = [
    "society.example",
    "society.example:1",
    "society.example:2",
    "society.example.",
]


def site_login(client, email, password, host):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        HTTP_HOST=host,
    )


def admin_login(client, email, password, host):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": email, "password": password},
        HTTP_HOST=host,
    )


@pytest.mark.parametrize("login", [site_login, admin_login], ids=["site", "admin"])
def test_the_account_lock_does_not_reset_with_another_host(client, home, login):
    make_member(email="doc@example.org", is_staff=True, is_superuser=True)
    for _attempt in range(5):
        response = login(client, "doc@example.org", "wrong", HOSTS[0])
        assert THROTTLED not in response.content.decode()
    for host in HOSTS[1:]:
        response = login(client, "doc@example.org", PASSWORD, host)
        assert response.status_code == 200, host
        assert THROTTLED in response.content.decode(), host
    assert "_auth_user_id" not in client.session


def test_the_account_lock_is_shared_by_every_spelling_of_the_address(client, home):
    make_member(email="doc@example.org")
    for spelling in ["doc@example.org", "DOC@example.org", " Doc@Example.ORG "] * 2:
        site_login(client, spelling, "wrong", HOSTS[0])
    response = site_login(client, "doc@example.org", PASSWORD, HOSTS[0])
    assert THROTTLED in response.content.decode()


@pytest.mark.parametrize("login", [site_login, admin_login], ids=["site", "admin"])
def test_a_dotless_i_does_not_log_in_as_the_plain_address(client, home, login):
    # PostgreSQL's UPPER('ı') is 'I': an `iexact` look-up matches admin@ there
    # (run the suite on PostgreSQL to see it; SQLite folds ASCII only).
    make_member(email="admin@example.org", is_staff=True, is_superuser=True)
    response = login(client, "admın@example.org", PASSWORD, HOSTS[0])
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_dotless_i_address_is_refused_at_signup(client, home):
    from tests.members.factories import make_consent_page, signup_data

    make_consent_page(home)
    response = client.post(
        reverse("account_signup"), signup_data(email="admın@example.org")
    )
    assert response.status_code == 200
    assert "латинскими буквами" in response.content.decode()


def test_the_user_manager_finds_an_address_only_by_itself(home):
    from members.models import User

    user = UserFactory(email="admin@example.org")
    assert User.objects.get_by_natural_key("ADMIN@example.org") == user
    with pytest.raises(User.DoesNotExist):
        User.objects.get_by_natural_key("admın@example.org")


def test_unconfirmed_staff_gets_no_session_through_the_admin_login(client, home):
    make_member(
        email="staff@example.org", verified=False, is_staff=True, is_superuser=True
    )
    response = admin_login(client, "staff@example.org", PASSWORD, HOSTS[0])
    assert response.status_code == 200
    assert "Сначала подтвердите адрес электронной почты" in response.content.decode()
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()
    assert client.get(reverse("members:index")).status_code == 302


def test_an_account_without_admin_access_gets_no_session_through_the_admin_login(
    client, home
):
    make_member(email="doc@example.org")  # confirmed, but no admin access
    response = admin_login(client, "doc@example.org", PASSWORD, HOSTS[0])
    assert response.status_code == 200
    assert "нет доступа к панели администрирования" in response.content.decode()
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()
    assert client.get(reverse("members:index")).status_code == 302


def test_an_account_without_an_address_row_gets_no_admin_session(client, home):
    # Made with createsuperuser: no allauth EmailAddress, so nothing is confirmed.
    UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    response = admin_login(client, "root@example.org", PASSWORD, HOSTS[0])
    assert response.status_code == 200
    assert not Session.objects.exists()


def test_confirmed_staff_still_logs_in_to_the_admin(client, home):
    make_member(email="staff@example.org", is_staff=True, is_superuser=True)
    response = admin_login(client, "staff@example.org", PASSWORD, HOSTS[0])
    assert response.status_code == 302
    assert Session.objects.count() == 1


def test_unconfirmed_account_gets_no_session_through_the_site_login(client, home):
    make_member(email="doc@example.org", verified=False)
    response = site_login(client, "doc@example.org", PASSWORD, HOSTS[0])
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("members:index")).status_code == 302


def test_the_ip_limit_ignores_forwarded_for_and_host_headers(client, home):
    # No trusted proxy is configured: X-Forwarded-For is the client's own claim.
    url = reverse("account_login")
    for n in range(10):
        client.post(
            url,
            {"login": f"x{n}@example.org", "password": "bad"},
            HTTP_HOST=HOSTS[n % len(HOSTS)],
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    response = client.post(
        url,
        {"login": "other@example.org", "password": "bad"},
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert THROTTLED in response.content.decode()


def test_a_password_reset_gives_an_unconfirmed_account_no_session(
    client, home, django_capture_on_commit_callbacks
):
    import re

    from django.core import mail

    make_member(email="doc@example.org", verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "doc@example.org"})
    link = re.search(
        r"https?://\S+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body
    )
    form_url = client.get(link.group(1))["Location"]
    response = client.post(
        form_url, {"password1": "Fresh-pass-2026!", "password2": "Fresh-pass-2026!"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("members:index")).status_code == 302


def test_an_address_is_stored_in_its_one_spelling(home):
    from members.models import User

    user = UserFactory(email=" Doc@Example.ORG ")
    user.refresh_from_db()
    assert user.email == "doc@example.org"
    assert User.objects.get_by_natural_key("DOC@example.org") == user


def test_the_first_administrator_from_createsuperuser_can_use_the_admin(
    client, home, monkeypatch
):
    from django.core.management import call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "first-admin-pass-2026")
    call_command(
        "createsuperuser",
        interactive=False,
        email="chief@example.org",
        last_name="Главный",
        first_name="Админ",
        verbosity=0,
    )
    response = admin_login(
        client, "chief@example.org", "first-admin-pass-2026", HOSTS[0]
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
