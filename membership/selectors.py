"""Reads about membership that views, the admin and other apps share.

`is_active_member(user, on=None)` is THE access check for members-only things.
"""

import dataclasses
import datetime
from decimal import Decimal

from django.db.models import Count, Q

from core.time import local_today
from payments import selectors as payment_selectors

from .models import (
    Application,
    ApplicationStatus,
    DuesSettings,
    MembershipPeriod,
    PeriodStatus,
    VoteDecision,
)

DUES = "dues"
RENEW_DAYS = 30  # renewal is offered this many days before the end


def dues_settings():
    """The dues settings of the default site (defaults when there is no site)."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return DuesSettings.for_site(site) if site else DuesSettings()


def active_periods(user):
    return list(
        MembershipPeriod.objects.filter(user=user, status=PeriodStatus.ACTIVE)
        .order_by("start", "pk")
        .values_list("start", "end")
    )


def covered_until(periods, on):
    """The last day of the unbroken run of `periods` that covers `on`, or None."""
    until = None
    for start, end in periods:  # sorted by start
        if until is None:
            if start <= on <= end:
                until = end
        elif start <= until + datetime.timedelta(days=1):
            until = max(until, end)
    return until


def membership_until(user, on=None):
    """The day membership ends, counting paid periods that follow without a gap;
    None when `user` is not a member on `on` (Moscow today by default)."""
    if not getattr(user, "pk", None):
        return None
    return covered_until(active_periods(user), on or local_today())


def _provisional(user, settings, receipt=False):
    """Provisional access: on in the settings, never a member before, approved, and
    the first receipt ever under review. A rejected receipt ends it for good: a new
    payment started after a rejection (on any payment) gives no provisional access.

    `receipt` is the pending receipt when the caller has it already."""
    if not settings.provisional_access:
        return False
    if MembershipPeriod.objects.filter(user=user).exists():
        return False
    if not has_approved_application(user):
        return False
    if payment_selectors.has_rejected_receipt(user):
        return False
    if receipt is False:
        receipt = payment_selectors.pending_receipt_for(user)
    return receipt is not None


def is_active_member(user, on=None):
    """Whether `user` is a member of the society on `on` (Moscow today by default).

    Computed from the dates of the periods paid for: the day after a period ends the
    person is no longer a member, with no job having run. While a first receipt is
    under review, provisional access counts today when the dues settings allow it.
    """
    if not getattr(user, "pk", None) or not user.is_active:
        return False
    today = local_today()
    on = on or today
    if MembershipPeriod.objects.filter(
        user=user, status=PeriodStatus.ACTIVE, start__lte=on, end__gte=on
    ).exists():
        return True
    return on == today and _provisional(user, dues_settings())


def applications_for(user):
    """The person's applications, newest first, with their approving votes counted."""
    return list(
        Application.objects.filter(user=user)
        .select_related("specialty")
        .annotate(
            approvals=Count("votes", filter=Q(votes__decision=VoteDecision.APPROVE))
        )
        .order_by("-created_at", "-pk")
    )


def has_approved_application(user):
    return Application.objects.filter(
        user=user, status=ApplicationStatus.APPROVED
    ).exists()


def next_dues_period(*, until, today, settings):
    """(start, end) of the calendar year the person would pay for now: the year
    after their current membership ends, or the one the cut-off rule gives."""
    if until is not None:
        year = until.year + 1
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return settings.period_for(today)


def renewal_opens(until):
    return until - datetime.timedelta(days=RENEW_DAYS)


class State:
    """Where a person stands, from first step to renewal (see member_standing)."""

    NO_EMAIL = "no_email"
    NO_PROFILE = "no_profile"
    APPLY = "apply"
    WAITING = "waiting"
    PAY = "pay"
    RECEIPT = "receipt"
    MEMBER = "member"
    RENEW = "renew"
    EXPIRED = "expired"


@dataclasses.dataclass
class Standing:
    """What the cabinet says about a person and the one thing to do next."""

    state: str
    today: datetime.date
    applications: list
    until: datetime.date | None = None
    expired_on: datetime.date | None = None
    receipt: object = None
    provisional: bool = False
    period: tuple | None = None
    fee: Decimal | None = None
    open_payment: object = None
    votes_needed: int = 1

    @property
    def open_application(self):
        return next((a for a in self.applications if a.is_open), None)

    @property
    def last_application(self):
        return self.applications[0] if self.applications else None

    @property
    def renewal_opens(self):
        return renewal_opens(self.until) if self.until else None

    @property
    def receipt_overdue(self):
        """The promised review date has passed and the receipt still waits."""
        return bool(self.receipt and self.receipt.review_due < self.today)


def member_standing(user, *, verified=True, has_profile=True):
    """Where `user` stands in the joining road and what to do next, in few queries."""
    today = local_today()
    settings = dues_settings()
    periods = active_periods(user)
    applications = applications_for(user)
    standing = Standing(
        state=State.APPLY,
        today=today,
        applications=applications,
        votes_needed=settings.votes_needed,
        fee=settings.fee,
    )
    standing.until = covered_until(periods, today)
    standing.receipt = payment_selectors.pending_receipt_for(user)
    approved = any(a.status == ApplicationStatus.APPROVED for a in applications)
    if standing.until is not None:
        if standing.receipt is not None:
            standing.state = State.RECEIPT
        elif today >= renewal_opens(standing.until):
            standing.state = State.RENEW
        else:
            standing.state = State.MEMBER
    elif standing.receipt is not None:
        standing.state = State.RECEIPT
        standing.provisional = _provisional(user, settings, standing.receipt)
    elif standing.open_application is not None:
        standing.state = State.WAITING
    elif periods or approved:
        past = [end for _start, end in periods if end < today]
        standing.expired_on = max(past) if past else None
        standing.state = State.EXPIRED if standing.expired_on else State.PAY
    elif not verified:
        standing.state = State.NO_EMAIL
    elif not has_profile:
        standing.state = State.NO_PROFILE
    if standing.state in (State.PAY, State.RENEW, State.EXPIRED):
        standing.period = next_dues_period(
            until=standing.until, today=today, settings=settings
        )
        standing.open_payment = payment_selectors.open_payment_for(
            user, DUES, standing.period[0]
        )
    return standing


def waiting_applications_count():
    return Application.objects.filter(status=ApplicationStatus.SUBMITTED).count()
