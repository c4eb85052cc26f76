"""How payments read to people: money in roubles and the period paid for."""

from decimal import Decimal

from django.utils.translation import gettext as _

from core.time import format_date

CURRENCY_SIGNS = {"RUB": "₽", "EUR": "€", "USD": "$"}


def money(amount, currency="RUB"):
    """`1 500,00 ₽` (a narrow no-break space between thousands, comma for kopecks)."""
    if amount is None:
        return ""
    amount = Decimal(amount).quantize(Decimal("0.01"))
    whole, _sep, cents = f"{abs(amount):.2f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    sign = "−" if amount < 0 else ""
    text = "\u202f".join(groups)
    return f"{sign}{text},{cents}\u00a0{CURRENCY_SIGNS.get(currency, currency)}"


def period_label(start, end):
    """`2027 год` for a calendar year, `01.02.2027 – 31.01.2028` otherwise."""
    if start is None:
        return ""
    if (
        end is not None
        and start.year == end.year
        and (start.month, start.day) == (1, 1)
        and (end.month, end.day) == (12, 31)
    ):
        return _("%(year)s year") % {"year": start.year}
    if end is None:
        return _("from %(start)s") % {"start": format_date(start)}
    return f"{format_date(start)} – {format_date(end)}"
