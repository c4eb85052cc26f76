"""Paying by bank transfer: the purpose line, the ST00012 QR, and the receipt's
life (upload, replace, review), each change a service shaped like those in
payments.services."""

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.time import format_date, local_today
from core.workdays import add_working_days

from . import signals
from .display import period_label
from .errors import PaymentsError
from .gateways.base import to_minor_units
from .models import (
    RECEIPT_TRANSITIONS,
    Payment,
    PaymentEvent,
    PaymentMethod,
    PaymentSettings,
    PaymentStatus,
    Receipt,
    ReceiptStatus,
)
from .services import (
    _audit,
    _lock,
    _transition,
    can_review,
    mail_member,
    payment_confirm,
)

REJECT_REASON_LENGTH = 1000


# --- What the member copies or scans -------------------------------------------------


def purpose_line(payment, payment_settings, *, name, code):
    """The transfer's purpose from the staff's template, with this member's name,
    personal code and period filled in (in Russian whatever the page's language:
    the bank reads it)."""
    text = payment_settings.purpose_template or ""
    with translation.override(settings.LANGUAGE_CODE):
        period = period_label(payment.period_start, payment.period_end)
    for placeholder, value in (
        ("{name}", name),
        ("{code}", code),
        ("{period}", period),
    ):
        text = text.replace(placeholder, value or "")
    return " ".join(text.split())


def _qr_value(value):
    """A value for the ST00012 string: `|` separates fields, so it can't appear."""
    return " ".join(str(value or "").replace("|", " ").split())


def st00012(payment, payment_settings, *, purpose):
    """The payment as ГОСТ Р 56042-2014 text (`ST00012`: UTF-8) that Russian banking
    apps read from a QR: payee, account, bank, amount in kopecks, purpose."""
    fields = [
        ("Name", payment_settings.recipient),
        ("PersonalAcc", payment_settings.account),
        ("BankName", payment_settings.bank_name),
        ("BIC", payment_settings.bic),
        ("CorrespAcc", payment_settings.correspondent_account),
        ("PayeeINN", payment_settings.inn),
        ("KPP", payment_settings.kpp),
        ("Sum", to_minor_units(payment.amount, payment.currency)),
        ("Purpose", purpose),
    ]
    return "ST00012|" + "|".join(
        f"{key}={_qr_value(value)}" for key, value in fields if _qr_value(value)
    )


def review_due_for(day, payment_settings):
    """The working day by which staff answer a receipt sent on `day`."""
    return add_working_days(day, payment_settings.review_days or 5)


# --- Services --------------------------------------------------------------------------


def receipt_submit(*, payment, user, upload, paid_on=None, paid_amount=None, site=None):
    """The member sends (or replaces) the receipt of a bank transfer.

    `upload` is a checked `core.uploads.CleanUpload`. The first receipt starts the
    review clock ("we answer by <date>", in working days); a replacement while it
    waits keeps that date and every earlier version. Sending the same file twice
    (a double click) stores it once.
    """
    if payment.user_id != user.pk:
        raise PaymentsError(_("This is not your payment."))
    payment_settings = _settings(site)
    stored = []  # the file's name once it is in storage
    try:
        with transaction.atomic():
            payment = _lock(payment)
            if not payment.accepts_receipt:
                raise PaymentsError(_("This payment no longer takes a receipt."))
            current = _current(payment)
            if current is not None and current.sha256 == upload.sha256:
                return current
            if current is not None:
                _receipt_transition(current, ReceiptStatus.SUPERSEDED)
                due = current.review_due
            else:
                due = review_due_for(local_today(), payment_settings)
            version = (payment.receipts.aggregate(v=Max("version"))["v"] or 0) + 1
            receipt = Receipt(
                payment=payment,
                version=version,
                original_name=upload.original_name,
                content_type=upload.content_type,
                size=upload.size,
                sha256=upload.sha256,
                paid_on=paid_on,
                paid_amount=paid_amount,
                review_due=due,
                uploaded_by=user,
            )
            receipt.file.save(upload.content.name, upload.content, save=False)
            stored.append(receipt.file.name)
            receipt.save()
            PaymentEvent.objects.create(
                payment=payment,
                kind=PaymentEvent.Kind.RECEIPT,
                actor=user,
                data={"receipt": receipt.pk, "version": version},
            )
            payment.method = PaymentMethod.RECEIPT
            if payment.status != PaymentStatus.AWAITING_REVIEW:
                _transition(
                    payment,
                    PaymentStatus.AWAITING_REVIEW,
                    actor=user,
                    data={"receipt": receipt.pk},
                    fields=["method"],
                )
            action = "replaced" if current is not None else "submitted"
            _audit(
                f"payments.receipt.{action}",
                payment,
                actor=user,
                data={"version": version, "review_due": due.isoformat()},
            )
            if current is None:
                mail_member(payment, "receipt_received", due=format_date(due))
            signals.send_on_commit(
                signals.receipt_submitted, payment=payment, receipt=receipt
            )
    except BaseException:
        # The database forgot the receipt: the storage must not keep its file.
        for name in stored:
            Receipt.file.field.storage.delete(name)
        raise
    return receipt


def receipt_confirm(*, payment, by):
    """Staff accept the receipt under review: the payment is confirmed (the member
    is e-mailed by payment_confirm). A second click changes nothing."""
    if not can_review(by):
        raise PaymentsError(_("Only staff who review payments can confirm receipts."))
    with transaction.atomic():
        payment = _lock(payment)
        if payment.status == PaymentStatus.CONFIRMED:
            return payment
        if payment.status != PaymentStatus.AWAITING_REVIEW:
            raise PaymentsError(_status_message(payment))
        receipt = _current(payment)
        receipt.reviewed_by = by
        receipt.reviewed_at = timezone.now()
        _receipt_transition(
            receipt, ReceiptStatus.ACCEPTED, fields=["reviewed_by", "reviewed_at"]
        )
        _audit(
            "payments.receipt.confirmed",
            payment,
            actor=by,
            data={"version": receipt.version},
        )
        return payment_confirm(payment=payment, by=by, data={"receipt": receipt.pk})


def receipt_reject(*, payment, by, reason):
    """Staff refuse the receipt under review with a reason the member reads."""
    if not can_review(by):
        raise PaymentsError(_("Only staff who review payments can reject receipts."))
    reason = (reason or "").strip()[:REJECT_REASON_LENGTH]
    if not reason:
        raise PaymentsError(_("Write the reason: the member will read it."))
    with transaction.atomic():
        payment = _lock(payment)
        if payment.status == PaymentStatus.REJECTED:
            return payment
        if payment.status != PaymentStatus.AWAITING_REVIEW:
            raise PaymentsError(_status_message(payment))
        receipt = _current(payment)
        receipt.reviewed_by = by
        receipt.reviewed_at = timezone.now()
        receipt.reject_reason = reason
        _receipt_transition(
            receipt,
            ReceiptStatus.REJECTED,
            fields=["reviewed_by", "reviewed_at", "reject_reason"],
        )
        payment.status_reason = reason
        _transition(
            payment,
            PaymentStatus.REJECTED,
            actor=by,
            data={"receipt": receipt.pk},
            fields=["status_reason"],
        )
        _audit(
            "payments.receipt.rejected",
            payment,
            actor=by,
            data={"version": receipt.version, "reason": reason},
        )
        mail_member(payment, "receipt_rejected", reason=reason)
        signals.send_on_commit(
            signals.receipt_rejected, payment=payment, receipt=receipt, reason=reason
        )
    return payment


class BulkResult:
    CONFIRMED = "confirmed"
    ALREADY = "already"
    REFUSED = "refused"


def receipts_bulk_confirm(*, references, by):
    """Confirm many receipts; each in its own transaction with its own result
    [(reference, payment or None, BulkResult, message)], nothing half-done."""
    if not can_review(by):
        raise PaymentsError(_("Only staff who review payments can confirm receipts."))
    payments = {
        str(p.reference): p
        for p in Payment.objects.filter(reference__in=references).select_related("user")
    }
    results = []
    for reference in dict.fromkeys(str(r) for r in references):
        payment = payments.get(reference)
        if payment is None:
            results.append((reference, None, BulkResult.REFUSED, _("No such payment.")))
            continue
        was_confirmed = payment.status == PaymentStatus.CONFIRMED
        try:
            receipt_confirm(payment=payment, by=by)
        except PaymentsError as error:
            results.append((reference, payment, BulkResult.REFUSED, error.message))
        else:
            outcome = BulkResult.ALREADY if was_confirmed else BulkResult.CONFIRMED
            results.append((reference, payment, outcome, ""))
    return results


def _receipt_transition(receipt, to_status, *, fields=()):
    """Move a receipt along RECEIPT_TRANSITIONS (its payment's row is locked)."""
    if to_status not in RECEIPT_TRANSITIONS.get(receipt.status, ()):
        raise PaymentsError(_("This receipt has already been dealt with."))
    receipt.status = to_status
    receipt.save(update_fields=["status", *fields])


def _current(payment):
    return payment.receipts.filter(status=ReceiptStatus.SUBMITTED).first()


def _settings(site=None):
    from wagtail.models import Site

    site = site or Site.objects.filter(is_default_site=True).first()
    return PaymentSettings.for_site(site) if site else PaymentSettings()


def _status_message(payment):
    return _("This payment is “%(status)s”: there is no receipt to review.") % {
        "status": payment.get_status_display()
    }
