"""Account events that allauth handles end up in the person's history."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from members.models import AuditEntry, MemberProfile
from tests.factories import UserFactory
from tests.members.factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db


def actions(user):
    return list(
        AuditEntry.objects.filter(target_user=user)
        .order_by("pk")
        .values_list("action", flat=True)
    )


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
    entry = AuditEntry.objects.get(action="account.password_changed")
    assert entry.actor == member and entry.target_user == member
    assert entry.action_label == "Пароль изменён"


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
    assert actions(member)[-2:] == ["account.email_added", "account.email_removed"]

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
        "account.email_added",
        "account.email_confirmed",
        "account.email_changed",
    ]
    changed = AuditEntry.objects.get(action="account.email_changed")
    assert changed.details_display == "old@example.org → newer@example.org"


def test_staff_see_account_events_in_russian(client, home):
    member = make_member()
    staff = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    AuditEntry.objects.create(
        action="account.email_added",
        actor=member,
        target_user=member,
        data={"email": "new@example.org"},
    )
    client.force_login(staff)
    profile = MemberProfile.objects.get(user=member)
    html = client.get(reverse("people:inspect", args=[profile.pk])).content.decode()
    assert "Запрошена смена e-mail" in html and "Адрес: new@example.org" in html
