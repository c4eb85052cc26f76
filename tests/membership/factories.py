"""Builders for the membership tests: applicants, board members, periods."""

import datetime
import importlib
import uuid
from decimal import Decimal

from django.contrib.auth.models import Group

from membership.models import Application, MembershipPeriod
from membership.services import application_submit
from tests.members.factories import make_member

PRESIDIUM = "Президиум"


def make_applicant(**fields):
    """A verified person with a profile and a personal code, no application yet."""
    return make_member(**fields)


def presidium_group():
    """The group the data migration made; made again by the same code when a
    transactional test has flushed the database."""
    group = Group.objects.filter(name=PRESIDIUM).first()
    if group is None:
        from django.apps import apps

        migration = importlib.import_module(
            "membership.migrations.0002_presidium_group"
        )
        migration.create_group(apps, None)
        group = Group.objects.get(name=PRESIDIUM)
    return group


def make_board_member(email=None, **fields):
    """A staff member in the «Президиум» group (admin access, decide permission)."""
    user = make_member(email=email, **fields)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(presidium_group())
    return user


def make_application(user=None, comment=""):
    return application_submit(user=user or make_applicant(), comment=comment)


def make_period(user, start, end, **fields):
    return MembershipPeriod.objects.create(
        user=user,
        start=start,
        end=end,
        payment_reference=fields.pop("payment_reference", uuid.uuid4()),
        **fields,
    )


def dues_payment(user, period, **fields):
    """A dues payment the member owes for `period` (the payments app's own service)."""
    from payments.services import payment_create

    start, end = period
    return payment_create(
        user=user,
        kind="dues",
        amount=fields.pop("amount", Decimal("1500.00")),
        currency="RUB",
        period_start=start,
        period_end=end,
        description=fields.pop("description", f"Членский взнос за {end.year} год"),
    )


def paid(user, period):
    """A confirmed dues payment and the membership period it buys (what the
    payment_confirmed handler does after commit, done here at once)."""
    from membership.services import period_create_for_payment
    from payments.services import payment_confirm

    payment = payment_confirm(payment=dues_payment(user, period))
    period_create_for_payment(payment=payment)
    return payment


def receipt_under_review(user, period):
    """A dues payment whose receipt waits for staff."""
    from tests.payments.factories import submit_receipt

    payment = dues_payment(user, period)
    submit_receipt(payment)
    payment.refresh_from_db()
    return payment


def reject_receipt(payment):
    from payments.receipts import receipt_reject
    from tests.payments.factories import make_reviewer

    reviewer = make_reviewer(email=f"reviewer-{payment.pk}@example.org")
    return receipt_reject(payment=payment, by=reviewer, reason="Не та сумма")


def year(y):
    return datetime.date(y, 1, 1), datetime.date(y, 12, 31)


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


__all__ = [
    "Application",
    "dues_payment",
    "paid",
    "receipt_under_review",
    "reject_receipt",
    "make_applicant",
    "make_application",
    "make_board_member",
    "make_period",
    "reload",
    "year",
]
