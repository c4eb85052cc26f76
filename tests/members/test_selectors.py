"""members.selectors: the public reads other apps (check-in, credits) use."""

import pytest

from members import selectors
from tests.members.factories import make_member

pytestmark = pytest.mark.django_db


def test_a_typed_code_finds_its_member_in_any_case_with_or_without_dash(home):
    member = make_member(email="coded@example.org")
    make_member(email="other@example.org")
    display = member.personal_code.display
    for typed in (
        display,
        display.lower(),
        display.replace("-", " "),
        display[:4] + display[5:],
    ):
        assert selectors.member_get_by_code(code=typed) == member


def test_an_unknown_code_or_token_finds_nobody(home):
    make_member()
    assert selectors.member_get_by_code(code="ZZZZ-ZZZZ") is None
    assert selectors.member_get_by_qr_token(token="") is None
    assert selectors.member_get_by_qr_token(token="not-a-token") is None


def test_a_printed_qr_token_finds_its_member(home):
    member = make_member(email="qr@example.org")
    make_member(email="other@example.org")
    token = member.personal_code.qr_token
    assert selectors.member_get_by_qr_token(token=token) == member
