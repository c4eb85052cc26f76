"""Staff screens in the Wagtail admin: an event's credits hub and its actions.

The hub (from the event's page in the admin: «Credits and codes») shows the
organiser's figures and offers: generate codes, download them as CSV or printable
cards, revoke unused ones, import НМО codes, the check-in rule, adjustments and the
report as CSV/XLSX. Every action checks its own permission in the service. The
downloads are prepared in the background (credits/staff_exports.py, core.exports):
the button asks for the file and leads to its status page.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import exports as core_exports
from core.time import local_tz
from events.models import EventPage
from members import selectors as members_selectors

from . import nmo_import, selectors, services
from .errors import CreditsError
from .forms import AdjustForm, GenerateCodesForm, NmoImportForm, PolicyForm
from .models import (
    CreditCode,
    CreditCodeBatch,
    CreditSettings,
    EventCreditPolicy,
)

REPORT_FORMATS = ("csv", "xlsx")
HUB_PERMISSIONS = (
    "credits.view_creditcode",
    "credits.add_creditcode",
    "credits.view_creditrecord",
    "credits.add_nmocode",
)


def can_open_hub(user):
    return user.is_active and any(user.has_perm(p) for p in HUB_PERMISSIONS)


def _require(request, *permissions):
    if not (
        request.user.is_active and any(request.user.has_perm(p) for p in permissions)
    ):
        raise PermissionDenied


def _hub_url(event):
    return reverse("credits_admin:event", args=[event.pk])


def events_index(request):
    """Events with credits, newest first: the way into each hub."""
    _require(request, *HUB_PERMISSIONS)
    events = (
        EventPage.objects.filter(credits__isnull=False)
        .order_by("-start")
        .only("pk", "title", "start", "end", "credits", "live")[:200]
    )
    return TemplateResponse(request, "credits/admin/events.html", {"events": events})


def _aware(value):
    """A datetime typed in the form, read as Moscow time."""
    if value is None:
        return None
    if timezone.is_naive(value):
        return value.replace(tzinfo=local_tz())
    return value


def event_hub(request, event_id):
    _require(request, *HUB_PERMISSIONS)
    event = get_object_or_404(EventPage, pk=event_id)
    policy = EventCreditPolicy.objects.filter(event=event).first()
    batches = list(
        CreditCodeBatch.objects.filter(event=event).select_related("created_by")
    )
    context = {
        "event": event,
        "report": selectors.event_report(event=event),
        "batches": batches,
        "generate_form": GenerateCodesForm(),
        "nmo_form": NmoImportForm(
            initial={
                "deadline": timezone.localdate(event.end)
                + datetime.timedelta(days=CreditSettings.load().nmo_deadline_days)
            }
        ),
        "policy_form": PolicyForm(
            initial={
                "checkin_grants_credits": bool(policy and policy.checkin_grants_credits)
            }
        ),
        "adjust_form": AdjustForm(),
        "can_generate": request.user.has_perm("credits.add_creditcode"),
        "can_revoke": request.user.has_perm("credits.change_creditcode"),
        "can_import": request.user.has_perm("credits.add_nmocode"),
        "can_adjust": request.user.has_perm("credits.add_creditrecord"),
        "can_policy": request.user.has_perm("credits.change_eventcreditpolicy"),
        "can_check_in": request.user.has_perm("credits.check_in_attendees"),
    }
    return TemplateResponse(request, "credits/admin/event.html", context)


def _form_errors(request, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


@require_POST
def generate(request, event_id):
    _require(request, "credits.add_creditcode")
    event = get_object_or_404(EventPage, pk=event_id)
    form = GenerateCodesForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_hub_url(event))
    data = form.cleaned_data
    try:
        batch = services.credit_codes_generate(
            actor=request.user,
            event=event,
            count=data["count"],
            credits=data["credits"],
            valid_from=_aware(data["valid_from"]),
            valid_until=_aware(data["valid_until"]),
            label=data["label"],
        )
    except CreditsError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(count)s codes made. Download the cards to print them.")
            % {"count": batch.count},
        )
    return redirect(_hub_url(event))


def _prepare(request, kind, params):
    """Ask core to prepare the file in the background and show its status page."""
    try:
        job = core_exports.export_request(actor=request.user, kind=kind, params=params)
    except core_exports.ExportError as error:
        messages.error(request, error.message)
        return None
    return redirect("staff_exports:status", export_id=job.pk)


@require_POST
def batch_csv(request, batch_id):
    """Prepare the batch's codes as CSV (who used which code and when)."""
    _require(request, "credits.view_creditcode")
    batch = get_object_or_404(CreditCodeBatch, pk=batch_id)
    return _prepare(
        request, "credits.batch_codes_csv", {"batch": batch.pk}
    ) or redirect(_hub_url(batch.event))


@require_POST
def batch_pdf(request, batch_id):
    """Prepare the printable sheet of cut-out cards (10,000 codes: 1,000 pages)."""
    _require(request, "credits.view_creditcode")
    batch = get_object_or_404(CreditCodeBatch, pk=batch_id)
    return _prepare(
        request, "credits.batch_cards_pdf", {"batch": batch.pk}
    ) or redirect(_hub_url(batch.event))


def batch_revoke(request, batch_id):
    """Confirm, then revoke every unused code of the batch."""
    _require(request, "credits.change_creditcode")
    batch = get_object_or_404(
        CreditCodeBatch.objects.select_related("event"), pk=batch_id
    )
    if request.method == "POST":
        try:
            count = services.credit_codes_revoke_unused(actor=request.user, batch=batch)
        except CreditsError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(count)s codes revoked.") % {"count": count})
        return redirect(_hub_url(batch.event))
    return TemplateResponse(
        request,
        "credits/admin/confirm.html",
        {
            "title": _("Revoke unused codes"),
            "text": _(
                "All unused codes of this batch (%(batch)s) stop working. Codes already "
                "used keep their credits. This cannot be undone."
            )
            % {"batch": batch},
            "cancel_url": _hub_url(batch.event),
        },
    )


def code_revoke(request, code_id):
    """Confirm, then revoke one unused code."""
    _require(request, "credits.change_creditcode")
    code = get_object_or_404(CreditCode.objects.select_related("event"), pk=code_id)
    back = request.GET.get("next") or _hub_url(code.event)
    if not back.startswith("/admin/"):
        back = _hub_url(code.event)
    if request.method == "POST":
        try:
            services.credit_code_revoke(actor=request.user, code=code)
        except CreditsError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Code %(code)s revoked.") % {"code": code.display}
            )
        return redirect(back)
    return TemplateResponse(
        request,
        "credits/admin/confirm.html",
        {
            "title": _("Revoke code %(code)s") % {"code": code.display},
            "text": _("The code stops working for good."),
            "cancel_url": back,
        },
    )


@require_POST
def nmo_upload(request, event_id):
    _require(request, "credits.add_nmocode")
    event = get_object_or_404(EventPage, pk=event_id)
    form = NmoImportForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_hub_url(event))
    upload = form.cleaned_data["file"]
    try:
        found = nmo_import.read_codes(upload)
        _source, handed = services.nmo_codes_import(
            actor=request.user,
            event=event,
            codes=found,
            file_name=upload.name,
            deadline=form.cleaned_data["deadline"],
        )
    except nmo_import.ImportProblem as problem:
        for text in problem.problems:
            messages.error(request, text)
    except CreditsError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(count)s НМО codes imported; %(handed)s handed out to attendees.")
            % {"count": len(found), "handed": handed},
        )
    return redirect(_hub_url(event))


@require_POST
def policy(request, event_id):
    _require(request, "credits.change_eventcreditpolicy")
    event = get_object_or_404(EventPage, pk=event_id)
    form = PolicyForm(request.POST)
    form.is_valid()
    services.event_policy_set(
        actor=request.user,
        event=event,
        checkin_grants_credits=form.cleaned_data.get("checkin_grants_credits", False),
    )
    messages.success(request, _("The check-in rule is saved."))
    return redirect(_hub_url(event))


@require_POST
def adjust(request, event_id):
    _require(request, "credits.add_creditrecord")
    event = get_object_or_404(EventPage, pk=event_id)
    form = AdjustForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_hub_url(event))
    member = members_selectors.member_get_by_code(code=form.cleaned_data["member_code"])
    if member is None:
        messages.error(request, _("No member has this personal code."))
        return redirect(_hub_url(event))
    try:
        services.credit_adjust(
            actor=request.user,
            member=member,
            event=event,
            credits=form.cleaned_data["credits"],
            reason=form.cleaned_data["reason"],
        )
    except CreditsError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Credits of %(name)s saved.") % {"name": member.get_full_name()}
        )
    return redirect(_hub_url(event))


@require_POST
def report(request, event_id, file_format):
    """Prepare the organiser's report as CSV or XLSX."""
    _require(request, "credits.view_creditrecord", "credits.view_creditcode")
    event = get_object_or_404(EventPage, pk=event_id)
    if file_format not in REPORT_FORMATS:
        raise Http404
    return _prepare(
        request, f"credits.event_report_{file_format}", {"event": event.pk}
    ) or redirect(_hub_url(event))
