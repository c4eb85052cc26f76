"""Guards of the ledger services, each refused outcome checked on its own."""

import datetime

import pytest
from django.utils import timezone

from credits import services
from credits.errors import CreditsError
from credits.models import CheckIn, CreditRecord, EventCreditPolicy, NmoCode
from tests.credits.factories import (
    audit_count,
    credited_event,
    give_credits,
    make_nmo_codes,
    make_staff,
)
from tests.members.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(home):
    return credited_event(home, credits=6)


def test_check_in_needs_the_check_in_right(event):
    with pytest.raises(CreditsError):
        services.checkin_record(
            actor=make_staff(permissions=["view_creditcode"]),
            event=event,
            member=make_member(),
        )
    assert CheckIn.objects.count() == 0


def test_check_in_refuses_an_unpublished_event(event):
    event.unpublish()
    with pytest.raises(CreditsError):
        services.checkin_record(actor=make_staff(), event=event, member=make_member())
    assert CheckIn.objects.count() == 0


def test_adjustment_needs_its_right(event):
    with pytest.raises(CreditsError):
        services.credit_adjust(
            actor=make_staff(permissions=["view_creditrecord"]),
            member=make_member(),
            event=event,
            credits="4",
            reason="Потерял код",
        )
    assert CreditRecord.objects.count() == 0


@pytest.mark.parametrize(
    ("credits", "reason"), [("4", ""), ("-1", "x"), ("1000", "x"), ("abc", "x")]
)
def test_adjustment_refuses_bad_values(event, credits, reason):
    with pytest.raises(CreditsError):
        services.credit_adjust(
            actor=make_staff(),
            member=make_member(),
            event=event,
            credits=credits,
            reason=reason,
        )
    assert CreditRecord.objects.count() == 0


def test_adjustment_changes_an_existing_record_and_keeps_the_old_value(event):
    member = make_member()
    give_credits(member, event, "6")
    record = services.credit_adjust(
        actor=make_staff(),
        member=member,
        event=event,
        credits="3",
        reason="Ушёл после обеда",
    )
    assert (str(record.credits), record.source) == ("3", "adjustment")
    assert CreditRecord.objects.filter(user=member).count() == 1
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.get(action="credits.record.adjusted")
    assert (entry.data["old"], entry.data["new"]) == ("6.00", "3")


def test_check_in_rule_needs_its_right(event):
    with pytest.raises(CreditsError):
        services.event_policy_set(
            actor=make_staff(permissions=["check_in_attendees"]),
            event=event,
            checkin_grants_credits=True,
        )
    assert not EventCreditPolicy.objects.exists()


def test_only_the_owner_marks_an_nmo_code_entered(event):
    owner, other = make_member(), make_member()
    code = make_nmo_codes(event, ["AAAA-0001"])[0]
    NmoCode.objects.filter(pk=code.pk).update(
        assigned_to=owner, assigned_at=timezone.now()
    )
    code.refresh_from_db()
    with pytest.raises(CreditsError):
        services.nmo_code_mark_entered(user=other, nmo_code=code)
    code.refresh_from_db()
    assert code.entered_at is None
    services.nmo_code_mark_entered(user=owner, nmo_code=code)
    services.nmo_code_mark_entered(user=owner, nmo_code=code)  # idempotent
    assert audit_count("credits.nmo.entered") == 1


def test_cycle_start_in_the_future_is_refused(event):
    member = make_member()
    with pytest.raises(CreditsError):
        services.credit_cycle_set(
            user=member, cycle_start=timezone.localdate() + datetime.timedelta(days=1)
        )
