"""Staff screens: the event's hub, generating, exporting, printing, revoking,
adjusting, the check-in rule and the organiser's report, each behind its right."""

import io

import pytest
from openpyxl import load_workbook

from credits.models import (
    CreditCode,
    CreditCodeStatus,
    CreditRecord,
    EventCreditPolicy,
)
from tests.credits.factories import (
    audit_count,
    credited_event,
    download_prepared,
    make_codes,
    make_staff,
)
from tests.members.factories import code_of, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(home):
    return credited_event(home, title="Школа урологов", credits=6)


@pytest.fixture
def staff(client):
    user = make_staff()
    client.force_login(user)
    return user


def hub(event):
    return f"/admin/credits/events/{event.pk}/"


def refused(response):
    """Wagtail's answer to a missing right: back to the dashboard with a message."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_staff_find_events_with_credits_in_the_admin_menu(client, staff, event):
    page = client.get("/admin/credits/").content.decode()
    assert hub(event) in page


def test_superuser_sees_the_hub_button_on_the_event_page(client, event):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert hub(event) in client.get(f"/admin/pages/{event.pk}/edit/").content.decode()


def test_generating_codes_from_the_hub(client, staff, event):
    response = client.post(
        f"{hub(event)}generate/", {"count": 25, "label": "день 1"}, follow=True
    )
    assert "25" in response.content.decode()
    assert CreditCode.objects.filter(event=event, label="день 1").count() == 25
    assert audit_count("credits.codes.generated") == 1


def test_staff_without_the_right_cannot_generate(client, event):
    client.force_login(make_staff(permissions=["view_creditcode"]))
    response = client.post(f"{hub(event)}generate/", {"count": 5})
    assert refused(response)
    assert CreditCode.objects.count() == 0


def test_members_cannot_open_the_hub(client, event):
    client.force_login(make_member())
    response = client.get(hub(event))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_csv_export_shows_who_used_which_code_and_when(
    client, staff, event, django_capture_on_commit_callbacks
):
    from credits import services

    first, _second = make_codes(event, 2)
    member = make_member(last_name="Орлов", first_name="Пётр", patronymic="")
    services.credit_code_redeem(user=member, raw_code=first.code)
    text = download_prepared(
        client,
        f"/admin/credits/batches/{first.batch_id}/codes.csv",
        django_capture_on_commit_callbacks,
    ).decode("utf-8-sig")
    assert first.display in text
    assert "Орлов Пётр" in text
    assert text.count("\n") == 3


def test_printable_cards_are_a_pdf_of_the_usable_codes(
    client, staff, event, django_capture_on_commit_callbacks
):
    from credits import services

    codes = make_codes(event, 3)
    services.credit_code_revoke(actor=staff, code=codes[0])
    content = download_prepared(
        client,
        f"/admin/credits/batches/{codes[0].batch_id}/cards.pdf",
        django_capture_on_commit_callbacks,
    )
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert codes[1].display in text and codes[0].display not in text


def test_printable_cards_are_prepared_in_russian(
    client, staff, event, django_capture_on_commit_callbacks
):
    codes = make_codes(event, 1)
    content = download_prepared(
        client,
        f"/admin/credits/batches/{codes[0].batch_id}/cards.pdf",
        django_capture_on_commit_callbacks,
    )
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Школа урологов" in text


def test_the_cards_button_asks_for_the_file_instead_of_building_it(
    client, staff, event
):
    codes = make_codes(event, 1)
    response = client.get(f"/admin/credits/batches/{codes[0].batch_id}/cards.pdf")
    assert response.status_code == 405


def test_the_hub_buttons_post_to_prepare_the_files(client, staff, event):
    codes = make_codes(event, 1)
    page = client.get(hub(event)).content.decode()
    assert (
        f'<form method="post" action="/admin/credits/batches/{codes[0].batch_id}'
        '/cards.pdf"' in page
    )


def test_revoking_a_code_asks_first_then_revokes(client, staff, event):
    code = make_codes(event, 1)[0]
    url = f"/admin/credits/codes/{code.pk}/revoke/"
    assert client.get(url).status_code == 200
    code.refresh_from_db()
    assert code.status == CreditCodeStatus.ACTIVE
    client.post(url)
    code.refresh_from_db()
    assert code.status == CreditCodeStatus.REVOKED


def test_revoking_needs_its_right(client, event):
    code = make_codes(event, 1)[0]
    client.force_login(make_staff(permissions=["view_creditcode"]))
    assert refused(client.post(f"/admin/credits/codes/{code.pk}/revoke/"))
    assert refused(client.post(f"/admin/credits/batches/{code.batch_id}/revoke/"))
    code.refresh_from_db()
    assert code.status == CreditCodeStatus.ACTIVE


def test_revoking_a_batch_keeps_used_codes(client, staff, event):
    from credits import services

    codes = make_codes(event, 3)
    services.credit_code_redeem(user=make_member(), raw_code=codes[0].code)
    client.post(f"/admin/credits/batches/{codes[0].batch_id}/revoke/")
    statuses = list(CreditCode.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["used", "revoked", "revoked"]


def test_adjustment_with_a_reason_is_recorded_and_audited(client, staff, event):
    member = make_member()
    client.post(
        f"{hub(event)}adjust/",
        {
            "member_code": code_of(member).display,
            "credits": "4.5",
            "reason": "Потерял код",
        },
    )
    record = CreditRecord.objects.get(user=member, event=event)
    assert (str(record.credits), record.source, record.reason) == (
        "4.50",
        "adjustment",
        "Потерял код",
    )
    assert audit_count("credits.record.adjusted") == 1


def test_adjustment_needs_its_right_and_a_reason(client, event):
    member = make_member()
    client.force_login(make_staff(permissions=["view_creditrecord"]))
    response = client.post(
        f"{hub(event)}adjust/",
        {"member_code": code_of(member).code, "credits": "4", "reason": "x"},
    )
    assert refused(response)
    client.force_login(make_staff())
    client.post(
        f"{hub(event)}adjust/",
        {"member_code": code_of(member).code, "credits": "4", "reason": "  "},
    )
    assert not CreditRecord.objects.filter(user=member).exists()


def test_check_in_rule_is_set_by_staff_with_the_right(client, event):
    client.force_login(make_staff(permissions=["view_creditcode"]))
    assert refused(
        client.post(f"{hub(event)}policy/", {"checkin_grants_credits": "on"})
    )
    assert not EventCreditPolicy.objects.filter(event=event).exists()
    client.force_login(make_staff())
    client.post(f"{hub(event)}policy/", {"checkin_grants_credits": "on"})
    assert EventCreditPolicy.objects.get(event=event).checkin_grants_credits


def test_report_in_the_admin_and_as_csv_and_xlsx(
    client, staff, event, django_capture_on_commit_callbacks
):
    from credits import services

    codes = make_codes(event, 4)
    member = make_member(last_name="Орлов")
    services.credit_code_redeem(user=member, raw_code=codes[0].code)
    services.credit_code_revoke(actor=staff, code=codes[1])
    page = client.get(hub(event)).content.decode()
    assert "<th>Выпущено кодов</th><td>4</td>" in page
    capture = django_capture_on_commit_callbacks
    csv_text = download_prepared(client, f"{hub(event)}report.csv", capture).decode(
        "utf-8-sig"
    )
    assert "Орлов" in csv_text
    xlsx = download_prepared(client, f"{hub(event)}report.xlsx", capture)
    rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
    figures = {row[0]: row[1] for row in rows[2:12]}
    assert list(figures.values())[:4] == [4, 1, 1, 2]
    assert any(row and row[0] == "Орлов" for row in rows)


def test_code_listing_finds_a_code_typed_any_way(client, staff, event):
    code = make_codes(event, 3)[0]
    response = client.get("/admin/credits/codes/", {"q": code.display.lower()})
    page = response.content.decode()
    assert code.display in page


def test_listings_need_their_view_right(client, event):
    client.force_login(make_staff(permissions=["check_in_attendees"]))
    assert refused(client.get("/admin/credits/codes/"))
    assert refused(client.get("/admin/credits/records/"))
    assert refused(client.get("/admin/credits/"))
