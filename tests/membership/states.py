"""People in each state of the joining road, for the cabinet tests and screenshots."""

import datetime

from membership.selectors import dues_settings
from membership.services import (
    application_approve,
    application_reject,
    dues_payment_start,
)
from tests.membership import fake_payments
from tests.membership.factories import (
    make_applicant,
    make_application,
    make_period,
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
    payment = dues_payment_start(user=person)
    payment.status = "awaiting_review"
    payment.method = "receipt"
    payment.review_due = datetime.date(2026, 6, 22)
    return person


def member(board):
    person = _approved(board, "member@example.org")
    _paid(person, year(2026))
    return person


def renew(board):
    person = _approved(board, "renew@example.org")
    _paid(person, (datetime.date(2025, 7, 1), datetime.date(2026, 7, 10)))
    return person


def expired(board):
    person = _approved(board, "expired@example.org")
    _paid(person, year(2025))
    return person


def _paid(person, period):
    payment = fake_payments.FakePayment(
        person,
        "dues",
        dues_settings().fee,
        "RUB",
        *period,
        f"Членский взнос за {period[1].year} год",
        "confirmed",
        "online",
    )
    fake_payments.PAYMENTS.append(payment)
    make_period(person, *period, payment_reference=payment.reference)


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
