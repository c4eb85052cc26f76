"""Membership in the cabinet and in the Wagtail admin: hooks only, the screens
live in membership.board."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from members.navigation import CabinetMenuItem

from . import selectors
from .board import register as board_register  # noqa: F401 (registers viewsets)
from .logs import register_actions


@hooks.register("register_cabinet_menu_item")
def membership_menu_item():
    return CabinetMenuItem(
        "membership", _("Membership and dues"), "membership:index", order=30
    )


@hooks.register("register_member_status")
def membership_status(user):
    """«член общества до 31.12.2026» beside the person's name and code."""
    until = selectors.membership_until(user)
    if until is None:
        return None
    from core.time import format_date

    return _("Member of the society until %(date)s") % {"date": format_date(until)}


hooks.register("register_log_actions", register_actions)


@hooks.register("register_active_member_check")
def active_member_check():
    """THE access check for members-only things (core.members_access)."""
    return selectors.is_active_member


@hooks.register("register_demo_content")
def membership_demo():
    from core.demo import DemoLoader

    from . import demo

    return DemoLoader(name="membership", order=40, load=demo.load)


@hooks.register("register_cabinet_overview_section")
def membership_next_step(user):
    """The cabinet's first page names the one next step toward membership (the
    section «Членство и взносы» tells the rest); nothing once the person is a member
    (the status line says so) or before the address and profile are there."""
    from allauth.account.models import EmailAddress
    from django.template.loader import render_to_string

    standing = selectors.member_standing(
        user,
        verified=EmailAddress.objects.filter(user=user, verified=True).exists(),
        has_profile=getattr(user, "profile", None) is not None,
    )
    if standing.state not in NEXT_STEP_STATES:
        return None
    return render_to_string(
        "membership/includes/cabinet_next_step.html", {"standing": standing}
    )


NEXT_STEP_STATES = {
    selectors.State.APPLY,
    selectors.State.WAITING,
    selectors.State.PAY,
    selectors.State.RECEIPT,
    selectors.State.RENEW,
    selectors.State.EXPIRED,
}
