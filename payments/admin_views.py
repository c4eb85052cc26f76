"""Staff screens in the Wagtail admin: the receipt review queue, one receipt's
review (confirm or reject with a reason), bulk confirm, and the payments that need
attention. Every screen needs `payments.review_receipt`; every decision is a
service call (audited, idempotent, the member e-mailed)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.time import local_today

from . import receipts, selectors, services
from .errors import PaymentsError
from .forms import RejectForm, ResolveForm
from .models import Payment, PaymentIssue, PaymentStatus, ReceiptStatus

PER_PAGE = 50
QUEUE_TITLE = gettext_lazy("Receipts to review")
ATTENTION_TITLE = gettext_lazy("Payments needing attention")


def _require_reviewer(request):
    if not services.can_review(request.user):
        raise PermissionDenied


def queue(request):
    """Receipts waiting for an answer, the one due soonest first; overdue marked."""
    _require_reviewer(request)
    page = Paginator(selectors.review_queue(), PER_PAGE).get_page(request.GET.get("p"))
    today = local_today()
    rows = []
    for payment in page.object_list:
        receipt = payment.current_receipts[0] if payment.current_receipts else None
        rows.append(
            {
                "payment": payment,
                "receipt": receipt,
                "overdue": receipt is not None and receipt.review_due < today,
                "profile": getattr(payment.user, "profile", None),
                "code": getattr(payment.user, "personal_code", None),
            }
        )
    return TemplateResponse(
        request,
        "payments/admin/queue.html",
        {"title": QUEUE_TITLE, "page": page, "rows": rows, "today": today},
    )


def review(request, reference):
    """One receipt: the file inline, the expected amount, the member; decide."""
    _require_reviewer(request)
    payment = get_object_or_404(
        Payment.objects.select_related(
            "user", "user__profile", "user__profile__specialty", "user__personal_code"
        ),
        reference=reference,
    )
    versions = list(payment.receipts.order_by("-version"))
    current = next((r for r in versions if r.status == ReceiptStatus.SUBMITTED), None)
    return TemplateResponse(
        request,
        "payments/admin/review.html",
        {
            "title": _("Receipt review"),
            "payment": payment,
            "receipt": current or (versions[0] if versions else None),
            "versions": versions,
            "profile": getattr(payment.user, "profile", None),
            "code": getattr(payment.user, "personal_code", None),
            "reject_form": RejectForm(),
            "overdue": current is not None and current.review_due < local_today(),
            "can_decide": payment.status == PaymentStatus.AWAITING_REVIEW,
        },
    )


@require_POST
def confirm(request, reference):
    _require_reviewer(request)
    payment = get_object_or_404(Payment, reference=reference)
    was = payment.status
    try:
        receipts.receipt_confirm(payment=payment, by=request.user)
    except PaymentsError as error:
        messages.error(request, error.message)
        return redirect("payments_admin:review", reference=reference)
    if was == PaymentStatus.CONFIRMED:
        messages.info(request, _("This payment was already confirmed."))
    else:
        messages.success(
            request,
            _("Payment confirmed: %(name)s. The member is notified by e-mail.")
            % {"name": payment.user.get_full_name()},
        )
    return redirect("payments_admin:queue")


@require_POST
def reject(request, reference):
    _require_reviewer(request)
    payment = get_object_or_404(Payment, reference=reference)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reason: the member will read it."))
        return redirect("payments_admin:review", reference=reference)
    was = payment.status
    try:
        receipts.receipt_reject(
            payment=payment, by=request.user, reason=form.cleaned_data["reason"]
        )
    except PaymentsError as error:
        messages.error(request, error.message)
        return redirect("payments_admin:review", reference=reference)
    if was == PaymentStatus.REJECTED:
        messages.info(request, _("This receipt was already rejected."))
    else:
        messages.success(
            request,
            _("Receipt rejected: %(name)s. The member is notified by e-mail.")
            % {"name": payment.user.get_full_name()},
        )
    return redirect("payments_admin:queue")


@require_POST
def bulk_confirm(request):
    """Step 1 lists the chosen payments; step 2 (`run`) confirms each on its own
    and reports each result."""
    _require_reviewer(request)
    references = request.POST.getlist("reference")[:PER_PAGE]
    chosen = list(
        Payment.objects.filter(reference__in=_valid_uuids(references))
        .select_related("user")
        .order_by("user__last_name")
    )
    if not chosen:
        messages.error(request, _("Choose at least one receipt."))
        return redirect("payments_admin:queue")
    if request.POST.get("run") != "1":
        return TemplateResponse(
            request,
            "payments/admin/bulk_confirm.html",
            {"title": _("Confirm several payments"), "payments": chosen},
        )
    results = receipts.receipts_bulk_confirm(
        references=[p.reference for p in chosen], by=request.user
    )
    for _reference, payment, outcome, message in results:
        name = payment.user.get_full_name() if payment else _reference
        if outcome == receipts.BulkResult.CONFIRMED:
            messages.success(request, _("%(name)s: confirmed.") % {"name": name})
        elif outcome == receipts.BulkResult.ALREADY:
            messages.info(request, _("%(name)s: already confirmed.") % {"name": name})
        else:
            messages.error(
                request,
                _("%(name)s: not confirmed. %(why)s") % {"name": name, "why": message},
            )
    return redirect("payments_admin:queue")


def attention(request):
    """Provider notifications we did not act on (wrong amount, unknown payment…)."""
    _require_reviewer(request)
    page = Paginator(selectors.open_issues(), PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "payments/admin/attention.html",
        {"title": ATTENTION_TITLE, "page": page, "form": ResolveForm()},
    )


@require_POST
def resolve(request, pk):
    _require_reviewer(request)
    issue = get_object_or_404(PaymentIssue, pk=pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what was done about it."))
        return redirect("payments_admin:attention")
    try:
        services.issue_resolve(
            issue=issue, by=request.user, resolution=form.cleaned_data["resolution"]
        )
    except PaymentsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Marked as resolved."))
    return redirect("payments_admin:attention")


def _valid_uuids(values):
    import uuid

    valid = []
    for value in values:
        try:
            valid.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return valid


def queue_url():
    return reverse("payments_admin:queue")
