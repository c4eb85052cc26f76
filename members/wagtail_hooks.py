"""The members app in the Wagtail admin: the people listing with its actions, the
audit actions it records and its demo content."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from core.demo import DemoLoader

from . import admin_views, demo
from .models import PROFILE_FIELDS, MemberProfile

register_permission_policy(
    MemberProfile, admin_views.PeoplePermissionPolicy(MemberProfile)
)


class PeopleViewSet(ModelViewSet):
    """Registered people: search, filter, export, details; resend and regenerate."""

    pk_path_converter = "id"  # core.converters: 1 to 18 digits, never a 500

    model = MemberProfile
    icon = "group"
    menu_label = admin_views.PEOPLE_TITLE
    menu_order = 250
    add_to_admin_menu = True
    name = "people"
    url_prefix = "people"
    index_view_class = admin_views.PeopleIndexView
    inspect_view_class = admin_views.PeopleInspectView
    inspect_view_enabled = True
    inspect_view_fields = ["user", *PROFILE_FIELDS, "created_at", "updated_at"]
    # Profiles change through services only; the edit and add views are not routed.
    form_fields = ["city"]
    filterset_class = admin_views.PeopleFilterSet
    list_per_page = 50
    list_display = [
        # The name leads to the person's details (there is no edit view).
        TitleColumn(
            "user",
            label=admin_views.FULL_NAME,
            sort_key="user__last_name",
            url_name="people:inspect",
            # Long Russian names wrap between words, never inside one.
            classname="admin-person-name",
        ),
        admin_views.EmailColumn("email", label=_("E-mail"), accessor="user.email"),
        Column(
            "code_display",
            label=pgettext_lazy("column", "Code"),
            classname="w-whitespace-nowrap",
        ),
        Column("phone_display", label=_("Phone"), classname="w-whitespace-nowrap"),
        Column("city", label=pgettext_lazy("column", "City"), sort_key="city"),
        Column("specialty", label=_("Specialty")),
        admin_views.LocalDateTimeColumn(
            "created_at",
            label=pgettext_lazy("column", "Registered"),
            sort_key="created_at",
        ),
    ]
    list_export = [
        "user.last_name",
        "user.first_name",
        "user.patronymic",
        "user.email",
        "code_display",
        "phone",
        "city",
        "specialty.name",
        "workplace",
        "position",
        "get_academic_degree_display",
        "is_verified",
        "created_at",
    ]
    export_headings = {
        "user.last_name": _("Last name"),
        "user.first_name": _("First name"),
        "user.patronymic": _("Patronymic"),
        "user.email": _("E-mail"),
        "code_display": _("Personal code"),
        "phone": _("Phone"),
        "city": _("City or region"),
        "specialty.name": _("Specialty"),
        "workplace": _("Place of work"),
        "position": _("Position"),
        "get_academic_degree_display": _("Academic degree"),
        "is_verified": _("E-mail confirmed"),
        "created_at": _("Registered"),
    }
    export_filename = "people"
    ordering = ["user__last_name", "user__first_name"]

    def get_urlpatterns(self):
        keep = {"index", "index_results", "inspect"}
        patterns = [p for p in super().get_urlpatterns() if p.name in keep]
        return patterns + [
            path(
                "<id:pk>/resend-activation/",
                admin_views.resend_activation,
                name="resend_activation",
            ),
            path(
                "<id:pk>/regenerate-code/",
                admin_views.regenerate_code,
                name="regenerate_code",
            ),
        ]


people_viewset = PeopleViewSet()


@hooks.register("register_admin_viewset")
def register_people_viewset():
    return people_viewset


# What staff read in a person's history and in the Site history report.
AUDIT_ACTIONS = {
    "members.member.registered": _("Registered"),
    "members.member.activation_resent": _("Activation e-mail sent again"),
    "members.personal_code.issued": _("Personal code issued"),
    "members.personal_code.mail_resent": _("Personal code e-mail sent again"),
    "members.personal_code.regenerated": _("Personal code replaced by staff"),
    "members.profile.created": _("Profile created"),
    "members.profile.updated": _("Profile changed"),
    "members.account.password_changed": _("Password changed"),
    "members.account.password_set": _("Password set"),
    "members.account.password_reset": _("Password reset by e-mail link"),
    "members.account.email_added": _("E-mail change requested"),
    "members.account.email_confirmed": _("E-mail address confirmed"),
    "members.account.email_changed": _("E-mail address changed"),
    "members.account.email_removed": _("E-mail address removed"),
}


@hooks.register("register_log_actions")
def register_members_actions(actions):
    for action, label in AUDIT_ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("register_demo_content")
def members_demo():
    return DemoLoader(name="members", order=30, load=demo.load)
