"""The certificate of attendance for one credited event, and the transcript of all
credits over a period. The layout's texts, logo and signature come from the
CertificateSettings the editors keep in the admin."""

import io
from decimal import Decimal
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.time import format_date, local_today

from ..models import CreditSource
from ..templatetags.credits_tags import credits as credits_text
from .common import draw_qr, fonts, wrap

BRAND = HexColor("#0b5394")
INK = HexColor("#1c2430")
MUTED = HexColor("#5a6572")


def _issuer(layout):
    return layout.issuer or settings.WAGTAIL_SITE_NAME


def _draw_logo(canvas, layout, x, y, max_w, max_h):
    """The logo scaled into the box with its top-left at (x, y); False if none."""
    if not layout.logo_id:
        return False
    try:
        with layout.logo.file.open("rb") as handle:
            image = ImageReader(io.BytesIO(handle.read()))
        width, height = image.getSize()
    except Exception:  # a missing or broken file must not break every certificate
        return False
    scale = min(max_w / width, max_h / height)
    canvas.drawImage(
        image, x, y - height * scale, width * scale, height * scale, mask="auto"
    )
    return True


def certificate_pdf(*, record, layout, verify_url):
    """One A4 page: who, what event, when, how many credits, how to verify it."""
    font = fonts()
    event, user = record.event, record.user
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    heading = layout.heading or _("Certificate of attendance")
    canvas.setTitle(f"{heading}: {event.title}")
    canvas.setAuthor(_issuer(layout))
    page_w, page_h = A4
    centre = page_w / 2
    canvas.setStrokeColor(BRAND)
    canvas.setLineWidth(2)
    canvas.rect(12 * mm, 12 * mm, page_w - 24 * mm, page_h - 24 * mm)
    y = page_h - 25 * mm
    if _draw_logo(canvas, layout, centre - 25 * mm, y, 50 * mm, 25 * mm):
        y -= 30 * mm
    canvas.setFillColor(INK)
    canvas.setFont(font["regular"], 11)
    for line in wrap(_issuer(layout), font["regular"], 11, page_w - 50 * mm, 2):
        canvas.drawCentredString(centre, y, line)
        y -= 5 * mm
    y -= 12 * mm
    canvas.setFillColor(BRAND)
    canvas.setFont(font["bold"], 26)
    canvas.drawCentredString(centre, y, heading.upper())
    canvas.setFillColor(INK)
    y -= 14 * mm
    canvas.setFont(font["regular"], 12)
    canvas.drawCentredString(centre, y, _("This certifies that"))
    y -= 12 * mm
    canvas.setFont(font["bold"], 20)
    for line in wrap(user.get_full_name(), font["bold"], 20, page_w - 40 * mm, 2):
        canvas.drawCentredString(centre, y, line)
        y -= 9 * mm
    y -= 3 * mm
    canvas.setFont(font["regular"], 12)
    canvas.drawCentredString(centre, y, _("took part in the event"))
    y -= 10 * mm
    canvas.setFont(font["bold"], 15)
    for line in wrap(f"«{event.title}»", font["bold"], 15, page_w - 40 * mm, 3):
        canvas.drawCentredString(centre, y, line)
        y -= 7 * mm
    y -= 2 * mm
    canvas.setFont(font["regular"], 12)
    place = event.location_display
    when = event.date_display + (f", {place}" if place else "")
    for line in wrap(when, font["regular"], 12, page_w - 40 * mm, 2):
        canvas.drawCentredString(centre, y, line)
        y -= 6 * mm
    y -= 8 * mm
    canvas.setFont(font["bold"], 14)
    canvas.drawCentredString(
        centre,
        y,
        _("Credits: %(credits)s ЗЕТ (CME)") % {"credits": credits_text(record.credits)},
    )
    _signature(canvas, font, layout, page_w, 115 * mm)
    _verification(canvas, font, record, verify_url, page_w)
    if layout.note:
        canvas.setFont(font["regular"], 8)
        canvas.setFillColor(MUTED)
        canvas.drawCentredString(centre, 17 * mm, layout.note[:150])
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _signature(canvas, font, layout, page_w, y):
    if not (layout.signatory_name or layout.signatory_title):
        return
    left = 30 * mm
    canvas.setFont(font["regular"], 11)
    canvas.setFillColor(INK)
    canvas.drawString(left, y, layout.signatory_title[:80])
    canvas.setLineWidth(0.7)
    canvas.line(left, y - 12 * mm, left + 60 * mm, y - 12 * mm)
    canvas.drawRightString(page_w - 30 * mm, y - 12 * mm, layout.signatory_name[:60])


def _verification(canvas, font, record, verify_url, page_w):
    qr = 32 * mm
    x, y = 30 * mm, 25 * mm
    draw_qr(canvas, verify_url, x, y, qr)
    canvas.setFillColor(INK)
    canvas.setFont(font["bold"], 10)
    text_x = x + qr + 6 * mm
    canvas.drawString(
        text_x,
        y + qr - 5 * mm,
        _("Certificate № %(number)s") % {"number": record.certificate_id},
    )
    canvas.setFont(font["regular"], 9)
    canvas.drawString(
        text_x,
        y + qr - 11 * mm,
        _("Issued %(date)s") % {"date": format_date(record.created_at)},
    )
    canvas.drawString(text_x, y + qr - 17 * mm, _("Check that it is genuine:"))
    for number, line in enumerate(
        wrap(verify_url, font["regular"], 8, page_w - text_x - 30 * mm, 2)
    ):
        canvas.setFont(font["regular"], 8)
        canvas.drawString(text_x, y + qr - (22 + 4 * number) * mm, line)


def transcript_pdf(*, user, records, start, end, layout):
    """A table of every credit in [start, end] with totals per year and overall."""
    font = fonts()
    buffer = io.BytesIO()
    title = _("Transcript of CME credits")
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=_issuer(layout),
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    normal = ParagraphStyle("n", fontName=font["regular"], fontSize=10, leading=13)
    small = ParagraphStyle("s", parent=normal, fontSize=9, leading=11)
    bold = ParagraphStyle("b", parent=normal, fontName=font["bold"])
    heading = ParagraphStyle(
        "h", parent=bold, fontSize=16, leading=20, textColor=BRAND, spaceAfter=4
    )
    sources = dict(CreditSource.choices)
    story = [
        Paragraph(escape(_issuer(layout)), small),
        Spacer(1, 4 * mm),
        Paragraph(title, heading),
        Paragraph(escape(user.get_full_name() or user.email), bold),
        Paragraph(
            _("Period: %(start)s – %(end)s")
            % {"start": format_date(start), "end": format_date(end)},
            normal,
        ),
        Spacer(1, 5 * mm),
    ]
    rows = [[_("Date"), _("Event"), _("How"), _("ЗЕТ")]]
    totals, overall = {}, Decimal("0")
    for record in records:
        rows.append(
            [
                format_date(record.earned_on),
                Paragraph(escape(record.event.title), small),
                Paragraph(str(sources.get(record.source, record.source)), small),
                credits_text(record.credits),
            ]
        )
        totals[record.earned_on.year] = (
            totals.get(record.earned_on.year, Decimal("0")) + record.credits
        )
        overall += record.credits
    if not records:
        rows.append(["", Paragraph(_("No credits in this period."), small), "", ""])
    table = Table(rows, colWidths=[24 * mm, 100 * mm, 34 * mm, 16 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font["regular"], 9),
                ("FONT", (0, 0), (-1, 0), font["bold"], 9),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, BRAND),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, HexColor("#d5dde6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(1, 6 * mm))
    for year in sorted(totals):
        story.append(
            Paragraph(
                _("%(year)s: %(credits)s ЗЕТ")
                % {"year": year, "credits": credits_text(totals[year])},
                normal,
            )
        )
    story.append(
        Paragraph(
            _("Total for the period: %(credits)s ЗЕТ")
            % {"credits": credits_text(overall)},
            bold,
        )
    )
    story.append(Spacer(1, 6 * mm))
    story.append(
        Paragraph(
            _("Made on %(date)s from the society's records.")
            % {"date": format_date(local_today())},
            small,
        )
    )
    document.build(story)
    return buffer.getvalue()
