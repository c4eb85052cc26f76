"""The printable sheet of cut-out code cards: 10 cards per A4 page.

Everything a batch's cards share (event, dates, credits, where to enter the code) is
drawn once into a form that each card reuses; per card only the code and its QR are
drawn. That keeps a sheet of 10,000 cards to a couple of seconds.
"""

import io
from contextlib import contextmanager

from django.urls import reverse
from django.utils.translation import gettext as _
from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from core.time import format_datetime

from .. import codes as code_format
from ..templatetags.credits_tags import credits as credits_text
from .common import (
    draw_qr,
    fonts,
    readable_host,
    short_entry_prefix,
    short_entry_url,
    wrap,
)

COLUMNS, ROWS = 2, 5
MARGIN = 10 * mm
BRAND = HexColor("#0b5394")


def code_sheet_pdf(*, batch, code_values=None, issuer=""):
    """The PDF of the batch's cards (`code_values`: stored codes; all of the batch's
    codes when None, in their order)."""
    font = fonts()
    if code_values is None:
        code_values = list(batch.codes.order_by("pk").values_list("code", flat=True))
    event = batch.event
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(_("Credit codes: %(event)s") % {"event": event.title})
    canvas.setAuthor(issuer)
    page_w, page_h = A4
    card_w = (page_w - 2 * MARGIN) / COLUMNS
    card_h = (page_h - 2 * MARGIN) / ROWS
    qr_size = 26 * mm
    _card_form(canvas, font, batch, card_w, card_h, qr_size, issuer)
    per_page = COLUMNS * ROWS
    prefix = short_entry_prefix()
    for index, value in enumerate(code_values):
        slot = index % per_page
        if slot == 0:
            if index:
                canvas.showPage()
            _cut_lines(canvas, page_w, page_h, card_w, card_h)
        column, row = slot % COLUMNS, slot // COLUMNS
        x = MARGIN + column * card_w
        y = page_h - MARGIN - (row + 1) * card_h
        canvas.saveState()
        canvas.translate(x, y)
        canvas.doForm("card")
        display = code_format.display(value)
        canvas.setFont(font["mono"], 16)
        canvas.drawString(5 * mm, 18.5 * mm, display)
        draw_qr(
            canvas,
            short_entry_url(value, prefix),
            card_w - qr_size - 5 * mm,
            4 * mm,
            qr_size,
        )
        canvas.restoreState()
    if not code_values:
        canvas.setFont(font["regular"], 12)
        canvas.drawString(MARGIN, page_h - 2 * MARGIN, _("No codes to print."))
    with binary_streams():
        canvas.save()
    return buffer.getvalue()


@contextmanager
def binary_streams():
    """Compressed page streams stay binary instead of ASCII85 (pure Python in
    reportlab, and the slowest step of a large sheet)."""
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = previous


def _cut_lines(canvas, page_w, page_h, card_w, card_h):
    canvas.saveState()
    canvas.setStrokeColor(HexColor("#9aa5b1"))
    canvas.setDash(2, 3)
    canvas.setLineWidth(0.5)
    for column in range(COLUMNS + 1):
        x = MARGIN + column * card_w
        canvas.line(x, MARGIN, x, page_h - MARGIN)
    for row in range(ROWS + 1):
        y = MARGIN + row * card_h
        canvas.line(MARGIN, y, page_w - MARGIN, y)
    canvas.restoreState()


def _card_form(canvas, font, batch, card_w, card_h, qr_size, issuer):
    """What every card of the batch shows besides its code and QR."""
    event = batch.event
    canvas.beginForm("card", lowerx=0, lowery=0, upperx=card_w, uppery=card_h)
    left = 5 * mm
    text_w = card_w - qr_size - 12 * mm
    top = card_h - 6 * mm
    canvas.setFillColor(BRAND)
    canvas.setFont(font["bold"], 7)
    canvas.drawString(left, top, (issuer or _("CME credit code")).upper()[:70])
    canvas.setFillColor(HexColor("#1c2430"))
    y = top - 4.5 * mm
    for line in wrap(event.title, font["bold"], 9, card_w - 10 * mm, max_lines=2):
        canvas.setFont(font["bold"], 9)
        canvas.drawString(left, y, line)
        y -= 4 * mm
    canvas.setFont(font["regular"], 8)
    details = [
        event.date_display,
        _("%(credits)s CME credits (ЗЕТ)") % {"credits": credits_text(batch.credits)},
    ]
    if batch.label:
        details.append(batch.label)
    canvas.drawString(left, y, " · ".join(details)[:90])
    canvas.setFont(font["regular"], 7)
    canvas.setFillColor(HexColor("#5a6572"))
    canvas.drawString(left, 25 * mm, _("Code for CME credits:"))
    canvas.setFillColor(HexColor("#1c2430"))
    canvas.setFont(font["regular"], 6.5)
    lines = [
        _("Enter the code in your personal cabinet:"),
        f"{readable_host()}{reverse('credits:cabinet')}",
        _("or scan the QR code. Valid until %(date)s.")
        % {"date": format_datetime(batch.valid_until)},
    ]
    y = 14 * mm
    for line in lines:
        for part in wrap(line, font["regular"], 6.5, text_w, max_lines=2):
            canvas.drawString(left, y, part)
            y -= 2.8 * mm
    canvas.endForm()
