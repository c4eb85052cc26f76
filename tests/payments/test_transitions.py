"""The declared status table: every allowed move and every refused one."""

import pytest

from payments.models import (
    ALLOWED_TRANSITIONS,
    LIVE_STATUSES,
    RECEIPT_TRANSITIONS,
    PaymentStatus,
    ReceiptStatus,
    can_transition,
)

S = PaymentStatus

EXPECTED = {
    S.PENDING: {
        S.PROCESSING,
        S.AWAITING_REVIEW,
        S.CONFIRMED,
        S.FAILED,
        S.EXPIRED,
        S.CANCELLED,
    },
    S.PROCESSING: {S.AWAITING_REVIEW, S.CONFIRMED, S.FAILED, S.EXPIRED, S.CANCELLED},
    S.AWAITING_REVIEW: {S.CONFIRMED, S.REJECTED, S.CANCELLED},
    S.CONFIRMED: {S.REFUNDED},
    S.REJECTED: set(),
    S.FAILED: set(),
    S.EXPIRED: set(),
    S.CANCELLED: set(),
    S.REFUNDED: set(),
}


def test_the_table_is_exactly_the_declared_one():
    declared = {status: set(ALLOWED_TRANSITIONS.get(status, ())) for status in S}
    assert declared == EXPECTED


@pytest.mark.parametrize("from_status", list(S))
@pytest.mark.parametrize("to_status", list(S))
def test_can_transition_follows_the_table(from_status, to_status):
    assert can_transition(from_status, to_status) == (
        to_status in EXPECTED[from_status]
    )


def test_a_confirmed_payment_can_only_be_refunded():
    """A late "failed" after "paid" has nowhere to go."""
    assert not can_transition(S.CONFIRMED, S.FAILED)
    assert not can_transition(S.CONFIRMED, S.EXPIRED)
    assert can_transition(S.CONFIRMED, S.REFUNDED)


def test_no_status_moves_to_itself():
    assert all(status not in targets for status, targets in EXPECTED.items())


def test_dead_ends_free_the_period_for_a_new_payment():
    assert set(LIVE_STATUSES) == {
        S.PENDING,
        S.PROCESSING,
        S.AWAITING_REVIEW,
        S.CONFIRMED,
    }


def test_receipt_table():
    R = ReceiptStatus
    assert {k: set(v) for k, v in RECEIPT_TRANSITIONS.items()} == {
        R.SUBMITTED: {R.SUPERSEDED, R.ACCEPTED, R.REJECTED}
    }
