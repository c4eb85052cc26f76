"""Reminders before and after the end of membership, each sent once."""

import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from core.time import local_today
from payments import selectors as payment_selectors

from .. import emails, selectors
from ..models import MembershipPeriod, PeriodStatus, ReminderKind, ReminderSent

# How late a missed daily run may still send a reminder.
WINDOWS = {
    ReminderKind.DAYS_30: (8, 30),  # days left before the end
    ReminderKind.DAYS_7: (0, 7),
}
EXPIRED_WINDOW = (1, 30)  # days after the end


def _reminder_due(periods, today):
    """(kind, end date) of the reminder `periods` call for today, or None."""
    until = selectors.covered_until(periods, today)
    if until is not None:
        left = (until - today).days
        for kind, (low, high) in WINDOWS.items():
            if low <= left <= high:
                return kind, until
        return None
    ended = [end for _start, end in periods if end < today]
    if not ended or any(start > today for start, _end in periods):
        return None
    last = max(ended)
    low, high = EXPIRED_WINDOW
    if low <= (today - last).days <= high:
        return ReminderKind.EXPIRED, last
    return None


def _claim(*, user, kind, until):
    """Insert the ReminderSent row; False if this reminder is claimed already
    (the unique constraint decides, also between two runs at the same time)."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(user=user, kind=kind, period_end=until)
    except IntegrityError:
        return False
    return True


def reminders_send(*, today=None):
    """Mail each member whose membership ends in 30 or 7 days, or ended
    yesterday; returns how many were sent. Safe to run twice, even at once."""
    today = today or local_today()
    horizon = datetime.timedelta(days=max(high for _low, high in WINDOWS.values()))
    user_ids = (
        MembershipPeriod.objects.filter(
            status=PeriodStatus.ACTIVE,
            end__gte=today - datetime.timedelta(days=EXPIRED_WINDOW[1]),
            end__lte=today + horizon,
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    sent = 0
    users = get_user_model().objects.filter(pk__in=list(user_ids), is_active=True)
    for user in users.order_by("pk"):
        due = _reminder_due(selectors.active_periods(user), today)
        if due is None or payment_selectors.pending_receipt_for(user) is not None:
            continue
        kind, until = due
        with transaction.atomic():
            if not _claim(user=user, kind=kind, until=until):
                continue
            emails.reminder(user=user, kind=kind, until=until)
        sent += 1
    return sent
