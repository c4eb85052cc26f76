"""The cabinet section «Членство и взносы»: where the person stands, what to do next."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
)

from core.errors import DomainError
from members import selectors as member_selectors
from members.services import client_ip
from payments import selectors as payment_selectors

from . import selectors, services
from .files import attachment_response
from .forms import ApplicationForm
from .models import Application, ApplicationStatus
from .selectors import State


def _is_verified(user):
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


def steps(standing):
    """The four steps to membership, each done, current or still to come."""
    state = standing.state
    first = state in (State.NO_EMAIL, State.NO_PROFILE, State.APPLY)
    paying = state in (State.PAY, State.RECEIPT, State.RENEW, State.EXPIRED)
    member = standing.until is not None

    def status(done, current):
        return "current" if current else ("done" if done else "todo")

    return [
        {"label": _("Application"), "status": status(not first, first)},
        {
            "label": _("Presidium's decision"),
            "status": status(paying or member, state == State.WAITING),
        },
        {"label": _("Dues"), "status": status(member and not paying, paying)},
        {"label": _("Member of the society"), "status": status(member, False)},
    ]


def _standing(member):
    return selectors.member_standing(
        member,
        verified=_is_verified(member),
        has_profile=getattr(member, "profile", None) is not None,
    )


@never_cache
@login_required
def index(request):
    """Where the person stands, the one next step, and the history."""
    member = member_selectors.member_cabinet_data(user=request.user)
    standing = _standing(member)
    return render(
        request,
        "membership/index.html",
        {
            "member": member,
            "standing": standing,
            "steps": steps(standing),
            "payments": payment_selectors.payments_for_user(member),
            # Called by the template only in the states that offer payment.
            "online_payment": payment_selectors.online_payment_available,
        },
    )


@never_cache
@login_required
def apply(request):
    """The short application form; the service keeps it to one at a time."""
    member = member_selectors.member_cabinet_data(user=request.user)
    standing = _standing(member)
    if standing.state != State.APPLY:
        return redirect("membership:index")
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                user=member,
                comment=form.cleaned_data["comment"],
                attachment=form.upload,
                ip=client_ip(request),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "Your application is sent to the Presidium. We will e-mail you the decision."
                ),
            )
        return redirect("membership:index")
    return render(
        request,
        "membership/apply.html",
        {"member": member, "profile": member.profile, "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def withdraw(request, pk):
    """The applicant takes back their waiting application (only their own), after
    a page that says what that means (a stray click on the cabinet's button must
    not end an application the Presidium is about to approve)."""
    application = get_object_or_404(Application, pk=pk, user=request.user)
    if request.method == "GET":
        if application.status != ApplicationStatus.SUBMITTED:
            return redirect("membership:index")  # nothing waits: nothing to confirm
        return render(request, "membership/withdraw.html", {"application": application})
    try:
        services.application_withdraw(
            application=application, user=request.user, ip=client_ip(request)
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("membership:index")


@never_cache
@login_required
@require_GET
@xframe_options_sameorigin
def attachment(request, pk):
    """The applicant's own attachment; anyone else's is 404."""
    application = get_object_or_404(
        Application.objects.exclude(attachment=""), pk=pk, user=request.user
    )
    return attachment_response(application, download=request.GET.get("download") == "1")


@login_required
def pay(request):
    """Create (or find) the dues payment and go to its page in the payments app.
    Opened by address (a bookmark, a link in an old mail), it shows the section."""
    if request.method != "POST":
        return redirect("membership:index")
    try:
        payment = services.dues_payment_start(user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("membership:index")
    return redirect("payments:detail", payment.reference)
