"""The НМО code wallet: import, hand-out (one each), mark entered, reminders."""

import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from credits import nmo_import, services
from credits.errors import CreditsError
from credits.models import NmoCode
from tests.credits.factories import (
    credited_event,
    give_credits,
    make_codes,
    make_nmo_codes,
    make_staff,
)
from tests.members.factories import code_of, make_member

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2030, 1, 31)


@pytest.fixture
def event(home):
    return credited_event(home)


def upload(name, content):
    return SimpleUploadedFile(name, content)


def xlsx(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading files ----------------------------------------------------------------------


def test_csv_with_a_code_column_is_read():
    content = "ФИО;Код\nИванов;ABCD-1234-EF\nПетров;QWER-5678-TY\n".encode()
    assert nmo_import.read_codes(upload("codes.csv", content)) == [
        "ABCD-1234-EF",
        "QWER-5678-TY",
    ]


def test_windows_1251_csv_is_read():
    content = "Код,Примечание\nABCD-1234-EF,день 1\n".encode("cp1251")
    assert nmo_import.read_codes(upload("codes.csv", content)) == ["ABCD-1234-EF"]


def test_xlsx_is_read():
    content = xlsx([["ИКП"], ["ABCD-1234-EF"], [None], ["QWER-5678-TY"]])
    assert nmo_import.read_codes(upload("codes.xlsx", content)) == [
        "ABCD-1234-EF",
        "QWER-5678-TY",
    ]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("codes.csv", "Фамилия;Имя\nИванов;Иван\n".encode(), "«Код»"),
        ("codes.csv", b"Code\nAB\n", "— не код"),
        ("codes.csv", b"Code\n<script>\n", "— не код"),
        ("codes.csv", b"Code\nABCD-1234\nABCD-1234\n", "повторяет строку 2"),
        ("codes.csv", b"", "пуст"),
        ("codes.csv", b"Code\n", "нет кодов"),
        ("codes.txt", b"Code\nABCD-1234\n", "CSV или XLSX"),
        ("codes.xlsx", b"Code\nABCD-1234\n", "не файл XLSX"),
        ("codes.xlsx", b"PK\x03\x04broken", "повреждён"),
    ],
)
def test_malformed_files_get_a_clear_message(name, content, expected):
    with pytest.raises(nmo_import.ImportProblem) as caught:
        nmo_import.read_codes(upload(name, content))
    assert expected in " ".join(str(p) for p in caught.value.problems)


def test_an_xlsx_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * 60_000_000)
    with pytest.raises(nmo_import.ImportProblem) as caught:
        nmo_import.read_codes(upload("bomb.xlsx", buffer.getvalue()))
    assert "слишком большой объём" in str(caught.value)


def test_too_many_rows_are_refused():
    content = "Код\n" + "\n".join(f"CODE-{n:06d}" for n in range(20_002))
    with pytest.raises(nmo_import.ImportProblem) as caught:
        nmo_import.read_codes(upload("codes.csv", content.encode()))
    assert "больше 20000 строк" in str(caught.value)


def test_too_large_a_file_is_refused():
    big = upload("codes.csv", b"Code\n" + b"A" * (2 * 1024 * 1024))
    with pytest.raises(nmo_import.ImportProblem):
        nmo_import.read_codes(big)


# --- import and hand-out -------------------------------------------------------------------


def test_import_hands_one_code_to_each_attendee_and_keeps_the_rest(event):
    credited, checked_in, stranger = make_member(), make_member(), make_member()
    give_credits(credited, event)
    services.checkin_record(
        actor=make_staff(permissions=["check_in_attendees"]),
        event=event,
        member=checked_in,
    )
    _source, handed = services.nmo_codes_import(
        actor=make_staff(),
        event=event,
        codes=["AAAA-0001", "AAAA-0002", "AAAA-0003"],
        file_name="codes.csv",
        deadline=DEADLINE,
    )
    assert handed == 2
    holders = set(
        NmoCode.objects.exclude(assigned_to=None).values_list("assigned_to", flat=True)
    )
    assert holders == {credited.pk, checked_in.pk}
    assert stranger.pk not in holders
    # importing again (new codes) gives nobody a second one
    _source, handed = services.nmo_codes_import(
        actor=make_staff(),
        event=event,
        codes=["AAAA-0004"],
        file_name="more.csv",
        deadline=DEADLINE,
    )
    assert handed == 0


def test_duplicates_of_earlier_imports_are_refused_whole(event):
    staff = make_staff()
    services.nmo_codes_import(
        actor=staff,
        event=event,
        codes=["AAAA-0001"],
        file_name="a.csv",
        deadline=DEADLINE,
    )
    with pytest.raises(CreditsError) as caught:
        services.nmo_codes_import(
            actor=staff,
            event=event,
            codes=["AAAA-0002", "AAAA-0001"],
            file_name="b.csv",
            deadline=DEADLINE,
        )
    assert "AAAA-0001" in str(caught.value.message)
    assert NmoCode.objects.count() == 1


def test_import_needs_the_permission(event):
    with pytest.raises(CreditsError):
        services.nmo_codes_import(
            actor=make_staff(permissions=["view_nmocode"]),
            event=event,
            codes=["AAAA-0001"],
            file_name="a.csv",
            deadline=DEADLINE,
        )
    assert NmoCode.objects.count() == 0


def test_redeeming_a_code_hands_out_an_nmo_code_once(event):
    make_nmo_codes(event, ["AAAA-0001", "AAAA-0002"])
    member = make_member()
    first, second = make_codes(event, 2)
    services.credit_code_redeem(user=member, raw_code=first.code)
    with pytest.raises(CreditsError):
        services.credit_code_redeem(user=member, raw_code=second.code)
    assert NmoCode.objects.filter(assigned_to=member).count() == 1


def test_an_empty_pool_gives_nothing_and_later_imports_catch_up(event):
    member = make_member()
    services.credit_code_redeem(user=member, raw_code=make_codes(event, 1)[0].code)
    assert not NmoCode.objects.filter(assigned_to=member).exists()
    services.nmo_codes_import(
        actor=make_staff(),
        event=event,
        codes=["AAAA-0001"],
        file_name="a.csv",
        deadline=DEADLINE,
    )
    assert NmoCode.objects.get(assigned_to=member).code == "AAAA-0001"


def test_upload_through_the_admin_reports_problems(client, event):
    client.force_login(make_staff())
    response = client.post(
        f"/admin/credits/events/{event.pk}/nmo/",
        {
            "file": upload("codes.csv", b"Code\nABCD-1234\nABCD-1234\n"),
            "deadline": "2030-01-31",
        },
        follow=True,
    )
    assert "повторяет строку 2" in response.content.decode()
    assert NmoCode.objects.count() == 0
    response = client.post(
        f"/admin/credits/events/{event.pk}/nmo/",
        {
            "file": upload("codes.xlsx", xlsx([["Код"], ["ABCD-1234"]])),
            "deadline": "2030-01-31",
        },
        follow=True,
    )
    assert NmoCode.objects.count() == 1


# --- reminders ---------------------------------------------------------------------------


def test_reminders_go_once_to_members_who_have_not_entered_their_code(
    event, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    soon, later = (
        today + datetime.timedelta(days=3),
        today + datetime.timedelta(days=30),
    )
    waiting, done, far = make_member(), make_member(), make_member()
    codes = make_nmo_codes(event, ["AAAA-0001", "AAAA-0002"], deadline=soon)
    codes += make_nmo_codes(event, ["AAAA-0003"], deadline=later)
    now = timezone.now()
    for code, user in zip(codes, (waiting, done, far), strict=True):
        NmoCode.objects.filter(pk=code.pk).update(assigned_to=user, assigned_at=now)
    NmoCode.objects.filter(pk=codes[1].pk).update(entered_at=now)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("credits_nmo_reminders", stdout=out)
    assert [m.to for m in mail.outbox] == [[waiting.email]]
    assert "AAAA-0001" in mail.outbox[0].body
    assert soon.strftime("%d.%m.%Y") in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        call_command("credits_nmo_reminders", stdout=out)
    assert len(mail.outbox) == 1


def test_personal_code_of_the_member_is_not_on_the_reminder(
    event, django_capture_on_commit_callbacks
):
    member = make_member()
    code = make_nmo_codes(event, ["AAAA-0001"], deadline=timezone.localdate())[0]
    NmoCode.objects.filter(pk=code.pk).update(
        assigned_to=member, assigned_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.nmo_reminders_send()
    assert code_of(member).code not in mail.outbox[0].body
