import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.members.factories import make_consent_page, signup_data

pytestmark = pytest.mark.django_db(transaction=False)


def test_smoke(client, home, django_capture_on_commit_callbacks):
    make_consent_page(home)
    r = client.get(reverse("account_signup"))
    assert r.status_code == 200, r.content
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("account_signup"), signup_data())
    print(r.status_code, r.get("Location"))
    assert r.status_code == 302, r.content.decode()[:3000]
    print(mail.outbox[0].subject, mail.outbox[0].body)
    url = re.search(
        r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body
    ).group(0)
    r = client.get(url)
    assert r.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url)
    print(r.status_code, r.get("Location"))
    print(mail.outbox[-1].subject, mail.outbox[-1].body)
    r = client.post(
        reverse("account_login"),
        {"login": "new.doctor@example.org", "password": "Uro-logy-2025!x"},
    )
    print(r.status_code, r.get("Location"))
    for name in [
        "members:index",
        "members:profile",
        "members:profile_edit",
        "members:code",
        "members:code_print",
        "account_email",
        "account_change_password",
    ]:
        r = client.get(reverse(name))
        assert r.status_code == 200, (name, r.content.decode()[:2000])
