"""A new version of the consent text is asked for at the next login."""

import pytest
from django.urls import reverse

from members.models import Consent, ConsentPage
from members.services import consent_record
from tests.members.factories import make_consent_page, make_member

pytestmark = pytest.mark.django_db


def publish(page, version, body="<p>Новый текст согласия, редакция 2.</p>"):
    page = ConsentPage.objects.get(pk=page.pk)
    page.version = version
    page.body = body
    page.save_revision().publish()
    return ConsentPage.objects.get(pk=page.pk)


@pytest.fixture
def page(home):
    return make_consent_page(home)


@pytest.fixture
def member(page):
    user = make_member()
    consent_record(user=user, page=page)
    return user


def test_the_current_version_asks_nothing(client, member):
    client.force_login(member)
    assert client.get(reverse("members:index")).status_code == 200


def test_a_new_version_is_asked_for_at_the_next_login(client, member, page):
    publish(page, "2026-01")
    client.force_login(member)
    response = client.get(reverse("members:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:consent")
    response = client.get(reverse("privacy:consent"))
    assert "редакция 2" in response.content.decode()


def test_they_can_read_the_text_and_leave(client, member, page):
    page = publish(page, "2026-01")
    client.force_login(member)
    assert client.get(page.url).status_code == 200
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_accepting_records_the_new_version_and_lets_them_in(client, member, page):
    page = publish(page, "2026-01")
    client.force_login(member)
    response = client.post(reverse("privacy:consent"), {"accept": "on"})
    assert response.status_code == 302
    latest = Consent.objects.filter(user=member).order_by("-pk").first()
    assert latest.version.startswith("2026-01 (rev.")
    assert client.get(reverse("members:index")).status_code == 200


def test_without_the_tick_nothing_is_recorded(client, member, page):
    publish(page, "2026-01")
    client.force_login(member)
    response = client.post(reverse("privacy:consent"), {})
    assert response.status_code == 400
    assert Consent.objects.filter(user=member).count() == 1


def test_republishing_the_same_version_asks_nobody(client, member, page):
    publish(page, page.version, body="<p>Опечатка исправлена.</p>")
    client.force_login(member)
    assert client.get(reverse("members:index")).status_code == 200


def test_accounts_that_never_consented_are_not_asked(client, page):
    publish(page, "2026-01")
    client.force_login(make_member())
    assert client.get(reverse("members:index")).status_code == 200
