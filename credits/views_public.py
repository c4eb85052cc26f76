"""Pages anyone may open: a card's QR address and the certificate check."""

from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.time import format_date

from . import codes, selectors
from .templatetags.credits_tags import credits as credits_text


@require_safe
def short_entry(request, code):
    """`/C/K7MD9QX4TR/` → the cabinet's code form, filled in.

    Logged-out visitors go through the login page and come back to the filled form.
    Nothing is looked up here: whether the code is good is only said to a member.
    """
    normalized = codes.normalize(code)
    query = urlencode({"code": codes.display(normalized)}) if normalized else ""
    url = reverse("credits:cabinet")
    return redirect(f"{url}?{query}" if query else url)


@require_safe
def verify(request, certificate_id):
    """Is this certificate genuine? Initials, event, credits and date only."""
    record = selectors.certificate_public(certificate_id=certificate_id)
    context = {"certificate_id": certificate_id[:40], "found": record is not None}
    if record is not None:
        context.update(
            {
                "initials": selectors.initials(record.user),
                "event_title": record.event.title,
                "event_dates": record.event.date_display,
                "credits": credits_text(record.credits),
                "issued": format_date(record.created_at),
            }
        )
    response = render(
        request,
        "credits/verify.html",
        context,
        status=200 if record is not None else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
