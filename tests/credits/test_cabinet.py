"""The cabinet section «Баллы НМО» as a member uses it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from credits.models import CreditProfile, CreditRecord, NmoCode
from tests.credits.factories import (
    credited_event,
    give_credits,
    make_codes,
    make_nmo_codes,
)
from tests.members.factories import make_member

pytestmark = pytest.mark.django_db

URL = "/cabinet/credits/"


@pytest.fixture
def member(client):
    user = make_member()
    client.force_login(user)
    return user


@pytest.fixture
def event(home):
    return credited_event(home, credits=6)


def test_the_section_is_in_the_cabinet_menu(client, home, member):
    page = client.get("/cabinet/").content.decode()
    assert f'href="{URL}"' in page
    assert reverse("credits:cabinet") == URL


def test_a_printed_card_qr_leads_through_login_to_the_filled_form(client, event):
    code = make_codes(event, 1)[0]
    response = client.get(f"/C/{code.code}/")
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?code={code.display}"
    login = client.get(response["Location"])
    assert login.status_code == 302
    assert login["Location"].startswith("/accounts/login/?next=")
    member = make_member()
    client.force_login(member)
    page = client.get(response["Location"]).content.decode()
    assert f'value="{code.display}"' in page


def test_entering_a_code_credits_the_event_and_shows_it(client, member, event):
    code = make_codes(event, 1)[0]
    response = client.post(URL, {"code": code.display.lower()}, follow=True)
    page = response.content.decode()
    assert f"«{event.title}», 6 ЗЕТ" in page  # «Начислено: …»
    assert CreditRecord.objects.filter(user=member, event=event).count() == 1
    assert 'aria-valuenow="6"' in page


def test_a_wrong_code_says_so_next_to_the_field(client, member, event):
    response = client.post(URL, {"code": "ABCDE-FGHJK"})
    assert response.status_code == 200
    assert "field--error" in response.content.decode()
    assert CreditRecord.objects.count() == 0


@pytest.mark.parametrize(
    "typed", ["", "x" * 10_240, "<script>alert(1)</script>", "' OR 1=1 --", "\x00"]
)
def test_bad_input_is_a_clear_message_not_an_error(client, member, event, typed):
    response = client.post(URL, {"code": typed})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert CreditRecord.objects.count() == 0


def test_after_five_failures_the_page_says_when_to_try_again(client, member, event):
    for _ in range(5):
        client.post(URL, {"code": "ABCDE-FGHJK"})
    code = make_codes(event, 1)[0]
    page = client.post(URL, {"code": code.code}).content.decode()
    retry_at = timezone.localtime(timezone.now() + datetime.timedelta(minutes=15))
    assert retry_at.strftime("%H:") in page
    assert CreditRecord.objects.count() == 0


def test_anonymous_visitors_go_to_login(client, home):
    response = client.post(URL, {"code": "ABCDE-FGHJK"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_totals_per_year_and_the_cycle_the_member_sets(client, member, home):
    index_event = credited_event(home)
    today = timezone.localdate()
    give_credits(member, index_event, "12", earned_on=today)
    other = credited_event(index=index_event.get_parent().specific, title="Школа")
    give_credits(member, other, "1.5", earned_on=today.replace(year=today.year - 4))
    page = client.get(URL).content.decode()
    assert f"<span>{today.year}</span> <strong>12 ЗЕТ</strong>" in page
    assert f"<span>{today.year - 4}</span> <strong>1,5 ЗЕТ</strong>" in page
    assert 'aria-valuenow="13.5"' in page  # no cycle start: the last five years
    start = today.replace(year=today.year - 2)
    client.post("/cabinet/credits/cycle/", {"cycle_start": start.isoformat()})
    assert CreditProfile.objects.get(user=member).cycle_start == start
    page = client.get(URL).content.decode()
    assert 'aria-valuenow="12"' in page  # the older record is before the cycle
    assert start.strftime("%d.%m.%Y") in page


def test_the_cycle_start_cannot_be_in_the_future(client, member, home):
    future = timezone.localdate() + datetime.timedelta(days=3)
    client.post("/cabinet/credits/cycle/", {"cycle_start": future.isoformat()})
    assert not CreditProfile.objects.filter(user=member, cycle_start=future).exists()


def test_progress_bar_marks_each_yearly_figure(client, member, home):
    give_credits(member, credited_event(home), "100")
    page = client.get(URL).content.decode()
    assert "pct-w-40" in page  # 100 of 250
    for value, percent in ((50, 20), (100, 40), (150, 60), (200, 80)):
        assert f"pct-l-{percent}" in page
        assert f'credit-bar__label">{value}<' in page


def test_requirement_figures_are_settings(client, member, home):
    from credits.models import CreditSettings

    settings = CreditSettings.load()
    settings.cycle_requirement, settings.yearly_requirement = (
        Decimal("144"),
        Decimal("36"),
    )
    settings.save()
    give_credits(member, credited_event(home), "36")
    page = client.get(URL).content.decode()
    assert "из 144 ЗЕТ" in page
    assert "pct-w-25" in page


def test_the_member_sees_their_nmo_code_and_marks_it_entered(client, member, event):
    give_credits(member, event)
    nmo = make_nmo_codes(event, ["ABC-123-XYZ"])[0]
    NmoCode.objects.filter(pk=nmo.pk).update(
        assigned_to=member, assigned_at=timezone.now()
    )
    page = client.get(URL).content.decode()
    assert "ABC-123-XYZ" in page
    client.post(f"/cabinet/credits/nmo/{nmo.pk}/entered/")
    nmo.refresh_from_db()
    assert nmo.entered_at is not None


def test_nobody_marks_another_members_nmo_code(client, member, event):
    owner = make_member()
    nmo = make_nmo_codes(event, ["ABC-123-XYZ"])[0]
    NmoCode.objects.filter(pk=nmo.pk).update(
        assigned_to=owner, assigned_at=timezone.now()
    )
    response = client.post(f"/cabinet/credits/nmo/{nmo.pk}/entered/")
    assert response.status_code == 404
    nmo.refresh_from_db()
    assert nmo.entered_at is None


def test_certificate_is_the_owners_only(client, member, event):
    record = give_credits(member, event)
    url = f"/cabinet/credits/certificate/{record.certificate_id}.pdf"
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    client.force_login(make_member())
    assert client.get(url).status_code == 404


def test_transcript_needs_a_sensible_period(client, member, event):
    give_credits(member, event)
    bad = client.get("/cabinet/credits/transcript.pdf", {"start": "2026-13-01"})
    assert bad.status_code == 400
    backwards = client.get(
        "/cabinet/credits/transcript.pdf", {"start": "2026-05-01", "end": "2026-01-01"}
    )
    assert backwards.status_code == 400
    good = client.get(
        "/cabinet/credits/transcript.pdf", {"start": "2020-01-01", "end": "2030-12-31"}
    )
    assert good["Content-Type"] == "application/pdf"


def test_a_personal_code_typed_here_is_explained_not_called_invalid(
    client, member, event
):
    from tests.members.factories import code_of

    typed = code_of(member).display.lower()  # e.g. "k7md-9qx4"
    page = client.post(URL, {"code": typed}).content.decode()
    assert "Похоже, это ваш персональный код (8 знаков)" in page
    assert "Код недействителен" not in page
    # Not a failed attempt: five of these still leave a real code usable.
    for _ in range(5):
        client.post(URL, {"code": typed})
    code = make_codes(event, 1)[0]
    client.post(URL, {"code": code.code})
    assert CreditRecord.objects.filter(user=member).count() == 1
