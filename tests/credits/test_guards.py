"""Guards the mutation check (scripts/guard_mutations.py) found undefended: each
test fails when its guard or audit entry is removed."""

import datetime

import pytest
from django.utils import timezone

from credits import services
from credits.models import CreditCode, CreditCodeStatus, NmoCode
from tests.credits.factories import (
    audit_count,
    credited_event,
    make_codes,
    make_nmo_codes,
    make_staff,
)
from tests.members.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(home):
    return credited_event(home, credits=6)


def test_revoking_a_batchs_unused_codes_is_audited(event):
    staff = make_staff()
    codes = make_codes(event, count=2, actor=staff)
    services.credit_codes_revoke_unused(actor=staff, batch=codes[0].batch)
    assert CreditCode.objects.filter(status=CreditCodeStatus.REVOKED).count() == 2
    assert audit_count("credits.codes.revoked") == 1


def test_setting_the_cycle_start_is_audited(event):
    member = make_member()
    services.credit_cycle_set(user=member, cycle_start=datetime.date(2025, 1, 1))
    assert audit_count("credits.cycle.set") == 1


def test_changing_the_check_in_rule_is_audited_once(event):
    staff = make_staff()
    services.event_policy_set(actor=staff, event=event, checkin_grants_credits=True)
    services.event_policy_set(actor=staff, event=event, checkin_grants_credits=True)
    assert audit_count("credits.policy.changed") == 1


def test_importing_nmo_codes_and_handing_one_out_are_audited(event):
    staff = make_staff()
    services.nmo_codes_import(
        actor=staff,
        event=event,
        codes=["AAAA-0001", "AAAA-0002"],
        file_name="codes.csv",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    assert audit_count("credits.nmo.imported") == 1
    services.nmo_code_assign(user=make_member(), event=event)
    assert audit_count("credits.nmo.assigned") == 1


def test_an_nmo_reminder_is_audited(event, django_capture_on_commit_callbacks):
    member = make_member()
    code = make_nmo_codes(event, ["AAAA-0001"], deadline=timezone.localdate())[0]
    NmoCode.objects.filter(pk=code.pk).update(
        assigned_to=member, assigned_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.nmo_reminders_send()
    assert audit_count("credits.nmo.reminded") == 1


def refused(response):
    """Wagtail's answer to a missing right: back to the dashboard with a message."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_code_lists_and_cards_need_the_view_right_not_just_any_credits_right(
    client, event
):
    batch_id = make_codes(event, 2)[0].batch_id
    client.force_login(make_staff(permissions=["add_nmocode"]))
    assert refused(client.post(f"/admin/credits/batches/{batch_id}/codes.csv"))
    assert refused(client.post(f"/admin/credits/batches/{batch_id}/cards.pdf"))
    assert audit_count("core.export.requested") == 0


def test_the_report_needs_a_view_right(client, event):
    client.force_login(make_staff(permissions=["add_nmocode"]))
    assert refused(client.post(f"/admin/credits/events/{event.pk}/report.csv"))
    assert audit_count("core.export.requested") == 0


def test_a_report_in_another_format_is_not_prepared(client, event):
    client.force_login(make_staff())
    response = client.post(f"/admin/credits/events/{event.pk}/report.html")
    assert response.status_code == 404


# --- files prepared in the background (credits/staff_exports.py, core.exports) ---


def test_the_cards_kind_needs_the_code_view_right(event):
    from core import exports

    batch_id = make_codes(event, 1)[0].batch_id
    with pytest.raises(exports.ExportError):
        exports.export_request(
            actor=make_staff(permissions=["add_nmocode", "view_creditrecord"]),
            kind="credits.batch_cards_pdf",
            params={"batch": batch_id},
        )


def test_the_codes_csv_kind_needs_the_code_view_right(event):
    from core import exports

    batch_id = make_codes(event, 1)[0].batch_id
    with pytest.raises(exports.ExportError):
        exports.export_request(
            actor=make_staff(permissions=["add_nmocode", "view_creditrecord"]),
            kind="credits.batch_codes_csv",
            params={"batch": batch_id},
        )


def test_the_report_kinds_accept_the_record_view_right(event):
    from core import exports

    staff = make_staff(permissions=["view_creditrecord"])
    assert exports.can_export(staff, "credits.event_report_xlsx")


def test_the_report_kinds_need_a_view_right(event):
    from core import exports

    staff = make_staff(permissions=["add_nmocode"])
    assert not exports.can_export(staff, "credits.event_report_csv")


def test_a_batch_deleted_before_the_build_fails_with_a_message(
    event, django_capture_on_commit_callbacks
):
    from core import exports
    from credits.models import CreditCodeBatch

    staff = make_staff()
    batch_id = make_codes(event, 1)[0].batch_id
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = exports.export_request(
            actor=staff, kind="credits.batch_codes_csv", params={"batch": batch_id}
        )
    CreditCodeBatch.objects.filter(pk=batch_id).delete()
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "Этой партии кодов больше нет.")


def test_another_organiser_cannot_download_the_cards(
    client, event, django_capture_on_commit_callbacks
):
    batch_id = make_codes(event, 1)[0].batch_id
    client.force_login(make_staff())
    with django_capture_on_commit_callbacks(execute=True):
        status_page = client.post(f"/admin/credits/batches/{batch_id}/cards.pdf")[
            "Location"
        ]
    client.force_login(make_staff())
    assert client.get(f"{status_page}download/").status_code == 404


def test_importing_nmo_codes_needs_its_right(client, event):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_staff(permissions=["view_creditcode"]))
    upload = SimpleUploadedFile("codes.csv", b"code\nAAAA-0001\n", "text/csv")
    response = client.post(
        f"/admin/credits/events/{event.pk}/nmo/",
        {"file": upload, "deadline": "2099-01-01"},
    )
    assert refused(response)
    assert not NmoCode.objects.exists()


def test_the_event_hub_is_closed_to_check_in_staff(client, event):
    client.force_login(make_staff(permissions=["check_in_attendees"]))
    assert refused(client.get(f"/admin/credits/events/{event.pk}/"))


def test_the_revoke_link_in_the_code_list_is_offered_only_with_the_right(client, event):
    code = make_codes(event, 1)[0]
    revoke = f"/admin/credits/codes/{code.pk}/revoke/"
    client.force_login(make_staff(permissions=["view_creditcode"]))
    assert revoke not in client.get("/admin/credits/codes/").content.decode()
    client.force_login(make_staff(permissions=["view_creditcode", "change_creditcode"]))
    assert revoke in client.get("/admin/credits/codes/").content.decode()


def test_a_record_adjusted_to_zero_credits_has_no_certificate(client, event):
    from tests.credits.factories import give_credits

    member = make_member()
    record = give_credits(member, event, credits="0")
    client.force_login(member)
    url = f"/cabinet/credits/certificate/{record.certificate_id}.pdf"
    assert client.get(url).status_code == 404


def test_codes_valid_until_before_they_start_are_refused_with_a_message(client, event):
    """The form checks each date alone; the service compares them. Without its
    check the database's constraint would answer with a server error."""
    from credits.models import CreditCodeBatch

    client.force_login(make_staff())
    response = client.post(
        f"/admin/credits/events/{event.pk}/generate/",
        {
            "count": 5,
            "valid_from": "2026-12-10T10:00",
            "valid_until": "2026-12-01T10:00",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert (
        "Срок действия кодов должен заканчиваться позже, чем начинается."
        in response.content.decode()
    )
    assert not CreditCodeBatch.objects.exists() and not CreditCode.objects.exists()


def test_revoking_a_batch_through_the_service_needs_the_manage_right(event):
    """The admin view checks the right too; the service refuses any other caller
    without it (here: staff who may only view codes), and nothing is revoked."""
    from credits.errors import CreditsError

    batch = make_codes(event, count=2)[0].batch
    with pytest.raises(CreditsError) as refused_:
        services.credit_codes_revoke_unused(
            actor=make_staff(permissions=["view_creditcode"]), batch=batch
        )
    assert (
        str(refused_.value.message)
        == "Это могут только сотрудники с правом управлять кодами."
    )
    assert CreditCode.objects.filter(status=CreditCodeStatus.ACTIVE).count() == 2
    assert audit_count("credits.codes.revoked") == 0


def test_a_revoked_code_past_its_window_is_just_not_valid(event):
    """A revoked code answers like an unknown one even after its window: "expired
    on …" would tell the holder of a withdrawn card that it was real."""
    from credits.errors import CodeNotValid

    code = make_codes(event, 1)[0]
    services.credit_code_revoke(actor=make_staff(), code=code)
    with pytest.raises(CodeNotValid):
        services.credit_code_redeem(
            user=make_member(),
            raw_code=code.code,
            now=code.valid_until + datetime.timedelta(days=1),
        )


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        ([], "В файле нет кодов."),
        (["1234-5678", "1234-5678"], "В файле некоторые коды повторяются."),
    ],
    ids=["empty", "twice"],
)
def test_an_nmo_import_without_codes_or_with_a_code_twice_is_refused(
    event, codes, message
):
    """The upload's reader refuses such files first; the service refuses them for
    any other caller too, with its own sentence, and records no import."""
    from credits.errors import CreditsError
    from credits.models import NmoImport

    with pytest.raises(CreditsError) as refused_:
        services.nmo_codes_import(
            actor=make_staff(),
            event=event,
            codes=codes,
            file_name="codes.csv",
            deadline=timezone.localdate() + datetime.timedelta(days=30),
        )
    assert str(refused_.value.message) == message
    assert not NmoImport.objects.exists() and not NmoCode.objects.exists()
