"""Core in the Wagtail admin: its audit actions, the specialty list, stored mail,
files prepared for staff."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, export_views
from .models import OutgoingMail, Specialty

register_permission_policy(
    OutgoingMail, admin_views.ReadOnlyPermissionPolicy(OutgoingMail)
)


@hooks.register("register_log_actions")
def register_core_actions(actions):
    actions.register_action(
        "core.mail.resent", _("E-mail sent again"), _("E-mail sent again")
    )
    actions.register_action(
        "core.export.downloaded", _("Staff export downloaded"), _("Export downloaded")
    )
    actions.register_action(
        "core.export.requested", _("Staff export requested"), _("Export requested")
    )


class SpecialtyViewSet(SnippetViewSet):
    """The specialty list editors manage (events and profiles use it)."""

    pk_path_converter = "id"  # core.converters: 1 to 18 digits, never a 500

    model = Specialty
    icon = "list-ul"
    menu_label = _("Specialties")
    list_display = ["name", "slug", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


register_snippet(SpecialtyViewSet)


class OutgoingMailViewSet(ModelViewSet):
    """Stored outgoing e-mail for staff: status, attempts, last error; failed ones
    can be sent again."""

    pk_path_converter = "id"  # core.converters: 1 to 18 digits, never a 500

    model = OutgoingMail
    icon = "mail"
    menu_label = _("Outgoing e-mail")
    menu_order = 900
    add_to_settings_menu = True
    name = "outgoing_mail"
    url_prefix = "outgoing-mail"
    index_view_class = admin_views.OutgoingMailIndexView
    inspect_view_class = admin_views.OutgoingMailInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "to",
        "subject",
        "template_prefix",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "sent_at",
    ]
    # Written by the site only; the edit and add views are not routed.
    form_fields = ["subject"]
    filterset_class = admin_views.OutgoingMailFilterSet
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    list_display = [
        TitleColumn("subject", label=_("Subject"), url_name="outgoing_mail:inspect"),
        Column("recipients_display", label=_("To")),
        Column("get_status_display", label=_("Status"), sort_key="status"),
        Column("attempts", label=_("Attempts")),
        admin_views.ShortTextColumn("last_error", label=_("Last error")),
        admin_views.LocalDateTimeColumn(
            "created_at", label=_("Created"), sort_key="created_at"
        ),
    ]

    def get_urlpatterns(self):
        keep = {"index", "index_results", "inspect"}
        patterns = [p for p in super().get_urlpatterns() if p.name in keep]
        return patterns + [
            path("<id:pk>/resend/", admin_views.resend, name="resend"),
        ]


@hooks.register("register_admin_viewset")
def register_outgoing_mail_viewset():
    return OutgoingMailViewSet()


@hooks.register("insert_global_admin_css")
def admin_css():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<link rel="stylesheet" href="{}">', static("core/admin.css"))


staff_export_urls = (
    [
        path("", export_views.index, name="index"),
        path("<uuid:export_id>/", export_views.status, name="status"),
        path("<uuid:export_id>/download/", export_views.download, name="download"),
    ],
    "staff_exports",
)


@hooks.register("register_admin_urls")
def register_staff_export_urls():
    return [path("prepared-files/", include(staff_export_urls))]


class PreparedFilesMenuItem(MenuItem):
    """«Prepared files»: shown to staff who may prepare some kind of file."""

    def is_shown(self, request):
        from .exports import can_export_any

        return can_export_any(request.user)


@hooks.register("register_admin_menu_item")
def register_prepared_files_menu_item():
    return PreparedFilesMenuItem(
        _("Prepared files"),
        reverse("staff_exports:index"),
        icon_name="download",
        order=9000,
    )
