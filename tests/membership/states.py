"""People in each state of the joining road, for the cabinet tests and screenshots."""

import datetime

from membership.selectors import dues_settings
from membership.services import application_approve, application_reject
from tests.membership.factories import (
    make_applicant,
    make_application,
    paid,
    receipt_under_review,
    year,
)

TODAY = datetime.date(2026, 6, 15)  # tests freeze time here (Moscow)
FROZEN = "2026-06-15 12:00:00+03:00"


def _approved(board, email):
    person = make_applicant(email=email)
    application_approve(application=make_application(person), actor=board)
    return person


def applicant(board):
    return make_applicant(email="new@example.org")


def waiting(board):
    settings = dues_settings()
    settings.votes_needed = 2
    settings.save()
    person = make_applicant(email="waiting@example.org")
    application = make_application(person, comment="Прошу принять меня в общество")
    application_approve(application=application, actor=board)
    return person


def rejected(board):
    person = make_applicant(email="rejected@example.org")
    application_reject(
        application=make_application(person),
        actor=board,
        reason="Не приложено подтверждение специальности",
    )
    return person


def pay(board):
    return _approved(board, "approved@example.org")


def receipt(board):
    person = _approved(board, "receipt@example.org")
    receipt_under_review(person, year(2026))
    return person


def member(board):
    person = _approved(board, "member@example.org")
    paid(person, year(2026))
    return person


def renew(board):
    person = _approved(board, "renew@example.org")
    paid(person, (datetime.date(2025, 7, 1), datetime.date(2026, 7, 10)))
    return person


def expired(board):
    person = _approved(board, "expired@example.org")
    paid(person, year(2025))
    return person


STATES = {
    "apply": applicant,
    "waiting": waiting,
    "rejected": rejected,
    "pay": pay,
    "receipt": receipt,
    "member": member,
    "renew": renew,
    "expired": expired,
}
