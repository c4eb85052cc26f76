"""The НМО code wallet: import the portal's codes, hand one to each attendee, the
member marks it entered, reminders before the deadline."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log
from core.mail import send_mail
from core.time import format_date, local_today

from ..errors import CreditsError
from ..models import CheckIn, CreditRecord, CreditSettings, NmoCode, NmoImport

# Hand-out's guard against one code reaching two members: lock a free row (skipping
# rows other transactions hold) and claim it with a conditional update. Only the
# race tests turn it off.
LOCK_NMO = True


def _pause_before_claim():
    """Where the race tests hold two hand-outs side by side; does nothing."""


def nmo_codes_import(*, actor, event, codes, file_name, deadline):
    """Store validated portal codes for `event` and hand them to waiting attendees."""
    if not (actor.is_active and actor.has_perm("credits.add_nmocode")):
        raise CreditsError(
            _("Only staff with the right to import НМО codes can do this.")
        )
    if not codes:
        raise CreditsError(_("The file has no codes."))
    if len(set(codes)) != len(codes):
        raise CreditsError(_("The file lists some codes twice."))
    with transaction.atomic():
        taken = list(
            NmoCode.objects.filter(code__in=codes).values_list("code", flat=True)[:5]
        )
        if taken:
            raise CreditsError(
                _("These codes were imported before: %(codes)s. Nothing was imported.")
                % {"codes": ", ".join(taken)}
            )
        source = NmoImport.objects.create(
            event=event,
            file_name=file_name[:255],
            count=len(codes),
            deadline=deadline,
            created_by=actor,
        )
        try:
            with transaction.atomic():
                NmoCode.objects.bulk_create(
                    [
                        NmoCode(
                            event=event, source=source, code=code, deadline=deadline
                        )
                        for code in codes
                    ],
                    batch_size=1000,
                )
        except IntegrityError:  # imported by someone else at the same moment
            raise CreditsError(
                _("Some of these codes were imported before. Nothing was imported.")
            ) from None
        audit_log(
            action="credits.nmo.imported",
            actor=actor,
            target=source,
            data={"event": event.title, "count": len(codes), "file": file_name[:100]},
        )
        handed = nmo_codes_hand_out(event=event)
    return source, handed


def nmo_eligible_members(*, event):
    """Members who earned credits at or were checked in to `event`, ids only."""
    credited = CreditRecord.objects.filter(event=event).values_list(
        "user_id", flat=True
    )
    checked = CheckIn.objects.filter(event=event).values_list("user_id", flat=True)
    return set(credited) | set(checked)


def nmo_codes_hand_out(*, event, now=None):
    """Give a free code to every eligible attendee who has none; returns how many."""
    holders = set(
        NmoCode.objects.filter(event=event, assigned_to__isnull=False).values_list(
            "assigned_to_id", flat=True
        )
    )
    handed = 0
    for user_id in sorted(nmo_eligible_members(event=event) - holders):
        if nmo_code_assign(user=user_id, event=event, now=now):
            handed += 1
    return handed


def nmo_code_assign(*, user, event, now=None):
    """Hand `user` (a user or an id) one free portal code of `event`, at most one
    per member; returns the code handed out now, or None (pool empty, or the member
    has one). Joins the caller's transaction if any.
    """
    now = now or timezone.now()
    user_id = getattr(user, "pk", user)
    with transaction.atomic():
        free = NmoCode.objects.filter(event=event, assigned_at__isnull=True)
        if LOCK_NMO:
            free = free.select_for_update(skip_locked=True)
        code = free.order_by("pk").first()
        if code is None:
            return None
        if NmoCode.objects.filter(event=event, assigned_to_id=user_id).exists():
            return None
        _pause_before_claim()
        try:
            with transaction.atomic():
                if LOCK_NMO:
                    claimed = NmoCode.objects.filter(
                        pk=code.pk, assigned_at__isnull=True
                    ).update(assigned_to_id=user_id, assigned_at=now)
                    if not claimed:
                        return None
                else:
                    code.assigned_to_id, code.assigned_at = user_id, now
                    code.save(update_fields=["assigned_to", "assigned_at"])
        except IntegrityError:  # the same member got one at the same moment
            return None
        code.refresh_from_db()
        audit_log(
            action="credits.nmo.assigned",
            target=code,
            target_user=code.assigned_to,
            data={"event": event.title},
        )
    return code


def nmo_code_mark_entered(*, user, nmo_code):
    """The member says they entered the code on the portal (idempotent)."""
    if nmo_code.assigned_to_id != user.pk:
        raise CreditsError(_("This НМО code is not yours."))
    with transaction.atomic():
        code = NmoCode.objects.select_for_update().get(pk=nmo_code.pk)
        if code.entered_at is not None:
            return code
        code.entered_at = timezone.now()
        code.save(update_fields=["entered_at"])
        audit_log(
            action="credits.nmo.entered",
            actor=user,
            target=code,
            target_user=user,
            data={"event": code.event.title},
        )
    return code


def nmo_reminders_send(*, today=None):
    """Mail members whose code is not marked entered and whose deadline is near.

    Each code is reminded once; returns how many reminders were sent.
    """
    today = today or local_today()
    settings = CreditSettings.load()
    horizon = today + datetime.timedelta(days=settings.nmo_reminder_days)
    due = (
        NmoCode.objects.filter(
            assigned_to__isnull=False,
            assigned_to__is_active=True,  # a closed account gets no more mail
            entered_at__isnull=True,
            reminded_at__isnull=True,
            deadline__gte=today,
            deadline__lte=horizon,
        )
        .select_related("assigned_to", "event")
        .order_by("deadline", "pk")
    )
    sent = 0
    for code in due:
        with transaction.atomic():
            claimed = NmoCode.objects.filter(
                pk=code.pk, reminded_at__isnull=True
            ).update(reminded_at=timezone.now())
            if not claimed:
                continue
            user = code.assigned_to
            send_mail(
                to=user.email,
                template_prefix="credits/email/nmo_reminder",
                context={
                    "user": user,
                    "event_title": code.event.title,
                    "nmo_code": code.code,
                    "deadline": format_date(code.deadline),
                    "portal_url": settings.nmo_portal_url,
                },
                about=code,
            )
            audit_log(
                action="credits.nmo.reminded",
                target=code,
                target_user=user,
                data={"event": code.event.title},
            )
            sent += 1
    return sent
