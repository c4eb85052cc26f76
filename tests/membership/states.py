"""People in each state of the joining road, for the cabinet tests and screenshots.

Dates are relative to today (the cabinet tests freeze it at FROZEN)."""

import datetime

from core.time import local_today
from membership.selectors import dues_settings
from membership.services import application_approve, application_reject
from tests.membership.factories import (
    make_applicant,
    make_application,
    paid,
    receipt_under_review,
    year,
)

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
    receipt_under_review(person, year(local_today().year))
    return person


def member(board):
    person = _approved(board, "member@example.org")
    paid(person, year(local_today().year))
    return person


def renew(board):
    """Membership ends in 25 days (renewal opens 30 days before the end)."""
    person = _approved(board, "renew@example.org")
    today = local_today()
    end = today + datetime.timedelta(days=25)
    paid(person, (end - datetime.timedelta(days=365), end))
    return person


def expired(board):
    person = _approved(board, "expired@example.org")
    paid(person, year(local_today().year - 1))
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
