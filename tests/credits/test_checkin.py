"""Door check-in: staff only, once per member and event, optionally with credits."""

import pytest
from django.utils import timezone

from credits.models import CheckIn, CreditRecord, EventCreditPolicy
from tests.credits.factories import audit_count, credited_event, make_staff
from tests.members.factories import code_of, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(home):
    return credited_event(home, credits=4)


def scan_url(event):
    return f"/credits/checkin/{event.pk}/scan/"


@pytest.fixture
def staff(client):
    user = make_staff(permissions=["check_in_attendees"], admin=False)
    client.force_login(user)
    return user


def test_scanning_the_personal_qr_records_attendance(client, staff, event):
    member = make_member(last_name="Петрова", first_name="Анна", patronymic="")
    response = client.post(scan_url(event), {"value": code_of(member).qr_token})
    data = response.json()
    assert data["status"] == "recorded"
    assert data["name"] == "Петрова Анна"
    assert data["code"] == code_of(member).display
    assert data["count"] == 1
    assert CheckIn.objects.filter(event=event, user=member).count() == 1
    assert audit_count("credits.checkin.recorded") == 1
    assert len(response.content) < 600  # one small answer per scan


def test_a_second_scan_says_when_and_records_nothing(client, staff, event):
    member = make_member()
    client.post(scan_url(event), {"value": code_of(member).qr_token})
    first = CheckIn.objects.get(user=member)
    data = client.post(scan_url(event), {"value": code_of(member).display}).json()
    time = timezone.localtime(first.checked_in_at).strftime("%H:%M")
    assert data["status"] == "already"
    assert time in data["message"]
    assert CheckIn.objects.filter(event=event, user=member).count() == 1
    assert audit_count("credits.checkin.recorded") == 1


def test_typing_the_personal_code_works_without_javascript(client, staff, event):
    member = make_member()
    typed = code_of(member).display.lower().replace("-", " ")
    page = client.post(
        f"/credits/checkin/{event.pk}/", {"value": typed}
    ).content.decode()
    assert member.get_full_name() in page
    assert CheckIn.objects.filter(event=event, user=member).exists()


def test_an_unknown_code_is_said_plainly(client, staff, event):
    data = client.post(scan_url(event), {"value": "ZZZZ-ZZZZ"}).json()
    assert data["status"] == "unknown"
    assert CheckIn.objects.count() == 0


def test_empty_or_huge_input_is_a_400_not_an_error(client, staff, event):
    assert client.post(scan_url(event), {"value": ""}).status_code == 400
    assert client.post(scan_url(event), {"value": "x" * 10_240}).status_code == 400
    assert CheckIn.objects.count() == 0


def test_members_without_the_check_in_right_get_403(client, event):
    member = make_member()
    client.force_login(make_member())
    response = client.post(scan_url(event), {"value": code_of(member).qr_token})
    assert response.status_code == 403
    assert client.get(f"/credits/checkin/{event.pk}/").status_code == 403
    assert CheckIn.objects.count() == 0


def test_other_staff_rights_do_not_allow_check_in(client, event):
    client.force_login(make_staff(permissions=["view_creditcode", "add_creditcode"]))
    member = make_member()
    response = client.post(scan_url(event), {"value": code_of(member).qr_token})
    assert response.status_code == 403
    assert CheckIn.objects.count() == 0


def test_anonymous_visitors_are_sent_to_login(client, event):
    response = client.get(f"/credits/checkin/{event.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_unpublished_event_has_no_check_in(client, staff, event):
    event.unpublish()
    member = make_member()
    response = client.post(scan_url(event), {"value": code_of(member).qr_token})
    assert response.status_code == 404
    assert CheckIn.objects.count() == 0


def test_check_in_gives_credits_only_when_the_event_says_so(client, staff, event):
    first, second = make_member(), make_member()
    client.post(scan_url(event), {"value": code_of(first).qr_token})
    assert not CreditRecord.objects.filter(user=first).exists()
    EventCreditPolicy.objects.create(event=event, checkin_grants_credits=True)
    data = client.post(scan_url(event), {"value": code_of(second).qr_token}).json()
    record = CreditRecord.objects.get(user=second)
    assert (record.credits, record.source) == (4, "checkin")
    assert data["credited"]


def test_check_in_after_a_redeemed_code_gives_no_second_credit(client, staff, event):
    member = make_member()
    EventCreditPolicy.objects.create(event=event, checkin_grants_credits=True)
    CreditRecord.objects.create(
        user=member,
        event=event,
        source="code",
        credits=4,
        earned_on=timezone.localdate(),
    )
    client.post(scan_url(event), {"value": code_of(member).qr_token})
    assert CreditRecord.objects.filter(user=member).count() == 1


def test_event_chooser_lists_current_events(client, staff, event):
    page = client.get("/credits/checkin/").content.decode()
    assert event.title in page
    assert f"/credits/checkin/{event.pk}/" in page
