"""Every state change of a payment, each shaped the same way.

guard → transaction.atomic → lock the row (select_for_update) → change through
`_transition` (which refuses anything ALLOWED_TRANSITIONS does not list and writes
the history) → save(update_fields) → audit entry → after commit: signals and e-mail
(a failed mail is logged and never undoes the change).

Receipts (upload, review) are in payments.receipts; provider notifications in
payments.webhooks. Other apps use `payment_create` and the selectors.
"""

import logging

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log
from core.mail import send_mail

from . import signals
from .display import money, period_label
from .errors import PaymentsError
from .models import (
    OPEN_STATUSES,
    IssueKind,
    Payment,
    PaymentEvent,
    PaymentIssue,
    PaymentKind,
    PaymentMethod,
    PaymentStatus,
    can_transition,
)

logger = logging.getLogger(__name__)

REVIEW_PERMISSION = "payments.review_receipt"

__all__ = [
    "PaymentsError",
    "issue_flag",
    "issue_resolve",
    "payment_cancel",
    "payment_confirm",
    "payment_create",
    "payment_fail",
    "payment_refund",
    "payment_retry",
    "payment_start_online",
]


def can_review(user):
    return bool(user and user.is_active and user.has_perm(REVIEW_PERMISSION))


def _lock(payment):
    """The payment's row, locked until the transaction ends."""
    return Payment.objects.select_for_update().get(pk=payment.pk)


def _transition(payment, to_status, *, actor=None, data=None, fields=()):
    """Move a locked payment to `to_status` along ALLOWED_TRANSITIONS, save it with
    `fields` and record the change in its history."""
    from_status = payment.status
    if not can_transition(from_status, to_status):
        raise PaymentsError(
            _("A payment that is “%(from)s” cannot become “%(to)s”.")
            % {
                "from": PaymentStatus(from_status).label,
                "to": PaymentStatus(to_status).label,
            }
        )
    payment.status = to_status
    payment.save(update_fields=["status", "updated_at", *fields])
    PaymentEvent.objects.create(
        payment=payment,
        kind=PaymentEvent.Kind.STATUS,
        from_status=from_status,
        to_status=to_status,
        actor=actor if actor is not None and actor.pk else None,
        data=data or {},
    )
    return payment


def _audit(action, payment, *, actor=None, data=None):
    audit_log(
        action=action,
        actor=actor,
        target=payment,
        target_user=payment.user,
        data={"reference": str(payment.reference), **(data or {})},
    )


def payment_url(payment):
    """The member's page of this payment (absolute, for e-mails)."""
    from core.mail import site_base_url

    return site_base_url() + reverse("payments:detail", args=[payment.reference])


def mail_member(payment, template, **context):
    """E-mail the member about `payment`; a failure is logged, never raised."""
    try:
        with transaction.atomic():
            send_mail(
                to=payment.user.email,
                template_prefix=f"payments/email/{template}",
                context={
                    "payment": payment,
                    "member": payment.user,
                    "amount": money(payment.amount, payment.currency),
                    "period": period_label(payment.period_start, payment.period_end),
                    "url": payment_url(payment),
                    **context,
                },
                about=payment,
            )
    except Exception:
        logger.exception(
            "Could not queue the %s mail for payment %s", template, payment.pk
        )


def payment_create(
    *, user, kind, amount, currency="RUB", period_start, period_end, description
):
    """A payment the member owes (status pending), or the open one for that period.

    A double click returns the same open payment. A payment for the period that is
    paid or under review refuses a second one (the database enforces it too).
    """
    if kind not in PaymentKind.values:
        raise PaymentsError(_("Unknown kind of payment."))
    if amount is None or amount <= 0:
        raise PaymentsError(_("The amount must be more than zero."))
    with transaction.atomic():
        existing = _live_payment(user, kind, period_start)
        if existing is None:
            try:
                with transaction.atomic():
                    payment = Payment.objects.create(
                        user=user,
                        kind=kind,
                        amount=amount,
                        currency=currency,
                        period_start=period_start,
                        period_end=period_end,
                        description=description,
                    )
            except IntegrityError:
                existing = _live_payment(user, kind, period_start)
                if existing is None:
                    raise
            else:
                PaymentEvent.objects.create(
                    payment=payment,
                    kind=PaymentEvent.Kind.CREATED,
                    to_status=payment.status,
                    data={"amount": str(amount), "currency": currency},
                )
                _audit("payments.payment.created", payment)
                return payment
    if existing.status in OPEN_STATUSES:
        return existing
    if existing.status == PaymentStatus.AWAITING_REVIEW:
        raise PaymentsError(_("Your receipt for this period is already under review."))
    raise PaymentsError(_("This period is already paid; you cannot pay twice."))


def _live_payment(user, kind, period_start):
    from .models import LIVE_STATUSES

    return (
        Payment.objects.select_for_update()
        .filter(
            user=user, kind=kind, period_start=period_start, status__in=LIVE_STATUSES
        )
        .first()
    )


def payment_retry(*, payment, user):
    """Start over after a rejected receipt or a failed, expired or cancelled online
    payment: a new payment with the same amount, period and description."""
    if payment.user_id != user.pk:
        raise PaymentsError(_("This is not your payment."))
    if not payment.can_retry:
        raise PaymentsError(_("This payment is still open: pay it or wait for it."))
    return payment_create(
        user=payment.user,
        kind=payment.kind,
        amount=payment.amount,
        currency=payment.currency,
        period_start=payment.period_start,
        period_end=payment.period_end,
        description=payment.description,
    )


def payment_start_online(*, payment, user, gateway, return_url, cancel_url):
    """Create the provider's hosted payment and return the URL to send the member to.

    The provider is called before the row is locked (it is idempotent for this
    payment); the payment then becomes `processing` with the provider's session id.
    """
    if payment.user_id != user.pk:
        raise PaymentsError(_("This is not your payment."))
    if payment.status not in OPEN_STATUSES:
        raise PaymentsError(_("This payment can no longer be paid online."))
    start = gateway.start_checkout(
        payment, return_url=return_url, cancel_url=cancel_url
    )
    with transaction.atomic():
        payment = _lock(payment)
        if payment.status not in OPEN_STATUSES:
            raise PaymentsError(_("This payment can no longer be paid online."))
        payment.method = PaymentMethod.ONLINE
        payment.provider = gateway.name
        payment.provider_session_id = start.session_id
        fields = ["method", "provider", "provider_session_id"]
        if payment.status == PaymentStatus.PENDING:
            _transition(
                payment,
                PaymentStatus.PROCESSING,
                actor=user,
                data={"provider": gateway.name, "session": start.session_id},
                fields=fields,
            )
        else:
            payment.save(update_fields=["updated_at", *fields])
        PaymentEvent.objects.create(
            payment=payment,
            kind=PaymentEvent.Kind.CHECKOUT,
            actor=user,
            data={"provider": gateway.name, "session": start.session_id},
        )
        _audit(
            "payments.checkout.started",
            payment,
            actor=user,
            data={"provider": gateway.name},
        )
    return start.redirect_url


def payment_confirm(
    *, payment, by=None, provider="", provider_payment_id="", data=None
):
    """The money is in: confirm the payment (idempotent).

    `by` is the staff member who confirmed (None when a provider's verified
    notification did). Already confirmed → returned unchanged. After commit:
    `payment_confirmed` is sent and the member is e-mailed.
    """
    if by is not None and not can_review(by):
        raise PaymentsError(_("Only staff who review payments can confirm them."))
    with transaction.atomic():
        payment = _lock(payment)
        if payment.status == PaymentStatus.CONFIRMED:
            return payment
        payment.confirmed_at = timezone.now()
        payment.confirmed_by = by
        fields = ["confirmed_at", "confirmed_by"]
        if provider:
            payment.method = PaymentMethod.ONLINE
            payment.provider = provider
            payment.provider_payment_id = provider_payment_id
            fields += ["method", "provider", "provider_payment_id"]
        _transition(
            payment, PaymentStatus.CONFIRMED, actor=by, data=data, fields=fields
        )
        _audit(
            "payments.payment.confirmed",
            payment,
            actor=by,
            data={"amount": str(payment.amount), "provider": provider},
        )
        mail_member(payment, "payment_confirmed")
        signals.send_on_commit(signals.payment_confirmed, payment=payment)
    return payment


def payment_fail(*, payment, outcome=PaymentStatus.FAILED, reason="", data=None):
    """The provider says the payment failed or its session expired (idempotent)."""
    with transaction.atomic():
        payment = _lock(payment)
        if payment.status == outcome:
            return payment
        payment.status_reason = reason
        _transition(payment, outcome, data=data, fields=["status_reason"])
        verb = "expired" if outcome == PaymentStatus.EXPIRED else "failed"
        _audit(f"payments.payment.{verb}", payment, data={"reason": reason})
        signals.send_on_commit(signals.payment_failed, payment=payment)
    return payment


def payment_cancel(*, payment, by, reason=""):
    """Cancel a payment that is still open (its owner) or not yet paid (staff)."""
    is_staff = can_review(by)
    if payment.user_id != by.pk and not is_staff:
        raise PaymentsError(_("This is not your payment."))
    with transaction.atomic():
        payment = _lock(payment)
        if payment.status == PaymentStatus.CANCELLED:
            return payment
        if payment.status not in OPEN_STATUSES and not is_staff:
            raise PaymentsError(_("Only an unpaid payment can be cancelled."))
        payment.status_reason = reason
        _transition(
            payment, PaymentStatus.CANCELLED, actor=by, fields=["status_reason"]
        )
        _audit("payments.payment.cancelled", payment, actor=by, data={"reason": reason})
    return payment


def payment_refund(*, payment, by, reason):
    """Record that a confirmed payment's money was returned (staff; idempotent).

    The payment no longer counts: `payment_refunded` lets membership void the
    period. Refunds through the provider's API come with the refund feature.
    """
    if not can_review(by):
        raise PaymentsError(_("Only staff who review payments can record refunds."))
    if not (reason or "").strip():
        raise PaymentsError(_("Say why the money is returned."))
    with transaction.atomic():
        payment = _lock(payment)
        if payment.status == PaymentStatus.REFUNDED:
            return payment
        payment.status_reason = reason.strip()
        _transition(payment, PaymentStatus.REFUNDED, actor=by, fields=["status_reason"])
        _audit("payments.payment.refunded", payment, actor=by, data={"reason": reason})
        signals.send_on_commit(signals.payment_refunded, payment=payment)
    return payment


def issue_flag(*, kind, provider, event_id="", payment=None, details=None):
    """Put a provider notification we did not act on in front of staff."""
    if kind not in IssueKind.values:
        raise ValueError(kind)
    issue = PaymentIssue.objects.create(
        kind=kind,
        payment=payment,
        provider=provider,
        event_id=event_id,
        details=details or {},
    )
    if payment is not None:
        PaymentEvent.objects.create(
            payment=payment,
            kind=PaymentEvent.Kind.MISMATCH,
            data={"issue": issue.pk, "kind": kind, **(details or {})},
        )
        _audit("payments.issue.flagged", payment, data={"kind": kind})
    logger.warning("Payment needs attention: %s %s %s", kind, provider, event_id)
    return issue


def issue_resolve(*, issue, by, resolution):
    """Staff say what they did about a flagged notification (idempotent)."""
    if not can_review(by):
        raise PaymentsError(_("Only staff who review payments can resolve this."))
    resolution = (resolution or "").strip()
    if not resolution:
        raise PaymentsError(_("Say what was done about it."))
    with transaction.atomic():
        issue = PaymentIssue.objects.select_for_update().get(pk=issue.pk)
        if issue.resolved_at is not None:
            return issue
        issue.resolved_at = timezone.now()
        issue.resolved_by = by
        issue.resolution = resolution
        issue.save(update_fields=["resolved_at", "resolved_by", "resolution"])
        audit_log(
            action="payments.issue.resolved",
            actor=by,
            target=issue,
            target_user=issue.payment.user if issue.payment_id else None,
            data={"kind": issue.kind, "resolution": resolution},
        )
    return issue
