"""Provider notifications (Stripe webhooks and any later provider's): triggers that
we verify, store once and compare with our own record before anything changes.

The view is the only CSRF-exempt view of the site: the provider cannot send a CSRF
token; the signature (checked by the gateway adapter on the raw body) takes its
place. Answers: 400 for a notification that is not authentic or not readable, 503
when we could not process it right now (a lock timeout, the provider's API down) so
that the provider retries, 200 for everything else, duplicates included.
"""

import logging

from django.db import OperationalError, connection, transaction
from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import services
from .errors import PaymentsError
from .gateways import (
    GatewayError,
    InvalidNotification,
    Outcome,
    TransientGatewayError,
    get_gateway,
)
from .models import (
    IssueKind,
    Payment,
    PaymentEvent,
    PaymentMethod,
    PaymentStatus,
    ProviderEvent,
    can_transition,
)

logger = logging.getLogger(__name__)

LOCK_TIMEOUT = "5s"
MAX_BODY_BYTES = 256 * 1024


class Result:
    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already confirmed"
    FAILED = "failed"
    UNCHANGED = "unchanged"
    NEEDS_ATTENTION = "needs attention"
    UNKNOWN = "unknown payment"
    REFUNDED = "refunded"
    ALREADY_REFUNDED = "already refunded"
    REFUND_FAILED = "refund failed"


@csrf_exempt
@require_POST
def notification_view(request, provider):
    """Receive one notification from `provider` (e.g. `payments:stripe_webhook`)."""
    gateway = get_gateway(provider)
    if gateway is None or not gateway.is_configured():
        raise Http404
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return HttpResponse("invalid", status=400, content_type="text/plain")
    if length > MAX_BODY_BYTES:
        return HttpResponse("too large", status=413, content_type="text/plain")
    try:
        notification = gateway.parse_notification(request)
    except InvalidNotification as error:
        logger.warning("Refused a %s notification: %s", provider, error)
        return HttpResponse(
            "forbidden" if error.status == 403 else "invalid",
            status=error.status,
            content_type="text/plain",
        )
    except TransientGatewayError as error:
        logger.warning("Could not check a %s notification: %s", provider, error)
        return HttpResponse("retry later", status=503, content_type="text/plain")
    try:
        result = notification_process(notification)
    except (OperationalError, TransientGatewayError) as error:
        # A lock we waited too long for, a dropped connection: nothing was stored,
        # the provider sends the event again.
        logger.warning(
            "Notification %s not processed: %s", notification.event_id, error
        )
        return HttpResponse("retry later", status=503, content_type="text/plain")
    return HttpResponse(result, status=200, content_type="text/plain")


def notification_process(notification):
    """Act on a verified notification once; returns what happened (a Result).

    The event id is stored in the same transaction as its effect: a duplicate (even
    a concurrent one) finds it and changes nothing; a failure stores nothing.
    """
    with transaction.atomic():
        _limit_lock_wait()
        event = _store_event(notification)
        if event is None:
            return Result.DUPLICATE
        if notification.outcome == Outcome.IGNORED or (
            notification.outcome == Outcome.OPEN and not notification.conflict
        ):
            return _finish(event, Result.IGNORED)
        payment = _find_payment(notification)
        if notification.conflict:
            event.payment = payment
            return _finish(
                event, _flag(IssueKind.STATUS_MISMATCH, payment, notification)
            )
        if payment is None:
            if notification.outcome in (Outcome.PAID, Outcome.REFUNDED):
                services.issue_flag(
                    kind=IssueKind.UNKNOWN_REFERENCE,
                    provider=notification.provider,
                    event_id=notification.event_id,
                    details=_details(notification),
                )
                return _finish(event, Result.NEEDS_ATTENTION)
            return _finish(event, Result.UNKNOWN)
        event.payment = payment
        PaymentEvent.objects.create(
            payment=payment,
            kind=PaymentEvent.Kind.NOTIFICATION,
            data=_details(notification),
        )
        if notification.outcome == Outcome.PAID:
            result = _paid(payment, notification)
        elif notification.outcome in (Outcome.REFUNDED, Outcome.REFUND_FAILED):
            result = _refund(payment, notification)
        else:
            result = _failed(payment, notification)
        return _finish(event, result)


def _limit_lock_wait():
    """On PostgreSQL, give up waiting for a row lock after LOCK_TIMEOUT (→ 503)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")


def _store_event(notification):
    """Record the event id; None when it was already recorded (a duplicate)."""
    from django.db import IntegrityError

    try:
        with transaction.atomic():
            return ProviderEvent.objects.create(
                provider=notification.provider,
                event_id=notification.event_id,
                event_type=notification.event_type,
                outcome=str(notification.outcome),
                payload=notification.payload,
            )
    except IntegrityError:
        logger.info("Duplicate notification %s ignored", notification.event_id)
        return None


def _finish(event, result):
    event.outcome = f"{event.outcome}: {result}"[:50]
    event.save(update_fields=["outcome", "payment"])
    return result


def _find_payment(notification):
    """Our payment (row locked) that the notification names, or None. A refund
    made in the provider's dashboard carries no reference of ours: its payment is
    found by the provider's payment id."""
    import uuid

    payments = Payment.objects.select_for_update()
    try:
        reference = uuid.UUID(notification.reference)
    except (ValueError, TypeError, AttributeError):
        reference = None
    if reference is not None:
        return payments.filter(reference=reference).first()
    if notification.outcome in (Outcome.REFUNDED, Outcome.REFUND_FAILED) and (
        notification.provider_payment_id
    ):
        return payments.filter(
            provider=notification.provider,
            provider_payment_id=notification.provider_payment_id,
        ).first()
    return None


def _details(notification):
    return {
        "event_id": notification.event_id,
        "event_type": notification.event_type,
        "outcome": str(notification.outcome),
        "references": list(notification.references),
        "amount": str(notification.amount) if notification.amount is not None else "",
        "currency": notification.currency,
        "session": notification.session_id,
        **({"refund": notification.refund_id} if notification.refund_id else {}),
        **({"conflict": notification.conflict} if notification.conflict else {}),
    }


def mismatch(payment, notification):
    """The IssueKind for a paid notification that disagrees with our record."""
    if not notification.references or any(
        ref != str(payment.reference) for ref in notification.references
    ):
        return IssueKind.REFERENCE_MISMATCH
    if notification.currency != payment.currency:
        return IssueKind.CURRENCY_MISMATCH
    if notification.amount is None or notification.amount != payment.amount:
        return IssueKind.AMOUNT_MISMATCH
    return None


def _flag(kind, payment, notification):
    expected = (
        {"expected_amount": str(payment.amount), "expected_currency": payment.currency}
        if payment is not None
        else {}
    )
    services.issue_flag(
        kind=kind,
        provider=notification.provider,
        event_id=notification.event_id,
        payment=payment,
        details={**_details(notification), **expected},
    )
    return Result.NEEDS_ATTENTION


def _paid(payment, notification):
    problem = mismatch(payment, notification)
    if problem:
        return _flag(problem, payment, notification)
    if payment.status == PaymentStatus.CONFIRMED:
        paid_otherwise = payment.method == PaymentMethod.RECEIPT or (
            payment.provider_payment_id
            and notification.provider_payment_id
            and payment.provider_payment_id != notification.provider_payment_id
        )
        if paid_otherwise:
            return _flag(IssueKind.PAID_TWICE, payment, notification)
        return Result.ALREADY_CONFIRMED
    if not can_transition(payment.status, PaymentStatus.CONFIRMED):
        return _flag(IssueKind.PAID_WHEN_CLOSED, payment, notification)
    services.payment_confirm(
        payment=payment,
        by=None,
        provider=notification.provider,
        provider_payment_id=notification.provider_payment_id,
        data={"event_id": notification.event_id},
    )
    return Result.CONFIRMED


def _failed(payment, notification):
    """A failure or expiry ends an open payment of that session; after success (or
    once a receipt was sent) it changes nothing."""
    target = (
        PaymentStatus.EXPIRED
        if notification.outcome == Outcome.EXPIRED
        else PaymentStatus.FAILED
    )
    same_session = (
        not payment.provider_session_id
        or not notification.session_id
        or payment.provider_session_id == notification.session_id
    )
    if (
        payment.status not in (PaymentStatus.PENDING, PaymentStatus.PROCESSING)
        or not same_session
    ):
        return Result.UNCHANGED
    services.payment_fail(
        payment=payment,
        outcome=target,
        reason=notification.failure_reason,
        data={"event_id": notification.event_id},
    )
    return Result.FAILED


def _refund(payment, notification):
    """The provider returned (or could not return) the money of `payment`: only
    the whole amount of a payment it took counts; anything else goes to staff."""
    from . import refunds

    if notification.outcome == Outcome.REFUND_FAILED:
        refund = refunds.refund_fail(
            payment=payment,
            refund_id=notification.refund_id,
            reason=notification.failure_reason,
        )
        if refund is not None:
            _flag(IssueKind.REFUND_FAILED, payment, notification)
        return Result.REFUND_FAILED if refund is not None else Result.UNCHANGED
    took_it = (
        payment.provider == notification.provider
        and payment.provider_payment_id
        and payment.provider_payment_id == notification.provider_payment_id
        and all(ref == str(payment.reference) for ref in notification.references if ref)
    )
    if not took_it:
        return _flag(IssueKind.REFERENCE_MISMATCH, payment, notification)
    if notification.currency != payment.currency:
        return _flag(IssueKind.CURRENCY_MISMATCH, payment, notification)
    if notification.amount != payment.amount:
        return _flag(IssueKind.AMOUNT_MISMATCH, payment, notification)
    if payment.status == PaymentStatus.REFUNDED:
        return Result.ALREADY_REFUNDED
    if not can_transition(payment.status, PaymentStatus.REFUNDED):
        return _flag(IssueKind.STATUS_MISMATCH, payment, notification)
    try:
        with transaction.atomic():  # a refusal leaves nothing half-written
            refunds.refund_complete(
                payment=payment,
                refund_id=notification.refund_id,
                amount=notification.amount,
                data={"event_id": notification.event_id},
            )
    except PaymentsError:
        # The provider contradicts what it told us (a refund it reported failed now
        # "succeeded"): staff look at it; the provider gets its 200 and stops retrying.
        return _flag(IssueKind.STATUS_MISMATCH, payment, notification)
    return Result.REFUNDED


REFRESH_SECONDS = 10


def payment_refresh(payment):
    """Ask the provider about a payment the member is waiting for, when its
    notification has not arrived yet (at most once every REFRESH_SECONDS per
    payment); the answer goes through `notification_process` like a notification.
    Returns the payment as it is now. Never raises: the member keeps waiting."""
    from django.core.cache import cache

    if payment.status != PaymentStatus.PROCESSING or not payment.provider_session_id:
        return payment
    gateway = get_gateway(payment.provider)
    if gateway is None or not gateway.is_configured():
        return payment
    if not cache.add(f"payments:refresh:{payment.pk}", 1, REFRESH_SECONDS):
        return payment
    try:
        notification_process(gateway.fetch_status(payment))
    except (GatewayError, OperationalError, NotImplementedError) as error:
        logger.warning("Could not refresh payment %s: %s", payment.pk, error)
        return payment
    return Payment.objects.get(pk=payment.pk)
