"""Account events that allauth handles end up in the person's history."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from wagtail.models import ModelLogEntry

from core.audit import audit_log, entries_for_user
from members.history import entry_details
from members.models import MemberProfile
from tests.factories import UserFactory
from tests.members.factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db


def actions(user):
    return list(entries_for_user(user).order_by("pk").values_list("action", flat=True))


def test_password_change_is_audited(client, home):
    member = make_member()
    client.force_login(member)
    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "Uro-logy-2025!new",
            "password2": "Uro-logy-2025!new",
        },
    )
    entry = ModelLogEntry.objects.get(action="members.account.password_changed")
    assert entry.user == member and entry.data["target_user"] == str(member.pk)
    assert entry.message == "Пароль изменён"


def test_email_change_request_cancel_and_confirmation_are_audited(
    client, home, django_capture_on_commit_callbacks
):
    member = make_member(email="old@example.org")
    client.force_login(member)
    client.post(
        reverse("account_email"), {"action_add": "", "email": "new@example.org"}
    )
    client.post(
        reverse("account_email"), {"action_remove": "", "email": "new@example.org"}
    )
    assert actions(member)[-2:] == [
        "members.account.email_added",
        "members.account.email_removed",
    ]

    client.post(
        reverse("account_email"), {"action_add": "", "email": "newer@example.org"}
    )
    address = EmailAddress.objects.get(email="newer@example.org")
    from allauth.account.models import EmailConfirmationHMAC

    key = EmailConfirmationHMAC(address).key
    client.post(reverse("account_confirm_email", args=[key]))
    member.refresh_from_db()
    assert member.email == "newer@example.org"
    assert actions(member)[-3:] == [
        "members.account.email_added",
        "members.account.email_confirmed",
        "members.account.email_changed",
    ]
    changed = ModelLogEntry.objects.get(action="members.account.email_changed")
    assert entry_details(changed.data) == "old@example.org → newer@example.org"


def test_staff_see_account_events_in_russian(client, home):
    member = make_member()
    staff = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    audit_log(
        action="members.account.email_added",
        actor=member,
        target_user=member,
        data={"email": "new@example.org"},
    )
    client.force_login(staff)
    profile = MemberProfile.objects.get(user=member)
    html = client.get(reverse("people:inspect", args=[profile.pk])).content.decode()
    assert "Запрошена смена e-mail" in html and "Адрес: new@example.org" in html
