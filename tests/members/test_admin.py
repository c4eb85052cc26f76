"""Staff: the people listing in the Wagtail admin, its detail view and actions."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from members.models import AuditEntry, MemberProfile
from tests.factories import UserFactory
from tests.members.factories import code_of, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(home):
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def people(home):
    return [
        make_member(
            email="alice@example.org", last_name="Алисова", phone="+79001112233"
        ),
        make_member(
            email="bob@example.org",
            last_name="Бобров",
            phone="+74950001122",
            verified=False,
        ),
    ]


def listing(client, **params):
    return client.get(reverse("people:index"), params).content.decode()


def test_listing_search_by_name_email_code_phone(client, staff, people):
    alice, bob = people
    client.force_login(staff)
    assert "Алисова" in listing(client) and "Бобров" in listing(client)
    for query in (
        "Алисова",
        "alice@",
        code_of(alice).display.lower(),
        "8 900 111-22-33",
    ):
        html = listing(client, q=query)
        assert "Алисова" in html and "Бобров" not in html, query


def test_listing_filters(client, staff, people):
    client.force_login(staff)
    html = listing(client, verified="true")
    assert "Алисова" in html and "Бобров" not in html
    html = listing(client, verified="false")
    assert "Бобров" in html and "Алисова" not in html
    assert "Алисова" in listing(client, city="Моск")
    assert "Алисова" not in listing(client, city="Омск")


def test_export_csv(client, staff, people):
    client.force_login(staff)
    response = client.get(reverse("people:index"), {"export": "csv"})
    content = b"".join(response.streaming_content).decode()
    assert "Алисова" in content and code_of(people[0]).display in content
    assert "+79001112233" in content


def test_detail_and_regenerate_code_is_audited(
    client, staff, people, django_capture_on_commit_callbacks
):
    alice = people[0]
    old = code_of(alice)
    profile = MemberProfile.objects.get(user=alice)
    client.force_login(staff)
    html = client.get(reverse("people:inspect", args=[profile.pk])).content.decode()
    assert old.display in html and "alice@example.org" in html
    url = reverse("people:regenerate_code", args=[profile.pk])
    assert old.display in client.get(url).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"code": old.code})
    new = code_of(alice)
    assert new.code != old.code and new.qr_token != old.qr_token
    entry = AuditEntry.objects.get(action="personal_code.regenerated")
    assert entry.actor == staff and entry.target_user == alice
    assert entry.data == {"old_code": old.code, "new_code": new.code}
    assert new.display in mail.outbox[0].body


def test_resend_activation(client, staff, people, django_capture_on_commit_callbacks):
    bob = people[1]
    profile = MemberProfile.objects.get(user=bob)
    client.force_login(staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:resend_activation", args=[profile.pk]))
    assert mail.outbox[0].to == ["bob@example.org"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    assert AuditEntry.objects.filter(
        action="member.activation_resent", actor=staff, target_user=bob
    ).exists()


def test_members_cannot_reach_staff_screens_or_actions(client, people):
    alice, bob = people
    client.force_login(alice)
    profile = MemberProfile.objects.get(user=bob)
    old = code_of(alice)
    assert client.get(reverse("people:index")).status_code in (302, 403)
    response = client.post(
        reverse(
            "people:regenerate_code", args=[MemberProfile.objects.get(user=alice).pk]
        )
    )
    assert response.status_code in (302, 403)
    assert code_of(alice).code == old.code
    response = client.post(reverse("people:resend_activation", args=[profile.pk]))
    assert response.status_code in (302, 403)


def test_staff_without_permission_cannot_regenerate(client, people, home):
    editor = UserFactory(email="editor@example.org", is_staff=True)
    editor.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_memberprofile"),
    )
    alice = people[0]
    old = code_of(alice)
    client.force_login(editor)
    assert client.get(reverse("people:index")).status_code == 200
    url = reverse(
        "people:regenerate_code", args=[MemberProfile.objects.get(user=alice).pk]
    )
    assert client.post(url).status_code in (302, 403)
    assert code_of(alice).code == old.code
    assert not AuditEntry.objects.filter(action="personal_code.regenerated").exists()


def test_export_csv_neutralises_spreadsheet_formulas(client, staff, home):
    make_member(
        email="evil@example.org",
        last_name='=HYPERLINK("http://x")',
        first_name="+SUM(A1)",
        patronymic="@cmd",
    )
    MemberProfile.objects.filter(user__email="evil@example.org").update(
        city="-2+3", workplace="\tTAB", position="\rCR"
    )
    client.force_login(staff)
    response = client.get(reverse("people:index"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    row = next(r for r in rows if "evil@example.org" in r)
    for value in ('=HYPERLINK("http://x")', "+SUM(A1)", "@cmd", "-2+3"):
        assert "'" + value in row, value
    assert "'\tTAB" in row and "'\rCR" in row
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in row[:4])
    assert "+79001234567" in row  # our own normalised phone stays a phone number


def _regenerate(client, profile, shown):
    return client.post(
        reverse("people:regenerate_code", args=[profile.pk]),
        {"code": shown},
        follow=True,
    )


def test_regenerate_twice_with_the_same_shown_code_changes_once(
    client, staff, people, django_capture_on_commit_callbacks
):
    alice = people[0]
    old = code_of(alice)
    profile = MemberProfile.objects.get(user=alice)
    client.force_login(staff)
    page = client.get(reverse("people:regenerate_code", args=[profile.pk]))
    assert f'name="code" value="{old.code}"' in page.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _regenerate(client, profile, old.code)
    with django_capture_on_commit_callbacks(execute=True):
        second = _regenerate(client, profile, old.code)
    new = code_of(alice)
    assert new.code != old.code
    assert AuditEntry.objects.filter(action="personal_code.regenerated").count() == 1
    assert len(mail.outbox) == 1 and new.display in mail.outbox[0].body
    assert "Код уже заменён" in second.content.decode()


def test_regenerate_without_the_shown_code_changes_nothing(client, staff, people):
    alice = people[0]
    old = code_of(alice)
    profile = MemberProfile.objects.get(user=alice)
    client.force_login(staff)
    client.post(reverse("people:regenerate_code", args=[profile.pk]))
    assert code_of(alice).code == old.code
    assert not AuditEntry.objects.filter(action="personal_code.regenerated").exists()


def test_regenerate_retries_when_the_new_code_collides(
    staff, people, monkeypatch, django_capture_on_commit_callbacks
):
    from members import codes, services

    alice, bob = people[0], make_member(email="carol@example.org")
    old, taken = code_of(alice), code_of(bob)
    fresh = "Z" * codes.CODE_LENGTH
    # A concurrent regeneration took the code between the check and the save.
    draws = iter([taken.code, fresh])
    monkeypatch.setattr(
        codes, "generate_unique_code", lambda is_taken, attempts=20: next(draws)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.personal_code_regenerate(
            personal_code=old, expected_code=old.code, actor=staff
        )
    assert code_of(alice).code == fresh
    assert code_of(bob).code == taken.code
    entry = AuditEntry.objects.get(action="personal_code.regenerated")
    assert entry.data == {"old_code": old.code, "new_code": fresh}
