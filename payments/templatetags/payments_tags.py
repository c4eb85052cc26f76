"""Template helpers for payment pages: money, periods and the transfer QR."""

import segno
from django import template
from django.utils.safestring import mark_safe

from payments import display

register = template.Library()


@register.filter
def rub(amount, currency="RUB"):
    """`1 500,00 ₽`."""
    return display.money(amount, currency or "RUB")


@register.filter
def period(payment):
    """The period a payment covers, in words."""
    return display.period_label(payment.period_start, payment.period_end)


@register.simple_tag
def transfer_qr_svg(text, title=""):
    """The ST00012 payment text as an inline SVG QR (UTF-8 bytes, no scripts)."""
    qr = segno.make(text, encoding="utf-8", error="m", micro=False)
    svg = qr.svg_inline(
        scale=4,
        border=4,
        title=title or None,
        svgclass="qr",
        lineclass=None,
        omitsize=True,
    )
    return mark_safe(svg)  # noqa: S308 - segno output; the text is XML-escaped
