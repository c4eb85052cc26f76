"""The demo: one person in each state, a board member, logins printed; twice is safe."""

import io

import pytest

from members.models import User
from membership import demo
from membership.selectors import State, member_standing
from payments.selectors import pending_receipt_for
from tests.members.factories import make_specialty

pytestmark = pytest.mark.django_db

EXPECTED = {
    "demo.zayavka@example.org": State.WAITING,
    "demo.odobren@example.org": State.PAY,
    "demo.kvitanciya@example.org": State.RECEIPT,
    "demo.prosrochka@example.org": State.RECEIPT,
    "demo.chlen@example.org": State.MEMBER,
    "demo.istek@example.org": State.EXPIRED,
    "demo.otkaz@example.org": State.APPLY,
}


def test_demo_people_in_every_state(home):
    from core.time import local_today

    make_specialty()
    out = io.StringIO()
    demo.load(home=home, stdout=out)
    demo.load(home=home, stdout=io.StringIO())  # a second run changes nothing
    for email, state in EXPECTED.items():
        person = User.objects.get(email=email)
        standing = member_standing(person)
        if email == "demo.chlen@example.org" and standing.state == State.RENEW:
            continue  # in December the active member is asked to renew
        assert standing.state == state, email
        assert email in out.getvalue()
    overdue = pending_receipt_for(User.objects.get(email="demo.prosrochka@example.org"))
    assert overdue.review_due < local_today()
    board = User.objects.get(email=demo.BOARD_EMAIL)
    assert board.has_perm("membership.decide_application")
    assert f"{demo.BOARD_EMAIL} / {demo.PASSWORD}" in out.getvalue()
