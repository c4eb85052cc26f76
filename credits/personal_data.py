"""What credits holds about a person (see core.personal_data): the ledger and
its certificates, attendance, credit codes used and НМО codes handed out.
Certificates stay verifiable after an account is closed (initials only)."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import Category, register

from .models import CheckIn, CreditCode, CreditProfile, CreditRecord, NmoCode

KEPT = _("Kept so that certificates stay verifiable; the check shows only initials.")

register(
    Category(
        name="credits.records",
        label=_("CME credits and certificates"),
        order=60,
        queryset=lambda user: (
            CreditRecord.objects.filter(user=user)
            .select_related("event")
            .order_by("-earned_on", "-pk")
        ),
        row=lambda record: {
            "event": record.event.title,
            "earned_on": record.earned_on,
            "credits": record.credits,
            "source": record.get_source_display(),
            "certificate": record.certificate_id,
        },
        columns={
            "event": _("Event"),
            "earned_on": _("Earned on"),
            "credits": _("Credits"),
            "source": _("Source"),
            "certificate": _("Certificate number"),
        },
        covers=("credits.CreditRecord.user",),
        actor_fields=("credits.CreditRecord.created_by",),
        kept=KEPT,
    )
)

register(
    Category(
        name="credits.checkins",
        label=_("Attendance at events"),
        order=62,
        queryset=lambda user: CheckIn.objects.filter(user=user).select_related("event"),
        row=lambda checkin: {
            "event": checkin.event.title,
            "checked_in_at": checkin.checked_in_at,
        },
        columns={"event": _("Event"), "checked_in_at": _("Checked in at")},
        covers=("credits.CheckIn.user",),
        actor_fields=("credits.CheckIn.checked_in_by",),
        kept=KEPT,
    )
)

register(
    Category(
        name="credits.codes",
        label=_("Credit codes entered"),
        order=64,
        queryset=lambda user: (
            CreditCode.objects.filter(used_by=user)
            .select_related("event")
            .order_by("-used_at")
        ),
        row=lambda code: {
            "event": code.event.title,
            "code": code.display,
            "used_at": code.used_at,
        },
        columns={"event": _("Event"), "code": _("Code"), "used_at": _("Used at")},
        covers=("credits.CreditCode.used_by",),
        actor_fields=(
            "credits.CreditCode.revoked_by",
            "credits.CreditCodeBatch.created_by",
            "credits.NmoImport.created_by",
        ),
        kept=KEPT,
    )
)

register(
    Category(
        name="credits.nmo",
        label=_("НМО portal codes"),
        order=66,
        queryset=lambda user: (
            NmoCode.objects.filter(assigned_to=user)
            .select_related("event")
            .order_by("-assigned_at")
        ),
        row=lambda code: {
            "event": code.event.title,
            "code": code.code,
            "assigned_at": code.assigned_at,
            "entered_at": code.entered_at,
        },
        columns={
            "event": _("Event"),
            "code": _("НМО code"),
            "assigned_at": _("Handed out"),
            "entered_at": _("Entered on the portal"),
        },
        covers=("credits.NmoCode.assigned_to",),
        kept=KEPT,
    )
)

register(
    Category(
        name="credits.profile",
        label=_("CME cycle"),
        order=68,
        queryset=lambda user: CreditProfile.objects.filter(user=user),
        row=lambda profile: {"cycle_start": profile.cycle_start},
        columns={"cycle_start": _("Start of the 5-year cycle")},
        covers=("credits.CreditProfile.user",),
        kept=KEPT,
    )
)
