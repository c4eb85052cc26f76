"""The ledger's other ways in: check-in at the door, staff adjustments, and the
member's own cycle start."""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log
from core.time import local_today, localtime

from ..errors import CreditsError
from ..models import (
    CheckIn,
    CreditProfile,
    CreditRecord,
    CreditSource,
    EventCreditPolicy,
)
from .codes import MAX_CREDITS
from .nmo import nmo_code_assign


def checkin_record(*, actor, event, member, now=None, ip=None):
    """Record that `member` came to `event`, once; a second scan changes nothing.

    Returns (check_in, created, credit_record_or_None). When the event's rule says
    check-in gives credits, the event's credits are recorded too.
    """
    if not (actor.is_active and actor.has_perm("credits.check_in_attendees")):
        raise CreditsError(_("Only staff with the check-in right can do this."))
    if not event.live:
        raise CreditsError(_("This event is not published."))
    now = now or timezone.now()
    with transaction.atomic():
        existing = CheckIn.objects.filter(event=event, user=member).first()
        if existing is not None:
            return existing, False, None
        try:
            with transaction.atomic():
                check_in = CheckIn.objects.create(
                    event=event, user=member, checked_in_at=now, checked_in_by=actor
                )
        except IntegrityError:  # the same person scanned at two doors at once
            return CheckIn.objects.get(event=event, user=member), False, None
        record = None
        policy = EventCreditPolicy.objects.filter(event=event).first()
        if policy and policy.checkin_grants_credits and event.credits:
            record = _record_once(
                user=member, event=event, source=CreditSource.CHECKIN, now=now
            )
        audit_log(
            action="credits.checkin.recorded",
            actor=actor,
            target=check_in,
            target_user=member,
            data={"event": event.title, "credited": bool(record)},
            ip=ip,
        )
        nmo_code_assign(user=member, event=event, now=now)
    return check_in, True, record


def _record_once(*, user, event, source, now):
    """A credit record for the event's credits unless the member already has one."""
    if CreditRecord.objects.filter(user=user, event=event).exists():
        return None
    try:
        with transaction.atomic():
            return CreditRecord.objects.create(
                user=user,
                event=event,
                source=source,
                credits=Decimal(event.credits),
                earned_on=localtime(event.start).date(),
            )
    except IntegrityError:
        return None


def credit_adjust(*, actor, member, event, credits, reason, earned_on=None):
    """Staff set a member's credits for an event, with a reason (audited).

    Creates the record if the member has none (a lost code, say) or changes it.
    """
    if not (actor.is_active and actor.has_perm("credits.add_creditrecord")):
        raise CreditsError(
            _("Only staff with the right to adjust credits can do this.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise CreditsError(_("Give the reason for the adjustment."))
    try:
        credits = Decimal(credits)
    except (InvalidOperation, TypeError):
        raise CreditsError(_("Enter the credits as a number, e.g. 6 or 1.5.")) from None
    if not Decimal("0") <= credits <= MAX_CREDITS:
        raise CreditsError(_("Credits must be between 0 and 999.99."))
    earned_on = earned_on or localtime(event.start).date()
    with transaction.atomic():
        record = (
            CreditRecord.objects.select_for_update()
            .filter(user=member, event=event)
            .first()
        )
        old = str(record.credits) if record else None
        if record is None:
            record = CreditRecord.objects.create(
                user=member,
                event=event,
                source=CreditSource.ADJUSTMENT,
                credits=credits,
                earned_on=earned_on,
                reason=reason,
                created_by=actor,
            )
        else:
            record.credits, record.reason = credits, reason
            record.source, record.created_by = CreditSource.ADJUSTMENT, actor
            record.earned_on = earned_on
            record.save(
                update_fields=[
                    "credits",
                    "reason",
                    "source",
                    "created_by",
                    "earned_on",
                    "updated_at",
                ]
            )
        audit_log(
            action="credits.record.adjusted",
            actor=actor,
            target=record,
            target_user=member,
            data={
                "event": event.title,
                "old": old,
                "new": str(credits),
                "reason": reason,
            },
        )
        if credits > 0:
            nmo_code_assign(user=member, event=event)
    return record


def credit_cycle_set(*, user, cycle_start):
    """The member sets the start of their 5-year cycle (their accreditation date)."""
    if cycle_start is not None and cycle_start > local_today():
        raise CreditsError(_("The cycle start cannot be in the future."))
    with transaction.atomic():
        profile, _created = CreditProfile.objects.select_for_update().get_or_create(
            user=user
        )
        if profile.cycle_start == cycle_start:
            return profile
        old = profile.cycle_start
        profile.cycle_start = cycle_start
        profile.save(update_fields=["cycle_start"])
        audit_log(
            action="credits.cycle.set",
            actor=user,
            target=profile,
            target_user=user,
            data={
                "old": old.isoformat() if old else None,
                "new": cycle_start.isoformat() if cycle_start else None,
            },
        )
    return profile


def event_policy_set(*, actor, event, checkin_grants_credits):
    """Staff decide whether check-in at the door gives the event's credits."""
    if not (actor.is_active and actor.has_perm("credits.change_eventcreditpolicy")):
        raise CreditsError(_("Only staff with the right to change this can do it."))
    with transaction.atomic():
        policy, _created = EventCreditPolicy.objects.select_for_update().get_or_create(
            event=event
        )
        if policy.checkin_grants_credits != checkin_grants_credits:
            policy.checkin_grants_credits = checkin_grants_credits
            policy.save(update_fields=["checkin_grants_credits"])
            audit_log(
                action="credits.policy.changed",
                actor=actor,
                target=policy,
                data={
                    "event": event.title,
                    "checkin_grants_credits": checkin_grants_credits,
                },
            )
    return policy
