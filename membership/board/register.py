"""Wagtail hooks of the Presidium's screens (imported by membership.wagtail_hooks)."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy

from .. import selectors
from ..models import Application
from . import minutes
from .decisions import BulkApproveAction
from .queue import DECIDE, ApplicationPermissionPolicy, ApplicationViewSet

register_permission_policy(Application, ApplicationPermissionPolicy(Application))

application_viewset = ApplicationViewSet()


@hooks.register("register_admin_viewset")
def register_application_viewset():
    return application_viewset


hooks.register("register_bulk_action", BulkApproveAction)


@hooks.register("register_admin_urls")
def register_minutes_url():
    return [path("membership/minutes/", minutes.minutes, name="membership_minutes")]


class WaitingApplicationsPanel(Component):
    """The admin home: how many applications wait for the Presidium."""

    name = "membership_waiting"
    order = 110
    template_name = "membership/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        return {"waiting": selectors.waiting_applications_count()}


@hooks.register("construct_homepage_panels")
def add_waiting_panel(request, panels):
    if request.user.has_perm(DECIDE):
        panels.append(WaitingApplicationsPanel())
