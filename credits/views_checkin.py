"""Door check-in on a phone: staff scan the member's personal QR or type the code.

Each scan is one small POST answered with a small JSON object, so the page keeps
working on a slow connection; without JavaScript the form posts and the page shows
the same answer.
"""

import datetime
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.time import localtime
from events.models import EventPage
from members import selectors as members_selectors

from . import services
from .errors import CreditsError
from .forms import CheckInForm
from .membership import membership_label
from .models import CheckIn
from .templatetags.credits_tags import credits as credits_text
from .views import client_ip

PERMISSION = "credits.check_in_attendees"


def checkin_staff_required(view):
    """Anonymous → login; signed in without the check-in right → 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_active and request.user.has_perm(PERMISSION)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@never_cache
@checkin_staff_required
def choose_event(request):
    """Events running now or soon, to pick the one at the door."""
    today = localtime(timezone.now()).date()
    events = (
        EventPage.objects.live()
        .filter(
            end__gte=timezone.now() - datetime.timedelta(days=2),
            start__lte=timezone.now() + datetime.timedelta(days=14),
        )
        .order_by("start")
        .only("pk", "title", "start", "end", "city")
    )
    return render(
        request, "credits/checkin_events.html", {"events": events, "today": today}
    )


def _event(event_id):
    return get_object_or_404(EventPage.objects.live(), pk=event_id)


def _find_member(value):
    value = (value or "").strip()
    if len(value) > 20:  # the long token a personal QR carries
        return members_selectors.member_get_by_qr_token(token=value)
    return members_selectors.member_get_by_code(code=value)


def check_in(request, event, value):
    """The answer to one scan or typed code, as a small dict."""
    member = _find_member(value)
    if member is None:
        return {
            "status": "unknown",
            "message": _("No member with this code. Check the code and try again."),
        }
    try:
        record, created, credit = services.checkin_record(
            actor=request.user, event=event, member=member, ip=client_ip(request)
        )
    except CreditsError as error:
        return {"status": "error", "message": str(error.message)}
    time = localtime(record.checked_in_at).strftime("%H:%M")
    if created:
        message = _("Checked in at %(time)s.") % {"time": time}
    else:
        message = _("Already checked in at %(time)s.") % {"time": time}
    personal_code = getattr(member, "personal_code", None)
    return {
        "status": "recorded" if created else "already",
        "message": message,
        "name": member.get_full_name() or member.email,
        "code": personal_code.display if personal_code else "",
        "membership": membership_label(member),
        "time": time,
        "credited": (
            _("%(credits)s CME credits recorded.")
            % {"credits": credits_text(credit.credits)}
            if credit
            else ""
        ),
    }


@never_cache
@checkin_staff_required
def door(request, event_id):
    """The door page: camera, the typed-code form, the latest answer and count."""
    event = _event(event_id)
    form = CheckInForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = check_in(request, event, form.cleaned_data["value"])
        form = CheckInForm()
    context = {
        "event": event,
        "form": form,
        "result": result,
        "count": CheckIn.objects.filter(event=event).count(),
    }
    return render(request, "credits/checkin.html", context)


@require_POST
@checkin_staff_required
def scan(request, event_id):
    """One scan: `value` is the QR's token or a typed personal code; JSON back."""
    event = _event(event_id)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        return JsonResponse(
            {"status": "error", "message": _("Enter the member's personal code.")},
            status=400,
        )
    result = check_in(request, event, form.cleaned_data["value"])
    result["count"] = CheckIn.objects.filter(event=event).count()
    return JsonResponse(result)
