"""Formats for the membership pages: roubles and Moscow dates."""

from decimal import Decimal

from django import template

from core.time import format_date

register = template.Library()

NBSP = "\u00a0"


@register.filter
def rub(amount):
    """`1 500 ₽` (kopecks only when there are any: `1 500,50 ₽`)."""
    if amount in (None, ""):
        return ""
    amount = Decimal(amount).quantize(Decimal("0.01"))
    whole, kopecks = divmod(abs(amount), 1)
    groups = f"{int(whole):,}".replace(",", NBSP)
    sign = "−" if amount < 0 else ""
    text = f"{sign}{groups}" + (f",{int(kopecks * 100):02d}" if kopecks else "")
    return f"{text}{NBSP}₽"


@register.filter
def dmy(value):
    """`22.11.2026` in Moscow time, whatever the active time zone."""
    return format_date(value)
