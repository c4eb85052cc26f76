"""Staff: the people listing in the Wagtail admin, its detail view and actions."""

import codecs
import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from core.audit import entries_for_user
from core.time import format_datetime, local_today
from members import services
from members.models import MemberProfile
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


def export_csv_rows(client):
    """The CSV as Russian-locale Excel reads it: UTF-8 with a BOM, `;` between."""
    response = client.get(reverse("people:index"), {"export": "csv"})
    raw = b"".join(response.streaming_content)
    assert raw.startswith(codecs.BOM_UTF8)
    text = raw[len(codecs.BOM_UTF8) :].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_export_csv(client, staff, people):
    client.force_login(staff)
    rows = export_csv_rows(client)
    content = "\n".join(";".join(row) for row in rows)
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
    entry = ModelLogEntry.objects.get(action="members.personal_code.regenerated")
    assert entry.user == staff and entry.data["target_user"] == str(alice.pk)
    assert (entry.data["old_code"], entry.data["new_code"]) == (old.code, new.code)
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
    assert (
        entries_for_user(bob)
        .filter(action="members.member.activation_resent", user=staff)
        .exists()
    )


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
    rows = export_csv_rows(client)
    row = next(r for r in rows if "evil@example.org" in r)
    for value in ('=HYPERLINK("http://x")', "+SUM(A1)", "@cmd", "-2+3"):
        assert "'" + value in row, value
    assert "'\tTAB" in row and "'\rCR" in row
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in row[:4])
    assert "+79001234567" in row  # our own normalised phone stays a phone number


def test_export_csv_neutralises_a_formula_after_a_comma(client, staff, home):
    """Excel with a comma list separator splits the «;» file's cells at commas too."""
    make_member(email="comma@example.org", last_name='Иванов,=WEBSERVICE("x")')
    client.force_login(staff)
    rows = export_csv_rows(client)
    row = next(r for r in rows if "comma@example.org" in r)
    assert 'Иванов,\'=WEBSERVICE("x")' in row


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
    assert (
        ModelLogEntry.objects.filter(action="members.personal_code.regenerated").count()
        == 1
    )
    assert len(mail.outbox) == 1 and new.display in mail.outbox[0].body
    assert "Код уже заменён" in second.content.decode()


def test_regenerate_without_the_shown_code_changes_nothing(client, staff, people):
    alice = people[0]
    old = code_of(alice)
    profile = MemberProfile.objects.get(user=alice)
    client.force_login(staff)
    client.post(reverse("people:regenerate_code", args=[profile.pk]))
    assert code_of(alice).code == old.code
    assert not ModelLogEntry.objects.filter(
        action="members.personal_code.regenerated"
    ).exists()


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
    entry = ModelLogEntry.objects.get(action="members.personal_code.regenerated")
    assert (entry.data["old_code"], entry.data["new_code"]) == (old.code, fresh)


KNOWN_UTC = datetime.datetime(2026, 11, 22, 4, 24, tzinfo=datetime.UTC)
KNOWN_MOSCOW = "22.11.2026 07:24"


def detail(client, user):
    profile = MemberProfile.objects.get(user=user)
    return client.get(reverse("people:inspect", args=[profile.pk])).content.decode()


def test_listing_name_links_to_the_detail_view(client, staff, people):
    client.force_login(staff)
    html = listing(client)
    alice = MemberProfile.objects.get(user=people[0])
    url = reverse("people:inspect", args=[alice.pk])
    assert f'href="{url}"' in html
    assert client.get(url).status_code == 200


def test_listing_labels_are_russian_and_consistent(client, staff, people):
    client.force_login(staff)
    html = listing(client)
    assert "ФИО" in html and "Название" not in html
    assert "<title>Участники" in html and "Анкеты участников" not in html
    assert "Люди" not in html
    # Only the unconfirmed address says so, in Russian.
    assert html.count("не подтверждён") == 1
    assert "True" not in html and "False" not in html
    assert "+7 (900) 111-22-33" in html


def test_detail_shows_the_phone_as_the_listing_does(client, staff, people):
    client.force_login(staff)
    html = detail(client, people[0])
    assert "+7 (900) 111-22-33" in html and "+79001112233" not in html
    assert "ФИО" in html and "Участники" in html


def test_export_csv_for_russian_excel(client, staff, people):
    alice, bob = people
    MemberProfile.objects.filter(user=alice).update(created_at=KNOWN_UTC)
    client.force_login(staff)
    response = client.get(reverse("people:index"), {"export": "csv"})
    today = local_today()
    assert f'filename="people-{today:%Y-%m-%d}.csv"' in response["Content-Disposition"]
    rows = export_csv_rows(client)
    header = rows[0]
    assert header[0] == "Фамилия" and len(header) == 13
    by_email = {row[3]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_email["alice@example.org"]["E-mail подтверждён"] == "да"
    assert by_email["bob@example.org"]["E-mail подтверждён"] == "нет"
    assert by_email["alice@example.org"]["Зарегистрирован"] == KNOWN_MOSCOW


def test_export_xlsx_shows_moscow_times(client, staff, people):
    from openpyxl import load_workbook

    MemberProfile.objects.filter(user=people[0]).update(created_at=KNOWN_UTC)
    client.force_login(staff)
    response = client.get(reverse("people:index"), {"export": "xlsx"})
    today = local_today()
    assert f"people-{today:%Y-%m-%d}.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    alice = next(row for row in rows if "alice@example.org" in row)
    assert datetime.datetime(2026, 11, 22, 7, 24) in alice
    assert "да" in alice


def test_detail_renders_every_time_in_moscow(client, staff, people):
    alice = people[0]
    MemberProfile.objects.filter(user=alice).update(
        created_at=KNOWN_UTC, updated_at=KNOWN_UTC
    )
    code_of(alice).__class__.objects.filter(user=alice).update(
        issued_at=KNOWN_UTC, mail_sent_at=KNOWN_UTC
    )
    alice.consents.update(created_at=KNOWN_UTC)
    ModelLogEntry.objects.filter(pk__in=entries_for_user(alice).values("pk")).update(
        timestamp=KNOWN_UTC
    )
    client.force_login(staff)
    html = detail(client, alice)
    assert html.count(KNOWN_MOSCOW) >= 5
    assert "4:24" not in html and "04:24" not in html


def test_regenerate_mails_a_replacement_notice(
    client, staff, people, django_capture_on_commit_callbacks
):
    alice = people[0]
    old = code_of(alice)
    profile = MemberProfile.objects.get(user=alice)
    client.force_login(staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _regenerate(client, profile, old.code)
    new = code_of(alice)
    [message] = mail.outbox
    assert "персональный код заменён" in message.subject
    body = message.body
    assert "Сотрудники общества заменили ваш персональный код" in body
    assert new.display in body and old.display in body
    assert "больше не действуют" in body
    assert reverse("members:code_print") in body
    assert "активирован" not in body
    html = message.alternatives[0][0]
    assert new.display in html and old.display in html
    assert reverse("members:code_print") in html and "активирован" not in html


def test_regenerate_updates_the_issue_date_shown(
    client, staff, people, django_capture_on_commit_callbacks
):
    alice = people[0]
    old = code_of(alice)
    old.__class__.objects.filter(pk=old.pk).update(
        issued_at=KNOWN_UTC, mail_sent_at=KNOWN_UTC
    )
    profile = MemberProfile.objects.get(user=alice)
    client.force_login(staff)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        _regenerate(client, profile, old.code)
    new = code_of(alice)
    assert new.issued_at >= before and new.mail_sent_at >= before
    html = detail(client, alice)
    assert f"выдан {format_datetime(new.issued_at)}" in html
    assert KNOWN_MOSCOW not in html.split("Адреса e-mail")[0].split("Персональный")[1]


def test_history_speaks_russian(
    client, staff, people, django_capture_on_commit_callbacks
):
    alice = people[0]
    old = code_of(alice)
    profile = MemberProfile.objects.get(user=alice)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        _regenerate(client, profile, old.code)
    services.profile_update(
        user=alice, data={"phone": "+79005556677", "city": "Тверь"}, actor=alice
    )
    new = code_of(alice)
    html = detail(client, alice)
    assert "Персональный код заменён сотрудником" in html
    assert f"Код заменён: {old.display} → {new.display}" in html
    assert "Анкета изменена" in html and "Поля: телефон, город или регион" in html
    assert "Выдан персональный код" in html
    for raw in (
        "personal_code.regenerated",
        "profile.updated",
        "target_user",
        "{&#x27;",
        "{'",
    ):
        assert raw not in html, raw


def test_resend_activation_is_offered_only_before_confirmation(
    client, staff, people, django_capture_on_commit_callbacks
):
    alice, bob = people
    client.force_login(staff)
    assert "Отправить письмо активации ещё раз" not in detail(client, alice)
    assert "Отправить письмо активации ещё раз" in detail(client, bob)
    # The action itself still refuses a confirmed address.
    profile = MemberProfile.objects.get(user=alice)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:resend_activation", args=[profile.pk]), follow=True
        )
    assert "уже подтверждён" in response.content.decode()
    assert mail.outbox == []


def test_admin_login_page_labels_are_russian(client, home):
    page = client.get(reverse("wagtailadmin_login")).content.decode()
    labels = re.findall(r"<label[^>]*>\s*([^<*]+?)\s*(?:<|\*)", page)
    assert labels[:2] == ["Адрес e-mail", "Пароль"]
