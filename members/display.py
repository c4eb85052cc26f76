"""How the members app shows values to people: yes/no and phones.

Times are shown in the society's zone by core.time.
"""

from django.utils.translation import pgettext


def yes_no(value):
    """«да» / «нет» for a boolean; "" when unknown."""
    if value is None:
        return ""
    return (
        pgettext("boolean value", "yes") if value else pgettext("boolean value", "no")
    )


def format_phone(phone):
    """+7 (XXX) XXX-XX-XX for a stored `+7XXXXXXXXXX`; anything else as it is."""
    phone = phone or ""
    digits = phone[2:]
    if not phone.startswith("+7") or len(digits) != 10:
        return phone
    return f"+7 ({digits[:3]}) {digits[3:6]}-{digits[6:8]}-{digits[8:]}"
