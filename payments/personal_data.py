"""What payments holds about a person (see core.personal_data): payments and
receipts with their files. Accounting records stay for the accounting period;
receipt files are deleted through the storage API (S3 included)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.personal_data import Category, FileRef, register

from .models import Payment, Receipt, ReceiptStatus


def _receipts(user):
    return Receipt.objects.filter(payment__user=user).select_related("payment")


def _receipt_files(user):
    query = _receipts(user).exclude(file="").order_by("pk")
    for receipt in query.iterator(chunk_size=200):
        name = (receipt.original_name or receipt.file.name).rsplit("/", 1)[-1]
        yield FileRef(name=f"receipts/{receipt.pk}-{name}", file=receipt.file)


def _delete_files(query):
    deleted = 0
    for receipt in query.exclude(file="").iterator(chunk_size=200):
        receipt.file.delete(save=False)
        deleted += 1
    query.exclude(file="").update(file="")
    return deleted


def _anonymise_receipts(user):
    """Receipts that are no accounting document (rejected, replaced) lose their
    file now; accepted ones and one still under review (staff must be able to see
    what was paid) keep it until retention; every receipt loses its original file
    name."""
    receipts = Receipt.objects.filter(payment__user=user)
    deleted = _delete_files(
        receipts.exclude(status__in=[ReceiptStatus.ACCEPTED, ReceiptStatus.SUBMITTED])
    )
    receipts.update(original_name="")
    return deleted


def _retention_receipts(user, closure):
    """The accounting period is over: accepted receipts' files go too."""
    return _delete_files(Receipt.objects.filter(payment__user=user))


def _refunds_text(payment):
    """The payment's refunds in one cell: amount, status, reason, when."""
    return "; ".join(
        f"{refund.amount} {refund.currency}, {refund.get_status_display()}, "
        f"{refund.reason} ({refund.created_at:%d.%m.%Y})"
        for refund in payment.refunds.all()
    )


register(
    Category(
        name="payments.payments",
        label=_("Payments"),
        order=50,
        queryset=lambda user: Payment.objects.filter(user=user).prefetch_related(
            "refunds"
        ),
        row=lambda payment: {
            "reference": str(payment.reference),
            "description": payment.description,
            "amount": payment.amount,
            "currency": payment.currency,
            "method": payment.get_method_display(),
            "status": payment.get_status_display(),
            "created_at": payment.created_at,
            "confirmed_at": payment.confirmed_at,
            "status_reason": payment.status_reason,
            "refunds": _refunds_text(payment),
        },
        columns={
            "reference": _("Reference"),
            "description": _("Description"),
            "amount": _("Amount"),
            "currency": _("Currency"),
            "method": _("Method"),
            "status": _("Status"),
            "created_at": _("Created"),
            "confirmed_at": _("Confirmed"),
            "status_reason": _("Reason for the status"),
            "refunds": _("Refunds"),
        },
        covers=("payments.Payment.user",),
        actor_fields=(
            "payments.Payment.confirmed_by",
            "payments.PaymentEvent.actor",
            "payments.PaymentIssue.resolved_by",
            "payments.Refund.requested_by",
        ),
        kept=_("Kept for the accounting period under your initials."),
    )
)

register(
    Category(
        name="payments.receipts",
        label=_("Payment receipts"),
        order=55,
        queryset=_receipts,
        row=lambda receipt: {
            "payment": str(receipt.payment.reference),
            "version": receipt.version,
            "file": receipt.original_name,
            "paid_on": receipt.paid_on,
            "paid_amount": receipt.paid_amount,
            "status": receipt.get_status_display(),
            "created_at": receipt.created_at,
            "reject_reason": receipt.reject_reason,
        },
        columns={
            "payment": _("Payment"),
            "version": _("Version"),
            "file": pgettext_lazy("receipt", "File"),
            "paid_on": _("Paid on"),
            "paid_amount": _("Amount paid"),
            "status": _("Status"),
            "created_at": _("Uploaded"),
            "reject_reason": _("Reason for rejection"),
        },
        covers=("payments.Receipt.uploaded_by",),
        actor_fields=("payments.Receipt.reviewed_by",),
        files=_receipt_files,
        anonymise=_anonymise_receipts,
        retention=_retention_receipts,
        kept=_(
            "Accepted receipts, and a receipt still under review, are kept for the "
            "accounting period, then their files are deleted; rejected and replaced "
            "receipt files are deleted when the account is closed."
        ),
    )
)
