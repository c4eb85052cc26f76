"""Starting a dues payment, and the membership periods confirmed payments buy."""

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.time import format_date, local_today
from payments import services as payment_services

from .. import selectors
from ..errors import MembershipError
from ..models import MembershipPeriod, PeriodStatus

DUES = "dues"
CURRENCY = "RUB"


def dues_payment_start(*, user):
    """The payment of the next dues, created (or found, on a double click) in the
    payments app; the member pays it online or by receipt on its page.

    Only for an approved applicant or a member (current or lapsed) renewing, once
    renewal is open, and never for a year paid already.
    """
    today = local_today()
    settings = selectors.dues_settings()
    until = selectors.membership_until(user, today)
    if until is None and not (
        selectors.has_approved_application(user)
        or MembershipPeriod.objects.filter(
            user=user, status=PeriodStatus.ACTIVE
        ).exists()
    ):
        raise MembershipError(
            _("The dues are paid once the Presidium has approved your application.")
        )
    if until is not None and today < selectors.renewal_opens(until):
        raise MembershipError(
            _(
                "Your membership is paid until %(until)s. You can pay for the next "
                "year from %(opens)s."
            )
            % {
                "until": format_date(until),
                "opens": format_date(selectors.renewal_opens(until)),
            }
        )
    start, end = selectors.next_dues_period(until=until, today=today, settings=settings)
    if MembershipPeriod.objects.filter(
        user=user, status=PeriodStatus.ACTIVE, start__lte=end, end__gte=end
    ).exists():
        raise MembershipError(
            _("The dues for %(year)s are paid already.") % {"year": end.year}
        )
    with translation.override(django_settings.LANGUAGE_CODE):
        description = _("Membership dues for %(year)s") % {"year": start.year}
    return payment_services.payment_create(
        user=user,
        kind=DUES,
        amount=settings.fee,
        currency=CURRENCY,
        period_start=start,
        period_end=end,
        description=description,
    )


def period_create_for_payment(*, payment):
    """The membership a confirmed dues payment buys; once per payment.

    The period runs from the year's first day (or from today, when a payment for
    next year is confirmed before it starts: a new member is a member at once)
    to the last day of the year paid for. Later payments add later periods, which
    extends membership without a gap.
    """
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=payment.user_id)
        existing = MembershipPeriod.objects.filter(
            payment_reference=payment.reference
        ).first()
        if existing is not None:
            return existing
        period = MembershipPeriod.objects.create(
            user=user,
            start=min(payment.period_start, local_today()),
            end=payment.period_end,
            payment_reference=payment.reference,
        )
        audit_log(
            action="membership.period.created",
            target=period,
            target_user=user,
            data={
                "payment": str(payment.reference),
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
            },
        )
    return period


def period_void_for_payment(*, payment):
    """A refunded payment's period stops counting (kept, marked void)."""
    with transaction.atomic():
        period = (
            MembershipPeriod.objects.select_for_update()
            .filter(payment_reference=payment.reference)
            .first()
        )
        if period is None or period.status == PeriodStatus.VOID:
            return period
        period.status = PeriodStatus.VOID
        period.voided_at = timezone.now()
        period.save(update_fields=["status", "voided_at"])
        audit_log(
            action="membership.period.voided",
            target=period,
            target_user=period.user,
            data={"payment": str(payment.reference)},
        )
    return period
