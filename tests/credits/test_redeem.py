"""Redeeming a code: one credit, one clear error, throttling, the validity window."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from credits import services, throttle
from credits.errors import CodeNotValid, CreditsError, TooManyAttempts
from credits.models import CreditCodeStatus, CreditRecord
from tests.credits.factories import (
    audit_count,
    credited_event,
    make_codes,
    make_staff,
)
from tests.events.factories import msk
from tests.members.factories import make_member

pytestmark = pytest.mark.django_db

NOT_VALID = str(CodeNotValid().message)


def redeem(user, code, **kwargs):
    return services.credit_code_redeem(user=user, raw_code=code, **kwargs)


def error_of(user, code, **kwargs):
    with pytest.raises(CreditsError) as caught:
        redeem(user, code, **kwargs)
    return str(caught.value.message)


@pytest.fixture
def event(home):
    return credited_event(home, credits=6)


def test_a_valid_code_gives_the_event_credits_once(event):
    member = make_member()
    code = make_codes(event, 1)[0]
    record = redeem(member, code.display.lower())
    assert (record.event_id, record.credits, record.source) == (event.pk, 6, "code")
    code.refresh_from_db()
    assert (code.status, code.used_by) == (CreditCodeStatus.USED, member)
    assert audit_count("credits.code.redeemed") == 1


def test_a_code_worth_a_set_fraction(event):
    member = make_member()
    code = make_codes(event, 1, credits=Decimal("1.5"))[0]
    assert redeem(member, code.code).credits == Decimal("1.5")


def test_wrong_and_someone_elses_code_answer_the_same(event):
    first, second = make_member(), make_member()
    code = make_codes(event, 1)[0]
    redeem(first, code.code)
    assert error_of(second, code.code) == NOT_VALID
    assert error_of(second, "ABCDE-FGHJK") == NOT_VALID
    assert CreditRecord.objects.filter(user=second).count() == 0


def test_entering_your_own_used_code_again_says_you_have_the_credits(event):
    member = make_member()
    code = make_codes(event, 1)[0]
    redeem(member, code.code)
    assert "уже есть" in error_of(member, code.code)


def test_two_codes_of_one_event_give_one_credit(event):
    member = make_member()
    first, second = make_codes(event, 2)
    redeem(member, first.code)
    assert "уже есть" in error_of(member, second.code)
    second.refresh_from_db()
    assert second.status == CreditCodeStatus.ACTIVE  # still good for someone else
    assert CreditRecord.objects.filter(user=member).count() == 1


def test_a_revoked_code_is_not_valid(event):
    code = make_codes(event, 1)[0]
    services.credit_code_revoke(actor=make_staff(), code=code)
    assert error_of(make_member(), code.code) == NOT_VALID


def test_a_code_of_an_unpublished_event_is_not_valid(event):
    code = make_codes(event, 1)[0]
    event.unpublish()
    assert error_of(make_member(), code.code) == NOT_VALID


def test_a_code_of_a_deleted_event_is_not_valid(event):
    code = make_codes(event, 1)[0]
    event.delete()
    assert error_of(make_member(), code.code) == NOT_VALID


@pytest.mark.parametrize(
    "typed", ["", " ", "x" * 10_240, "'; DROP TABLE credits_creditcode; --", "<b>"]
)
def test_bad_input_is_just_not_valid(event, typed):
    assert error_of(make_member(), typed) == NOT_VALID


# --- the validity window, in Moscow time -------------------------------------------


@pytest.fixture
def window_code(home):
    """Valid from 12.03.2027 09:00 MSK (the start) to 11.04.2027 23:59:59 MSK."""
    event = credited_event(home)
    event.start, event.end = msk(2027, 3, 12, 9), msk(2027, 3, 12, 18)
    event.save_revision().publish()
    code = make_codes(event, 1)[0]
    assert code.valid_until == msk(2027, 4, 11, 23, 59) + datetime.timedelta(seconds=59)
    return code


def test_window_opens_at_the_event_start_moscow_time(window_code):
    member = make_member()
    message = error_of(member, window_code.code, now=msk(2027, 3, 12, 8, 59))
    assert "12.03.2027 09:00" in message
    assert redeem(member, window_code.code, now=msk(2027, 3, 12, 9))


def test_window_closes_at_the_end_of_the_moscow_day_30_days_after(window_code):
    member = make_member()
    late = msk(2027, 4, 12, 0, 0)  # 21:00 UTC on the 11th: already the 12th in Moscow
    assert "истёк 11.04.2027 23:59" in error_of(member, window_code.code, now=late)
    last = msk(2027, 4, 11, 23, 59) + datetime.timedelta(seconds=59)
    assert redeem(member, window_code.code, now=last)


def test_window_messages_only_for_an_unused_code(window_code):
    first, second = make_member(), make_member()
    redeem(first, window_code.code, now=msk(2027, 3, 12, 10))
    late = msk(2027, 5, 1)
    assert error_of(second, window_code.code, now=late) == NOT_VALID


# --- throttling ------------------------------------------------------------------------


def test_five_failures_block_the_member_and_say_until_when(event):
    member = make_member()
    code = make_codes(event, 1)[0]
    now = timezone.now()
    for _ in range(5):
        error_of(member, "ABCDE-FGHJK", now=now, ip="10.0.0.1")
    with pytest.raises(TooManyAttempts) as caught:
        redeem(member, code.code, now=now, ip="10.0.0.2")  # another address too
    retry_at = timezone.localtime(now + throttle.WINDOW).strftime("%H:%M")
    assert f"Попробуйте снова в {retry_at}" in str(caught.value.message)
    assert CreditRecord.objects.filter(user=member).count() == 0
    # 15 minutes after the first failure the member may try again
    assert redeem(member, code.code, now=now + throttle.WINDOW, ip="10.0.0.2")


def test_five_failures_from_one_address_block_other_members_there(event):
    now = timezone.now()
    for _ in range(5):
        error_of(make_member(), "ABCDE-FGHJK", now=now, ip="10.0.0.9")
    code = make_codes(event, 1)[0]
    with pytest.raises(TooManyAttempts):
        redeem(make_member(), code.code, now=now, ip="10.0.0.9")
    assert redeem(make_member(), code.code, now=now, ip="10.0.0.10")


def test_four_failures_do_not_block(event):
    member = make_member()
    for _ in range(4):
        error_of(member, "ABCDE-FGHJK", ip="10.0.0.1")
    code = make_codes(event, 1)[0]
    assert redeem(member, code.code, ip="10.0.0.1")


def test_a_blocked_member_cannot_probe_codes(event):
    member = make_member()
    for _ in range(5):
        error_of(member, "ABCDE-FGHJK")
    code = make_codes(event, 1)[0]
    with pytest.raises(TooManyAttempts):
        redeem(member, code.code)
    code.refresh_from_db()
    assert code.status == CreditCodeStatus.ACTIVE


def test_generation_needs_the_permission(event):
    with pytest.raises(CreditsError):
        services.credit_codes_generate(
            actor=make_staff(permissions=["view_creditcode"]), event=event, count=1
        )


def test_generation_limits_and_defaults(event):
    staff = make_staff()
    with pytest.raises(CreditsError):
        services.credit_codes_generate(actor=staff, event=event, count=10_001)
    with pytest.raises(CreditsError):
        services.credit_codes_generate(actor=staff, event=event, count=0)
    event.credits = None
    with pytest.raises(CreditsError):
        services.credit_codes_generate(actor=staff, event=event, count=5)
    batch = services.credit_codes_generate(
        actor=staff, event=event, count=5, credits="2.5", label="день 2"
    )
    assert batch.codes.count() == 5
    assert {c.credits for c in batch.codes.all()} == {Decimal("2.5")}
    assert batch.valid_from == event.start


def test_revoke_needs_the_permission_and_an_unused_code(event):
    member = make_member()
    unused, used = make_codes(event, 2)
    redeem(member, used.code)
    with pytest.raises(CreditsError):
        services.credit_code_revoke(
            actor=make_staff(permissions=["view_creditcode"]), code=unused
        )
    with pytest.raises(CreditsError):
        services.credit_code_revoke(actor=make_staff(), code=used)
    services.credit_code_revoke(actor=make_staff(), code=unused)
    assert audit_count("credits.code.revoked") == 1


def test_revoke_unused_of_a_batch_leaves_used_codes(event):
    codes = make_codes(event, 3)
    redeem(make_member(), codes[0].code)
    assert (
        services.credit_codes_revoke_unused(actor=make_staff(), batch=codes[0].batch)
        == 2
    )
    statuses = sorted(c.status for c in codes[0].batch.codes.all())
    assert statuses == ["revoked", "revoked", "used"]


def test_generated_codes_are_distinct_and_fresh(event):
    codes = make_codes(event, 500)
    assert len({c.code for c in codes}) == 500
    assert timezone.now() < codes[0].valid_until
