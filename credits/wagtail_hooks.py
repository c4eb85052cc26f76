"""The credits app in the Wagtail admin and the cabinet: menus, the event hub, the
listings, permissions, audit actions, the «Баллы НМО» cabinet section, demo data."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets import Button

from core.demo import DemoLoader
from members.navigation import CabinetMenuItem

from . import admin_views, demo
from .admin_viewsets import code_viewset, nmo_viewset, record_viewset

AUDIT_ACTIONS = {
    "credits.codes.generated": _("Credit codes generated"),
    "credits.code.revoked": _("Credit code revoked"),
    "credits.codes.revoked": _("Unused credit codes revoked"),
    "credits.code.redeemed": _("Credit code redeemed"),
    "credits.checkin.recorded": _("Checked in at an event"),
    "credits.record.adjusted": _("Credits adjusted by staff"),
    "credits.cycle.set": _("Start of the CME cycle set"),
    "credits.policy.changed": _("Check-in rule of an event changed"),
    "credits.nmo.imported": _("НМО codes imported"),
    "credits.nmo.assigned": _("НМО code handed out"),
    "credits.nmo.entered": _("НМО code marked entered on the portal"),
    "credits.nmo.reminded": _("НМО code reminder sent"),
}
PERMISSION_CODENAMES = [
    "add_creditcode",
    "change_creditcode",
    "view_creditcode",
    "add_creditrecord",
    "view_creditrecord",
    "check_in_attendees",
    "view_checkin",
    "add_nmocode",
    "view_nmocode",
    "change_eventcreditpolicy",
]


@hooks.register("register_cabinet_menu_item")
def credits_cabinet_item():
    return CabinetMenuItem("credits", _("CME credits"), "credits:cabinet", order=30)


@hooks.register("register_demo_content")
def credits_demo():
    return DemoLoader(name="credits", order=40, load=demo.load)


@hooks.register("register_log_actions")
def register_credits_actions(actions):
    for action, label in AUDIT_ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("register_permissions")
def register_credits_permissions():
    return Permission.objects.filter(
        content_type__app_label="credits", codename__in=PERMISSION_CODENAMES
    )


@hooks.register("register_admin_viewset")
def register_credits_viewsets():
    return [code_viewset, record_viewset, nmo_viewset]


admin_urls = (
    [
        path("", admin_views.events_index, name="events"),
        path("events/<id:event_id>/", admin_views.event_hub, name="event"),
        path("events/<id:event_id>/generate/", admin_views.generate, name="generate"),
        path("events/<id:event_id>/nmo/", admin_views.nmo_upload, name="nmo_upload"),
        path("events/<id:event_id>/policy/", admin_views.policy, name="policy"),
        path("events/<id:event_id>/adjust/", admin_views.adjust, name="adjust"),
        path(
            "events/<id:event_id>/report.<str:file_format>",
            admin_views.report,
            name="report",
        ),
        path(
            "batches/<id:batch_id>/codes.csv", admin_views.batch_csv, name="batch_csv"
        ),
        path(
            "batches/<id:batch_id>/cards.pdf", admin_views.batch_pdf, name="batch_pdf"
        ),
        path(
            "batches/<id:batch_id>/revoke/",
            admin_views.batch_revoke,
            name="batch_revoke",
        ),
        path("codes/<id:code_id>/revoke/", admin_views.code_revoke, name="code_revoke"),
    ],
    "credits_admin",
)


@hooks.register("register_admin_urls")
def register_credits_admin_urls():
    return [path("credits/", include(admin_urls))]


class PermittedMenuItem(MenuItem):
    """Shown only to staff holding one of `permissions`."""

    def __init__(self, *args, permissions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.permissions = permissions

    def is_shown(self, request):
        return any(request.user.has_perm(p) for p in self.permissions)


class CreditsMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return admin_views.can_open_hub(request.user) or request.user.has_perm(
            "credits.check_in_attendees"
        )


@hooks.register("register_admin_menu_item")
def register_credits_menu():
    items = [
        PermittedMenuItem(
            _("Events"),
            reverse("credits_admin:events"),
            icon_name="date",
            order=10,
            permissions=admin_views.HUB_PERMISSIONS,
        ),
        PermittedMenuItem(
            _("Credit codes"),
            reverse(code_viewset.get_url_name("index")),
            icon_name="key",
            order=20,
            permissions=["credits.view_creditcode"],
        ),
        PermittedMenuItem(
            _("Credit records"),
            reverse(record_viewset.get_url_name("index")),
            icon_name="list-ul",
            order=30,
            permissions=["credits.view_creditrecord"],
        ),
        PermittedMenuItem(
            _("НМО codes"),
            reverse(nmo_viewset.get_url_name("index")),
            icon_name="doc-full-inverse",
            order=40,
            permissions=["credits.view_nmocode"],
        ),
        PermittedMenuItem(
            _("Check-in at the door"),
            reverse("credits:checkin_events"),
            icon_name="tick-inverse",
            order=50,
            permissions=["credits.check_in_attendees"],
        ),
    ]
    return CreditsMenu(_("CME credits"), Menu(items=items), icon_name="pick", order=260)


@hooks.register("register_page_header_buttons")
def event_credits_button(page, user, view_name, next_url=None):
    """«Credits and codes» on an event's page in the admin: the way to its hub."""
    if page.specific_class.__name__ != "EventPage" or not page.pk:
        return
    if not admin_views.can_open_hub(user):
        return
    yield Button(
        _("Credits and codes"),
        url=reverse("credits_admin:event", args=[page.pk]),
        icon_name="pick",
        priority=60,
    )
