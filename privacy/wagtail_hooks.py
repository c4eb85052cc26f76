"""Privacy in the site and the admin: the cabinet section, audit actions, the
staff queue of personal-data requests."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from members.navigation import CabinetMenuItem

from . import admin_views, services

AUDIT_ACTIONS = {
    "privacy.account.logged_in": _("Logged in"),
    "privacy.account.closed": _("Consent withdrawn, account closed"),
    "privacy.archive.requested": _("Personal data archive requested"),
    "privacy.archive.downloaded": _("Personal data archive downloaded"),
    "privacy.request.created": _("Personal data request received"),
    "privacy.request.done": _("Personal data request answered"),
    "privacy.retention.done": _("Retention period ended: records cleared"),
    "privacy.consent.accepted": _("New consent version accepted"),
}


@hooks.register("register_log_actions")
def register_privacy_actions(actions):
    for action, label in AUDIT_ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("register_cabinet_menu_item")
def privacy_cabinet_item():
    return CabinetMenuItem("my_data", _("My data"), "privacy:index", order=85)


@hooks.register("register_admin_urls")
def register_privacy_admin_urls():
    return [
        path(
            "personal-data/",
            include(
                (admin_views.urlpatterns, "privacy_admin"), namespace="privacy_admin"
            ),
        )
    ]


class HandlerMenuItem(MenuItem):
    def is_shown(self, request):
        return services.can_handle(request.user)


@hooks.register("register_admin_menu_item")
def privacy_menu_item():
    return HandlerMenuItem(
        admin_views.QUEUE_TITLE,
        reverse_lazy("privacy_admin:queue"),
        name="personal-data-requests",
        icon_name="lock",
        order=260,
    )
