"""Known and unknown addresses cost the server the same work, so response times
do not tell an attacker which addresses are registered.

Measured structurally (how many passwords are hashed), never with timings.
"""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import override_settings
from django.urls import reverse

from tests.members.factories import make_consent_page, make_member, signup_data

pytestmark = pytest.mark.django_db


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting how many times it hashes a password."""

    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.fixture
def hashes():
    """`hashes(callable)`: how many passwords the call hashed."""

    def count(action):
        CountingHasher.calls = 0
        action()
        return CountingHasher.calls

    with override_settings(
        PASSWORD_HASHERS=["tests.members.test_equal_work.CountingHasher"]
    ):
        yield count


def test_signup_hashes_as_much_for_a_registered_address_as_for_a_new_one(
    client, home, hashes, django_capture_on_commit_callbacks
):
    make_consent_page(home)
    make_member(email="known@example.org")

    def sign_up(email):
        def post():
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(
                    reverse("account_signup"), signup_data(email=email)
                )
            assert response.status_code == 302

        return post

    known = hashes(sign_up("known@example.org"))
    new = hashes(sign_up("new@example.org"))
    assert new >= 1
    assert known == new


def test_login_hashes_as_much_for_an_unknown_address_as_for_a_known_one(
    client, home, hashes
):
    make_member(email="known@example.org")

    def log_in(email):
        def post():
            response = client.post(
                reverse("account_login"), {"login": email, "password": "wrong-1"}
            )
            assert response.status_code == 200

        return post

    known = hashes(log_in("known@example.org"))
    unknown = hashes(log_in("nobody@example.org"))
    assert known >= 1
    assert known == unknown
