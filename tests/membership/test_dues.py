"""Dues: the period rule, starting a payment and its guards, periods from signals."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from freezegun import freeze_time

from membership.errors import MembershipError
from membership.models import DuesSettings, MembershipPeriod, PeriodStatus
from membership.selectors import dues_settings, is_active_member, membership_until
from membership.services import application_approve, dues_payment_start
from payments import signals
from payments.models import Payment
from payments.services import payment_confirm
from tests.membership.factories import (
    dues_payment,
    make_application,
    make_period,
    year,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    ("day", "year_paid"),
    [
        (D(2026, 1, 1), 2026),
        (D(2026, 11, 30), 2026),
        (D(2026, 12, 1), 2027),
        (D(2026, 12, 31), 2027),
    ],
)
def test_a_payment_from_1_december_covers_the_next_year(day, year_paid):
    assert DuesSettings().period_for(day) == year(year_paid)


def test_the_cut_off_day_is_a_setting():
    settings = DuesSettings(next_year_from_month=11, next_year_from_day=15)
    assert settings.period_for(D(2026, 11, 14)) == year(2026)
    assert settings.period_for(D(2026, 11, 15)) == year(2027)


def test_no_such_cut_off_day_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        DuesSettings(next_year_from_month=2, next_year_from_day=30).clean()


def test_settings_defaults():
    settings = DuesSettings()
    assert settings.fee == Decimal("1500.00")
    assert (settings.next_year_from_day, settings.next_year_from_month) == (1, 12)
    assert settings.provisional_access is False
    assert settings.votes_needed == 1


@pytest.fixture
def approved(home, board, applicant):
    application_approve(application=make_application(applicant), actor=board)
    return applicant


@freeze_time("2026-03-10 12:00:00+03:00")
def test_dues_payment_for_an_approved_applicant(approved):
    settings = dues_settings()
    settings.fee = Decimal("2000.50")
    settings.save()
    payment = dues_payment_start(user=approved)
    assert payment.kind == "dues"
    assert payment.amount == Decimal("2000.50")
    assert payment.currency == "RUB"
    assert (payment.period_start, payment.period_end) == year(2026)
    assert payment.description == "Членский взнос за 2026 год"


@freeze_time("2026-12-05 12:00:00+03:00")
def test_dues_paid_in_december_buy_the_next_year(approved):
    payment = dues_payment_start(user=approved)
    assert (payment.period_start, payment.period_end) == year(2027)


def test_double_click_gives_the_same_payment(approved):
    first, second = dues_payment_start(user=approved), dues_payment_start(user=approved)
    assert first.pk == second.pk
    assert Payment.objects.filter(user=approved).count() == 1


def test_no_dues_without_an_approved_application(home, applicant):
    make_application(applicant)
    with pytest.raises(MembershipError, match="Президиум одобрит"):
        dues_payment_start(user=applicant)


@freeze_time("2026-06-01 12:00:00+03:00")
def test_a_paid_year_is_not_paid_again(approved):
    make_period(approved, *year(2026))
    with pytest.raises(MembershipError, match="с 01.12.2026"):
        dues_payment_start(user=approved)


@freeze_time("2026-12-02 12:00:00+03:00")
def test_renewal_opens_30_days_before_the_end(approved):
    make_period(approved, *year(2026))
    payment = dues_payment_start(user=approved)
    assert (payment.period_start, payment.period_end) == year(2027)


@freeze_time("2026-03-01 12:00:00+03:00")
def test_a_year_covered_already_is_not_paid_again(approved):
    """A period recorded ahead (e.g. imported) that covers the year to pay for."""
    make_period(approved, D(2026, 7, 1), D(2026, 12, 31))
    with pytest.raises(MembershipError, match="Взнос за 2026 год уже оплачен"):
        dues_payment_start(user=approved)


@freeze_time("2026-12-02 12:00:00+03:00")
def test_next_year_paid_already_is_refused(approved):
    make_period(approved, *year(2026))
    make_period(approved, *year(2027))
    with pytest.raises(MembershipError, match="оплачено до 31.12.2027"):
        dues_payment_start(user=approved)


@freeze_time("2027-03-01 12:00:00+03:00")
def test_a_lapsed_member_renews_without_a_new_application(home, applicant):
    make_period(applicant, *year(2025))
    payment = dues_payment_start(user=applicant)
    assert (payment.period_start, payment.period_end) == year(2027)


# --- periods from the payments app's signals -------------------------------------------


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Run a payments service and what it sends after commit (signals, mail)."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


@freeze_time("2026-03-10 12:00:00+03:00")
def test_confirmed_dues_make_a_member_until_the_end_of_the_year(approved, after_commit):
    after_commit(payment_confirm, payment=dues_payment(approved, year(2026)))
    period = MembershipPeriod.objects.get(user=approved)
    assert (period.start, period.end) == year(2026)
    assert is_active_member(approved)


@freeze_time("2026-12-10 12:00:00+03:00")
def test_a_new_member_paying_in_december_is_a_member_at_once(approved, after_commit):
    after_commit(payment_confirm, payment=dues_payment(approved, year(2027)))
    period = MembershipPeriod.objects.get(user=approved)
    assert (period.start, period.end) == (D(2026, 12, 10), D(2027, 12, 31))
    assert is_active_member(approved)


def test_the_same_confirmation_twice_makes_one_period(approved, after_commit):
    payment = after_commit(payment_confirm, payment=dues_payment(approved, year(2026)))
    signals.payment_confirmed.send(sender=Payment, payment=payment)  # delivered again
    assert MembershipPeriod.objects.filter(user=approved).count() == 1


@freeze_time("2026-12-10 12:00:00+03:00")
def test_paying_again_extends(approved, after_commit):
    after_commit(payment_confirm, payment=dues_payment(approved, year(2026)))
    after_commit(payment_confirm, payment=dues_payment(approved, year(2027)))
    assert membership_until(approved) == D(2027, 12, 31)


def test_other_kinds_of_payment_make_no_member(approved):
    other = SimpleNamespace(kind="event", user=approved, user_id=approved.pk)
    signals.payment_confirmed.send(sender=Payment, payment=other)
    assert not MembershipPeriod.objects.exists()


@freeze_time("2026-03-10 12:00:00+03:00")
def test_a_refund_voids_the_period(approved, after_commit):
    from payments.services import payment_refund
    from tests.payments.factories import make_reviewer

    payment = after_commit(payment_confirm, payment=dues_payment(approved, year(2026)))
    after_commit(
        payment_refund, payment=payment, by=make_reviewer(), reason="Ошибочный платёж"
    )
    period = MembershipPeriod.objects.get(user=approved)
    assert period.status == PeriodStatus.VOID
    assert not is_active_member(approved)


def test_a_failing_handler_never_undoes_the_payment(
    approved, after_commit, monkeypatch
):
    from membership import services

    def broken(**kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(services, "period_create_for_payment", broken)
    payment = after_commit(payment_confirm, payment=dues_payment(approved, year(2026)))
    payment.refresh_from_db()
    assert payment.status == "confirmed"
    assert not MembershipPeriod.objects.exists()
