"""The member's payment page, its live status, the pay and upload actions, and the
checked view that serves a receipt file."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from members.selectors import member_cabinet_data

from . import receipts, selectors, services, webhooks
from .errors import PaymentsError
from .forms import ReceiptUploadForm
from .gateways import GatewayError, enabled_gateways
from .models import PaymentSettings, PaymentStatus, Receipt, ReceiptStatus

logger = logging.getLogger(__name__)

RECEIPT_FILE_CSP = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
    "object-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)


#: Ends whose reason (e.g. the bank's refusal, in Russian) the member reads.
FAILED_STATUSES = (PaymentStatus.FAILED, PaymentStatus.EXPIRED)


def _owned_payment(request, reference):
    payment = selectors.payment_for_owner(request.user, reference)
    if payment is None:
        raise Http404
    return payment


def _status_text(payment, *, returning=False):
    """The one sentence that says where the payment stands."""
    if payment.status == PaymentStatus.PROCESSING and returning:
        return _("We are waiting for the payment to be confirmed.")
    if payment.status == PaymentStatus.AWAITING_REVIEW:
        current = next(
            (r for r in payment.receipts.all() if r.status == ReceiptStatus.SUBMITTED),
            None,
        )
        if current is not None:
            from core.time import format_date, local_today

            if current.review_due < local_today():
                return _(
                    "Your receipt is still under review: we promised an answer by "
                    "%(date)s and are late. We are sorry; it is in the staff's queue "
                    "and you will get an e-mail as soon as it is checked."
                ) % {"date": format_date(current.review_due)}
            return _("Your receipt is under review; we will answer by %(date)s.") % {
                "date": format_date(current.review_due)
            }
    if payment.status in FAILED_STATUSES and payment.status_reason:
        return f"{payment.get_status_display()}. {payment.status_reason}"
    return payment.get_status_display()


@never_cache
@login_required
@require_GET
def detail(request, reference):
    """Amount and period; pay online (one button per provider that is on) or by
    transfer (bank details, purpose line, QR, receipt upload); the live status."""
    payment = _owned_payment(request, reference)
    if request.GET.get("checkout") == "return":
        payment = webhooks.payment_refresh(payment)
    return _render_detail(request, payment)


def _render_detail(request, payment, *, form=None, status=200):
    payment_settings = PaymentSettings.for_request(request)
    member = member_cabinet_data(user=request.user)
    personal_code = getattr(member, "personal_code", None)
    purpose = receipts.purpose_line(
        payment,
        payment_settings,
        name=member.get_full_name(),
        code=personal_code.display if personal_code else "",
    )
    gateways = enabled_gateways(payment_settings) if payment.is_open else []
    returning = request.GET.get("checkout") == "return"
    receipt_list = list(payment.receipts.all())
    current = next(
        (r for r in receipt_list if r.status == ReceiptStatus.SUBMITTED), None
    )
    context = {
        "payment": payment,
        "member": member,
        "settings_": payment_settings,
        "gateways": gateways,
        "purpose": purpose,
        "qr_text": receipts.st00012(payment, payment_settings, purpose=purpose)
        if payment_settings.has_bank_details
        else "",
        "form": form or ReceiptUploadForm(),
        "receipts": receipt_list,
        "current_receipt": current,
        "status_text": _status_text(payment, returning=returning),
        "waiting": payment.status == PaymentStatus.PROCESSING and returning,
        "checkout_cancelled": request.GET.get("checkout") == "cancelled",
    }
    response = TemplateResponse(
        request, "payments/payment_detail.html", context, status=status
    )
    # The pay buttons post here and are redirected to the provider's hosted page;
    # browsers check that redirect against this page's `form-action`.
    response.csp_form_action = [
        origin for gateway in gateways for origin in gateway.form_action_origins()
    ]
    return response


@never_cache
@login_required
@require_GET
def status(request, reference):
    """The payment's status as JSON, for the page that refreshes itself."""
    payment = webhooks.payment_refresh(_owned_payment(request, reference))
    return JsonResponse(
        {
            "status": payment.status,
            "text": _status_text(payment, returning=True),
            "final": payment.status != PaymentStatus.PROCESSING,
        }
    )


@login_required
@require_POST
def pay_online(request, reference, provider):
    """Send the member to the provider's hosted payment page."""
    payment = _owned_payment(request, reference)
    payment_settings = PaymentSettings.for_request(request)
    gateway = next(
        (g for g in enabled_gateways(payment_settings) if g.name == provider), None
    )
    if gateway is None:
        raise Http404
    page = reverse("payments:detail", args=[payment.reference])
    try:
        url = services.payment_start_online(
            payment=payment,
            user=request.user,
            gateway=gateway,
            return_url=request.build_absolute_uri(page + "?checkout=return"),
            cancel_url=request.build_absolute_uri(page + "?checkout=cancelled"),
        )
    except PaymentsError as error:
        messages.error(request, error.message)
        return redirect(page)
    except GatewayError:
        logger.exception("Could not start a %s payment", provider)
        messages.error(
            request,
            _(
                "Online payment is not available right now. Try again in a few "
                "minutes or pay by bank transfer below."
            ),
        )
        return redirect(page)
    return redirect(url)


@login_required
@require_POST
def upload_receipt(request, reference):
    """The member sends the receipt (or a new version of it)."""
    payment = _owned_payment(request, reference)
    form = ReceiptUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, payment, form=form, status=400)
    try:
        receipts.receipt_submit(
            payment=payment,
            user=request.user,
            upload=form.upload,
            paid_on=form.cleaned_data.get("paid_on"),
            paid_amount=form.cleaned_data.get("paid_amount"),
        )
    except PaymentsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you, the receipt is sent."))
    return redirect("payments:detail", reference=payment.reference)


@login_required
@require_POST
def retry(request, reference):
    """Start a new payment for the same period after a dead end."""
    payment = _owned_payment(request, reference)
    try:
        new = services.payment_retry(payment=payment, user=request.user)
    except PaymentsError as error:
        messages.error(request, error.message)
        return redirect("payments:detail", reference=payment.reference)
    return redirect("payments:detail", reference=new.reference)


@never_cache
@login_required
@require_GET
@xframe_options_sameorigin
def receipt_file(request, key):
    """A receipt file, to its owner and to staff who review receipts only.

    Anyone else gets 404 (not 403: nothing tells them the file exists). Served
    inline (the review screen shows it) with a policy that runs nothing.
    """
    receipt = Receipt.objects.select_related("payment").filter(key=key).first()
    if receipt is None or not (
        receipt.payment.user_id == request.user.pk or services.can_review(request.user)
    ):
        raise Http404
    response = FileResponse(
        receipt.file.open("rb"),
        content_type=receipt.content_type,
        as_attachment=request.GET.get("download") == "1",
        filename=_download_name(receipt),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = RECEIPT_FILE_CSP
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _download_name(receipt):
    extension = receipt.file.name.rsplit(".", 1)[-1]
    return f"receipt-{receipt.payment.reference}-v{receipt.version}.{extension}"
