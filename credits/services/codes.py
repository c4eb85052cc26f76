"""Credit codes: generate a batch, revoke unused codes, redeem a code in the cabinet.

Each service: guard → transaction.atomic → lock → change → save → audit entry.
"""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log
from core.time import format_datetime, local_tz, localtime

from .. import codes, throttle
from ..errors import AlreadyCredited, CodeNotValid, CreditsError, TooManyAttempts
from ..models import (
    CreditCode,
    CreditCodeBatch,
    CreditCodeStatus,
    CreditRecord,
    CreditSettings,
    CreditSource,
)
from .nmo import nmo_code_assign

MAX_CODES_PER_BATCH = 10_000
MAX_CREDITS = Decimal("999.99")

# Redemption's guard against two people using one code at the same moment: a row lock
# plus a conditional update. Only the race tests turn it off, to show the race.
LOCK_CODES = True


def _pause_before_consume():
    """Where the race tests hold two redemptions side by side; does nothing."""


def default_valid_until(event):
    """The end of the Moscow day `code_valid_days` after the event ends."""
    days = CreditSettings.load().code_valid_days
    last_day = localtime(event.end).date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(last_day, datetime.time(23, 59, 59), local_tz())


def credit_codes_generate(
    *,
    actor,
    event,
    count,
    credits=None,
    valid_from=None,
    valid_until=None,
    label="",
):
    """Make `count` fresh single-use codes for `event` in one batch (bulk insert)."""
    if not (actor.is_active and actor.has_perm("credits.add_creditcode")):
        raise CreditsError(_("Only staff with the right to make codes can do this."))
    if not 1 <= count <= MAX_CODES_PER_BATCH:
        raise CreditsError(
            _("Make between 1 and %(max)s codes at a time.")
            % {"max": MAX_CODES_PER_BATCH}
        )
    if credits is None:
        credits = event.credits
    credits = Decimal(credits) if credits is not None else None
    if credits is None or not Decimal("0") < credits <= MAX_CREDITS:
        raise CreditsError(
            _(
                "The event gives no credits: enter how many credits each code is "
                "worth (more than 0)."
            )
        )
    valid_from = valid_from or event.start
    valid_until = valid_until or default_valid_until(event)
    if valid_until <= valid_from:
        raise CreditsError(_("The codes must stop being valid after they start."))
    with transaction.atomic():
        batch = CreditCodeBatch.objects.create(
            event=event,
            count=count,
            credits=credits,
            valid_from=valid_from,
            valid_until=valid_until,
            label=label,
            created_by=actor,
        )
        fresh = _fresh_codes(count)
        CreditCode.objects.bulk_create(
            [
                CreditCode(
                    batch=batch,
                    event=event,
                    code=code,
                    credits=credits,
                    valid_from=valid_from,
                    valid_until=valid_until,
                    label=label,
                )
                for code in fresh
            ],
            batch_size=2000,
        )
        audit_log(
            action="credits.codes.generated",
            actor=actor,
            target=batch,
            data={"event": event.title, "count": count, "credits": str(credits)},
        )
    return batch


def _fresh_codes(count):
    """`count` new codes that no stored code equals (collisions are astronomically
    rare; the unique constraint is the last word)."""
    fresh = codes.generate_many(count)
    while True:
        taken = set()
        for offset in range(0, len(fresh), 5000):
            chunk = fresh[offset : offset + 5000]
            taken.update(
                CreditCode.objects.filter(code__in=chunk).values_list("code", flat=True)
            )
        if not taken:
            return fresh
        kept = [code for code in fresh if code not in taken]
        fresh = kept + codes.generate_many(len(taken), taken=set(kept) | taken)


def credit_code_revoke(*, actor, code):
    """Revoke one unused code: it can no longer be redeemed (audited)."""
    _check_revoke_permission(actor)
    with transaction.atomic():
        now = timezone.now()
        updated = CreditCode.objects.filter(
            pk=code.pk, status=CreditCodeStatus.ACTIVE
        ).update(status=CreditCodeStatus.REVOKED, revoked_by=actor, revoked_at=now)
        if not updated:
            raise CreditsError(_("Only unused codes can be revoked."))
        audit_log(
            action="credits.code.revoked",
            actor=actor,
            target=code,
            data={"code": code.display, "event": code.event.title},
        )
    code.refresh_from_db()
    return code


def credit_codes_revoke_unused(*, actor, batch):
    """Revoke every code of `batch` nobody has used yet; returns how many."""
    _check_revoke_permission(actor)
    with transaction.atomic():
        count = CreditCode.objects.filter(
            batch=batch, status=CreditCodeStatus.ACTIVE
        ).update(
            status=CreditCodeStatus.REVOKED,
            revoked_by=actor,
            revoked_at=timezone.now(),
        )
        audit_log(
            action="credits.codes.revoked",
            actor=actor,
            target=batch,
            data={"event": batch.event.title, "count": count},
        )
    return count


def _check_revoke_permission(actor):
    if not (actor.is_active and actor.has_perm("credits.change_creditcode")):
        raise CreditsError(_("Only staff with the right to manage codes can do this."))


def credit_code_redeem(*, user, raw_code, ip=None, now=None):
    """The member enters a code: credits for its event, or one clear error.

    Failed attempts count against the member and the address; after 5 within 15
    minutes both are refused until the time the message names. The slot is taken
    before the code is looked up, so parallel requests cannot overrun the limit.
    """
    now = now or timezone.now()
    slot, until = throttle.take_slot(user_id=user.pk, ip=ip, now=now)
    if until is not None:
        raise TooManyAttempts(localtime(until).strftime("%H:%M"))
    try:
        result = _redeem(user=user, raw_code=raw_code, ip=ip, now=now)
    except CreditsError:
        raise  # a failure keeps its slot: it counts
    except BaseException:
        throttle.release(slot)
        raise
    throttle.release(slot)
    return result


def _redeem(*, user, raw_code, ip, now):
    normalized = codes.normalize(raw_code)
    if not normalized:
        raise CodeNotValid()
    with transaction.atomic():
        query = CreditCode.objects.select_related("event")
        if LOCK_CODES:
            query = query.select_for_update(of=("self",))
        code = query.filter(code=normalized).first()
        if (
            code is None
            or code.status == CreditCodeStatus.REVOKED
            or not code.event.live
        ):
            raise CodeNotValid()
        event = code.event
        if code.status == CreditCodeStatus.USED:
            if code.used_by_id == user.pk:
                raise AlreadyCredited(event.title)
            raise CodeNotValid()  # someone else's: said exactly like a wrong code
        if now < code.valid_from:
            raise CreditsError(
                _("This code can be entered from %(time)s (Moscow time).")
                % {"time": format_datetime(code.valid_from)}
            )
        if now > code.valid_until:
            raise CreditsError(
                _("This code expired on %(time)s (Moscow time).")
                % {"time": format_datetime(code.valid_until)}
            )
        _pause_before_consume()
        if LOCK_CODES:
            consumed = CreditCode.objects.filter(
                pk=code.pk, status=CreditCodeStatus.ACTIVE
            ).update(status=CreditCodeStatus.USED, used_by=user, used_at=now)
            if not consumed:
                raise CodeNotValid()
        else:
            code.status, code.used_by, code.used_at = CreditCodeStatus.USED, user, now
            code.save(update_fields=["status", "used_by", "used_at"])
        try:
            record = CreditRecord.objects.create(
                user=user,
                event=event,
                source=CreditSource.CODE,
                credits=code.credits,
                earned_on=localtime(event.start).date(),
                code=code,
            )
        except IntegrityError:
            # The member has credits for this event (from another code, check-in or
            # staff): raising rolls the whole transaction back, the code included.
            raise AlreadyCredited(event.title) from None
        audit_log(
            action="credits.code.redeemed",
            actor=user,
            target=record,
            target_user=user,
            data={
                "code": code.display,
                "event": event.title,
                "credits": str(code.credits),
            },
            ip=ip,
        )
        nmo_code_assign(user=user, event=event, now=now)
    return record
