"""Staff see stored outgoing e-mail in the admin and send failed ones again."""

from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail as django_mail
from django.db import transaction
from django.urls import reverse
from wagtail.models import ModelLogEntry

from core.mail import send_mail
from core.models import OutgoingMail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PREFIX = "account/email/unknown_account"


def store_mail(to, *, fail=False):
    context = {"email": to, "signup_url": "https://x.example/s/"}
    with transaction.atomic():
        stored = send_mail(to=to, template_prefix=PREFIX, context=context)
    if fail:
        with mock.patch(
            "django.core.mail.EmailMultiAlternatives.send",
            side_effect=ConnectionRefusedError("smtp down"),
        ):
            from core.mail import deliver

            deliver(stored.pk)
    return stored


def staff_with(*codenames):
    user = UserFactory(is_staff=True)
    group = Group.objects.create(name="mail-" + "-".join(codenames))
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="core", codename__in=codenames
        ),
    )
    user.groups.add(group)
    return user


@pytest.fixture
def viewer(db):
    return staff_with("view_outgoingmail")


@pytest.fixture
def operator(db):
    return staff_with("view_outgoingmail", "change_outgoingmail")


def test_staff_see_status_attempts_and_error(client, home, viewer):
    failed = store_mail("failed@example.org", fail=True)
    client.force_login(viewer)
    html = client.get(reverse("outgoing_mail:index")).content.decode()
    assert "failed@example.org" in html
    assert "Не отправлено" in html and "smtp down" in html
    detail = client.get(reverse("outgoing_mail:inspect", args=[failed.pk]))
    text = detail.content.decode()
    assert "ConnectionRefusedError: smtp down" in text
    assert "https://x.example/s/" not in text  # the body (with its links) never shows


def test_people_without_the_permission_do_not_see_mail(client, home):
    store_mail("someone@example.org")
    client.force_login(staff_with())
    response = client.get(reverse("outgoing_mail:index"))
    assert response.status_code == 302
    assert "someone@example.org" not in response.content.decode()


def test_mail_cannot_be_added_or_edited_in_the_admin(client, home, operator):
    stored = store_mail("someone@example.org")
    client.force_login(operator)
    index = client.get(reverse("outgoing_mail:index")).content.decode()
    assert "/admin/outgoing-mail/add/" not in index
    assert client.get(f"/admin/outgoing-mail/edit/{stored.pk}/").status_code == 404


def test_failed_mail_offers_send_again_and_sends_it(
    client, home, operator, django_capture_on_commit_callbacks
):
    failed = store_mail("failed@example.org", fail=True)
    client.force_login(operator)
    detail = client.get(reverse("outgoing_mail:inspect", args=[failed.pk]))
    url = reverse("outgoing_mail:resend", args=[failed.pk])
    assert url in detail.content.decode()
    django_mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == OutgoingMail.Status.SENT and failed.attempts == 2
    assert [m.to for m in django_mail.outbox] == [["failed@example.org"]]
    entry = ModelLogEntry.objects.get(action="core.mail.resent")
    assert entry.user == operator


def test_viewers_without_the_change_permission_cannot_resend(
    client, home, viewer, django_capture_on_commit_callbacks
):
    failed = store_mail("failed@example.org", fail=True)
    client.force_login(viewer)
    url = reverse("outgoing_mail:resend", args=[failed.pk])
    detail = client.get(reverse("outgoing_mail:inspect", args=[failed.pk]))
    assert url not in detail.content.decode()
    django_mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    # Wagtail answers a refused admin action with its dashboard and a message.
    assert response.url == reverse("wagtailadmin_home")
    failed.refresh_from_db()
    assert failed.status == OutgoingMail.Status.FAILED and django_mail.outbox == []


def test_a_sent_mail_is_not_offered_or_sent_again(
    client, home, operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = store_mail("sent@example.org")
    client.force_login(operator)
    url = reverse("outgoing_mail:resend", args=[sent.pk])
    detail = client.get(reverse("outgoing_mail:inspect", args=[sent.pk]))
    assert url not in detail.content.decode()
    django_mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Повторно отправить можно только письмо" in response.content.decode()
    assert django_mail.outbox == []


def test_the_listing_costs_the_same_queries_for_many_mails(
    client, home, viewer, django_assert_max_num_queries
):
    client.force_login(viewer)
    store_mail("one@example.org")
    client.get(reverse("outgoing_mail:index"))  # warm caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("outgoing_mail:index"))
    for number in range(60):
        store_mail(f"person{number}@example.org")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("outgoing_mail:index"))
    assert len(many) == len(few)
