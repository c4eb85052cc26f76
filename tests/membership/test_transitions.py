"""The application's status table: what may follow what."""

import pytest

from membership.models import ApplicationStatus as S
from membership.models.applications import ALLOWED_TRANSITIONS, can_transition

EXPECTED = {
    (S.SUBMITTED, S.APPROVED): True,
    (S.SUBMITTED, S.REJECTED): True,
    (S.SUBMITTED, S.WITHDRAWN): True,
    (S.SUBMITTED, S.SUBMITTED): False,
    (S.APPROVED, S.REJECTED): False,
    (S.APPROVED, S.WITHDRAWN): False,
    (S.APPROVED, S.SUBMITTED): False,
    (S.REJECTED, S.APPROVED): False,
    (S.REJECTED, S.SUBMITTED): False,
    (S.REJECTED, S.WITHDRAWN): False,
    (S.WITHDRAWN, S.APPROVED): False,
    (S.WITHDRAWN, S.SUBMITTED): False,
    (S.WITHDRAWN, S.REJECTED): False,
}


@pytest.mark.parametrize(("old", "new"), list(EXPECTED))
def test_transition_table(old, new):
    assert can_transition(old, new) is EXPECTED[(old, new)]


def test_every_status_is_in_the_table():
    assert set(ALLOWED_TRANSITIONS) == set(S)
    assert {pair for pair, allowed in EXPECTED.items() if allowed} == {
        (old, new) for old, news in ALLOWED_TRANSITIONS.items() for new in news
    }
