"""The printable minutes: the Presidium's decisions on applications over a period."""

import datetime
import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.export_audit import audit_export
from core.pdf import register_fonts
from core.time import format_date, format_datetime, local_today, local_tz

from ..models import Application, ApplicationStatus, VoteDecision
from .queue import DECIDE


class MinutesForm(forms.Form):
    date_from = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=pgettext_lazy("date range", "To"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


def decisions_between(start, end):
    """Applications approved or rejected between two Moscow dates, inclusive."""
    tz = local_tz()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return (
        Application.objects.filter(
            status__in=[ApplicationStatus.APPROVED, ApplicationStatus.REJECTED],
            decided_at__gte=since,
            decided_at__lt=until,
        )
        .select_related("user", "specialty")
        .prefetch_related("votes__voter")
        .order_by("decided_at", "pk")
    )


def _votes_text(application):
    names = {VoteDecision.APPROVE: [], VoteDecision.REJECT: []}
    for vote in application.votes.all():
        names[vote.decision].append(vote.voter.get_full_name())
    parts = []
    if names[VoteDecision.APPROVE]:
        parts.append(_("for: %(names)s") % {"names": ", ".join(names["approve"])})
    if names[VoteDecision.REJECT]:
        parts.append(_("against: %(names)s") % {"names": ", ".join(names["reject"])})
    return "; ".join(parts)


def minutes_pdf(*, start, end, society_name=""):
    """The minutes as PDF bytes (A4 landscape, DejaVu Sans for Cyrillic)."""
    fonts = register_fonts()
    regular, bold = fonts["regular"], fonts["bold"]
    text = ParagraphStyle("text", fontName=regular, fontSize=9, leading=11)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=14, leading=18)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Minutes of the Presidium"),
    )
    story = []
    if society_name:
        story.append(Paragraph(society_name, text))
    story.append(
        Paragraph(_("Presidium decisions on membership applications"), heading)
    )
    story.append(
        Paragraph(
            _("From %(start)s to %(end)s. Printed %(now)s.")
            % {
                "start": format_date(start),
                "end": format_date(end),
                "now": format_datetime(timezone.now()),
            },
            text,
        )
    )
    story.append(Spacer(1, 5 * mm))
    rows = [
        [
            Paragraph(f"<b>{label}</b>", text)
            for label in (
                "№",
                _("Date"),
                _("Applicant"),
                _("Specialty, place of work, city"),
                _("Decision"),
                _("Votes"),
                _("Reason"),
            )
        ]
    ]
    for number, application in enumerate(decisions_between(start, end), start=1):
        cells = [
            str(number),
            format_date(application.decided_at),
            application.user.get_full_name(),
            f"{application.specialty}, {application.workplace}, {application.city}",
            application.get_status_display(),
            _votes_text(application),
            application.rejection_reason,
        ]
        rows.append([Paragraph(_escape(cell), text) for cell in cells])
    if len(rows) == 1:
        story.append(Paragraph(_("No decisions in this period."), text))
    else:
        widths = [10, 22, 45, 70, 25, 50, 45]
        table = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f1fa")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    story.append(Spacer(1, 12 * mm))
    story.append(Paragraph(_("Chair of the Presidium ____________________"), text))
    document.build(story)
    return buffer.getvalue()


def _escape(value):
    from xml.sax.saxutils import escape

    return escape(str(value or ""))


def minutes(request):
    """GET without dates: the form; with valid dates: the PDF, inline."""
    if not (request.user.is_active and request.user.has_perm(DECIDE)):
        raise PermissionDenied
    today = local_today()
    form = MinutesForm(
        request.GET or None,
        initial={"date_from": today.replace(day=1), "date_to": today},
    )
    if request.GET and form.is_valid():
        from wagtail.models import Site

        from home.models import SocietySettings

        site = Site.find_for_request(request)
        society = SocietySettings.for_site(site).full_name if site else ""
        start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        response = HttpResponse(
            minutes_pdf(start=start, end=end, society_name=society),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = (
            f'inline; filename="presidium-{start:%Y-%m-%d}-{end:%Y-%m-%d}.pdf"'
        )
        # Names, workplaces and votes of applicants: audited like every export.
        audit_export(
            request=request,
            what="membership.minutes",
            rows=decisions_between(start, end).count(),
        )
        return response
    return TemplateResponse(request, "membership/admin/minutes.html", {"form": form})
