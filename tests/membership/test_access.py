"""is_active_member: computed from Moscow dates; provisional access."""

import datetime

import pytest
from freezegun import freeze_time

from membership.selectors import dues_settings, is_active_member
from membership.services import application_approve
from tests.membership.factories import (
    make_application,
    make_period,
    receipt_under_review,
    reject_receipt,
    year,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def member(home, applicant):
    make_period(applicant, *year(2026))
    return applicant


@pytest.mark.parametrize(
    ("moment", "active"),
    [
        ("2025-12-31 23:59:00+03:00", False),  # the evening before, Moscow
        ("2025-12-31 21:00:00+00:00", True),  # 00:00 on 1 January in Moscow
        ("2026-12-31 23:59:00+03:00", True),  # the last minute, Moscow
        ("2026-12-31 20:59:00+00:00", True),  # same minute told in UTC
        ("2026-12-31 21:00:00+00:00", False),  # 00:00 on 1 January in Moscow
        ("2027-01-01 12:00:00+03:00", False),  # the day after: no job needed
    ],
)
def test_membership_on_the_edges_in_moscow_time(member, moment, active):
    with freeze_time(moment):
        assert is_active_member(member) is active


def test_on_a_given_day(member):
    assert is_active_member(member, on=D(2026, 6, 1))
    assert not is_active_member(member, on=D(2027, 1, 1))


def test_void_periods_do_not_count(member):
    member.membership_periods.update(status="void")
    assert not is_active_member(member, on=D(2026, 6, 1))


def test_anonymous_and_deactivated_are_not_members(member):
    from django.contrib.auth.models import AnonymousUser

    assert not is_active_member(AnonymousUser(), on=D(2026, 6, 1))
    member.is_active = False
    member.save()
    assert not is_active_member(member, on=D(2026, 6, 1))


@pytest.fixture
def first_receipt(home, board, applicant):
    """An approved applicant whose first receipt is under review."""
    application_approve(application=make_application(applicant), actor=board)
    return applicant, receipt_under_review(applicant, year(2026))


def _provisional(on):
    settings = dues_settings()
    settings.provisional_access = on
    settings.save()


def test_no_provisional_access_by_default(first_receipt):
    applicant, _payment = first_receipt
    assert not is_active_member(applicant)


def test_provisional_access_while_the_first_receipt_is_reviewed(first_receipt):
    applicant, _payment = first_receipt
    _provisional(True)
    assert is_active_member(applicant)


def test_provisional_access_ends_when_the_receipt_is_rejected(first_receipt):
    applicant, payment = first_receipt
    _provisional(True)
    reject_receipt(payment)
    assert not is_active_member(applicant)


def test_no_provisional_access_for_a_former_member(first_receipt):
    applicant, _payment = first_receipt
    _provisional(True)
    make_period(applicant, *year(2020))
    assert not is_active_member(applicant)


def test_provisional_access_is_for_today_only(first_receipt):
    applicant, _payment = first_receipt
    _provisional(True)
    assert not is_active_member(applicant, on=D(2099, 1, 1))
