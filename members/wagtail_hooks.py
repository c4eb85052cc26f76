"""The members app in the Wagtail admin: the people listing with its actions."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from . import admin_views
from .models import MemberProfile

register_permission_policy(
    MemberProfile, admin_views.PeoplePermissionPolicy(MemberProfile)
)


class PeopleViewSet(ModelViewSet):
    """Registered people: search, filter, export, details; resend and regenerate."""

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
    inspect_view_fields = [
        "user",
        "phone",
        "city",
        "specialty",
        "workplace",
        "position",
        "academic_degree",
        "created_at",
        "updated_at",
    ]
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
            classname="w-whitespace-nowrap",
        ),
        Column("email", label=_("E-mail"), accessor="user.email"),
        Column("code_display", label=_("Personal code")),
        Column("phone_display", label=_("Phone")),
        Column("city", label=_("City or region"), sort_key="city"),
        Column("specialty", label=_("Specialty")),
        admin_views.YesNoColumn("is_verified", label=_("E-mail confirmed")),
        admin_views.MoscowDateTimeColumn(
            "created_at", label=_("Registered"), sort_key="created_at"
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
                "<int:pk>/resend-activation/",
                admin_views.resend_activation,
                name="resend_activation",
            ),
            path(
                "<int:pk>/regenerate-code/",
                admin_views.regenerate_code,
                name="regenerate_code",
            ),
        ]


people_viewset = PeopleViewSet()


@hooks.register("register_admin_viewset")
def register_people_viewset():
    return people_viewset
