"""Builders for the membership tests: applicants, board members, periods."""

import datetime
import importlib
import uuid

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


def year(y):
    return datetime.date(y, 1, 1), datetime.date(y, 12, 31)


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


__all__ = [
    "Application",
    "make_applicant",
    "make_application",
    "make_board_member",
    "make_period",
    "reload",
    "year",
]
