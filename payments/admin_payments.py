"""Staff screens for any payment: a searchable list, one payment with its history
and refunds, and the refund itself (the whole amount, with a reason, through the
provider that took the payment; audited). Reviewers see; refunding needs
`payments.refund_payment`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import refunds, services
from .errors import PaymentsError
from .gateways import get_gateway
from .models import Payment, PaymentMethod, PaymentStatus, RefundStatus

PER_PAGE = 50
LIST_TITLE = gettext_lazy("All payments")


class RefundForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the money is returned"),
        max_length=refunds.REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "The member reads it in the e-mail. Kept in the history."
        ),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Return the whole amount to the member"),
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Name, e-mail, personal code or reference"),
        required=False,
        max_length=100,
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any"))] + PaymentStatus.choices,
    )


def _require_staff(request):
    if not (services.can_review(request.user) or refunds.can_refund(request.user)):
        raise PermissionDenied


def payments_for_staff(*, query="", status=""):
    """Payments matching a staff search, newest first, with the member's name."""
    from members.selectors import people_search_q

    payments = Payment.objects.select_related("user").order_by("-created_at", "-pk")
    if status:
        payments = payments.filter(status=status)
    query = (query or "").strip()
    if query:
        condition = people_search_q(
            query, user_prefix="user__", profile_prefix="user__profile__"
        )
        try:
            import uuid

            condition |= Q(reference=uuid.UUID(query))
        except ValueError:
            pass
        condition |= Q(provider_payment_id=query) | Q(provider_session_id=query)
        payments = payments.filter(condition)
    return payments


def payment_list(request):
    _require_staff(request)
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = payments_for_staff(query=data.get("q", ""), status=data.get("status", ""))
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "payments/admin/payment_list.html",
        {"title": LIST_TITLE, "page": page, "form": form},
    )


def payment_detail(request, reference, *, form=None, status=200):
    """One payment: the facts, the member, the history, refunds; refund it."""
    _require_staff(request)
    payment = get_object_or_404(
        Payment.objects.select_related("user", "user__personal_code"),
        reference=reference,
    )
    refund_list = list(payment.refunds.select_related("requested_by"))
    live = next((r for r in refund_list if r.status != RefundStatus.FAILED), None)
    can_refund = refunds.can_refund(request.user)
    return TemplateResponse(
        request,
        "payments/admin/payment.html",
        {
            "title": _("Payment"),
            "payment": payment,
            "events": payment.events.select_related("actor"),
            "refunds": refund_list,
            "live_refund": live,
            "can_refund": can_refund
            and payment.status == PaymentStatus.CONFIRMED
            and live is None,
            "can_check": can_refund and live and live.status == RefundStatus.REQUESTED,
            "online": payment.method == PaymentMethod.ONLINE,
            "provider_title": _provider_title(payment.provider),
            "form": form or RefundForm(),
        },
        status=status,
    )


def _provider_title(name):
    gateway = get_gateway(name) if name else None
    return (gateway.title or gateway.name) if gateway else name


@require_POST
def refund(request, reference):
    if not refunds.can_refund(request.user):
        raise PermissionDenied
    payment = get_object_or_404(Payment, reference=reference)
    form = RefundForm(request.POST)
    if not form.is_valid():
        return payment_detail(request, reference, form=form, status=400)
    was = payment.status
    try:
        payment = refunds.refund_start(
            payment=payment, by=request.user, reason=form.cleaned_data["reason"]
        )
    except PaymentsError as error:
        messages.error(request, error.message)
        return redirect("payments_admin:payment", reference=reference)
    if was == PaymentStatus.REFUNDED:
        messages.info(request, _("This payment was already refunded."))
    elif payment.status == PaymentStatus.REFUNDED:
        messages.success(request, _("Refunded. The member is notified by e-mail."))
    else:
        messages.success(
            request,
            _(
                "Refund requested. The payment counts until the provider confirms "
                "that the money went back."
            ),
        )
    return redirect("payments_admin:payment", reference=reference)


@require_POST
def refund_check(request, reference):
    if not refunds.can_refund(request.user):
        raise PermissionDenied
    payment = get_object_or_404(Payment, reference=reference)
    try:
        payment = refunds.refund_check(payment=payment, by=request.user)
    except PaymentsError as error:
        messages.error(request, error.message)
    else:
        if payment.status == PaymentStatus.REFUNDED:
            messages.success(request, _("Refunded. The member is notified by e-mail."))
        else:
            messages.info(request, _("The provider has not returned the money yet."))
    return redirect("payments_admin:payment", reference=reference)
