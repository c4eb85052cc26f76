"""The personal cabinet's navigation, extensible by other apps.

Another app adds a section from its wagtail_hooks.py::

    @hooks.register("register_cabinet_menu_item")
    def payments_item():
        return CabinetMenuItem("payments", _("Payments"), "payments:index", order=40)

and a short phrase about a person (shown in the cabinet, on the card and to staff)::

    @hooks.register("register_member_status")
    def membership_status(user):
        return _("Member of the society until %(date)s") % ...  # or None

and a block on the cabinet's overview (HTML, already escaped, or None)::

    @hooks.register("register_cabinet_overview_section")
    def materials_section(user):
        return render_to_string("materials/includes/cabinet.html", {...})
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@dataclass(frozen=True)
class CabinetMenuItem:
    """One link of the cabinet's navigation; `url_name` is reversed when shown."""

    name: str
    label: str
    url_name: str
    order: int = 100

    @property
    def url(self):
        return reverse(self.url_name)


BUILTIN_ITEMS = [
    CabinetMenuItem("overview", _("Overview"), "members:index", order=0),
    CabinetMenuItem("profile", _("Profile"), "members:profile", order=10),
    CabinetMenuItem("code", _("Personal code"), "members:code", order=20),
    CabinetMenuItem("email", _("E-mail"), "account_email", order=80),
    CabinetMenuItem("password", _("Password"), "account_change_password", order=90),
]


def cabinet_menu_items():
    """Built-in items and those other apps registered, in order."""
    items = list(BUILTIN_ITEMS)
    for hook in hooks.get_hooks("register_cabinet_menu_item"):
        item = hook()
        if item is not None:
            items.append(item)
    return sorted(items, key=lambda item: item.order)


def member_status_lines(user):
    """What other apps say about `user` in a few words (e.g. «член общества до
    31.12.2026»), through the `register_member_status` hook; empty ones skipped."""
    lines = []
    for hook in hooks.get_hooks("register_member_status"):
        line = hook(user)
        if line:
            lines.append(line)
    return lines


def cabinet_overview_sections(user):
    """Blocks other apps show on the cabinet's overview, through the
    `register_cabinet_overview_section` hook; empty ones skipped."""
    sections = []
    for hook in hooks.get_hooks("register_cabinet_overview_section"):
        html = hook(user)
        if html:
            sections.append(html)
    return sections
