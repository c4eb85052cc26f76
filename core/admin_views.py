"""Staff screens of core: stored outgoing e-mail (read-only) and its resend action."""

import django_filters
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import require_admin_access
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from . import mail as core_mail
from . import time as core_time
from .admin import confirm_then_run
from .export_audit import audit_export
from .models import OutgoingMail

RESEND_PERMISSION = "core.change_outgoingmail"


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Stored mail is written by the site only: staff may look, never edit.

    Sending a failed mail again is a service (core.mail.mail_resend) with its own
    permission check.
    """

    denied = {"add", "change", "delete"}

    def user_has_permission(self, user, action):
        if action in self.denied:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class OutgoingMailFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=OutgoingMail.Status.choices
    )

    class Meta:
        model = OutgoingMail
        fields = ["status"]


class LocalDateTimeColumn(Column):
    """A date and time as `22.11.2026 07:24` in the society's time."""

    def get_value(self, instance):
        return core_time.format_datetime(super().get_value(instance))


class ShortTextColumn(Column):
    """Long text (an SMTP error) cut to one readable line."""

    def get_value(self, instance):
        return Truncator(super().get_value(instance) or "").chars(120)


class OutgoingMailIndexView(IndexView):
    """Newest first; search by recipient or subject."""

    @property
    def is_searchable(self):
        return True

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        return queryset.filter(to__icontains=query) | queryset.filter(
            subject__icontains=query
        )


class OutgoingMailInspectView(InspectView):
    """What was sent to whom and how it went; never the body (it may hold links)."""

    def get_created_at_display_value(self):
        return core_time.format_datetime(self.object.created_at)

    def get_last_attempt_at_display_value(self):
        return core_time.format_datetime(self.object.last_attempt_at)

    def get_sent_at_display_value(self):
        return core_time.format_datetime(self.object.sent_at)

    def get_to_display_value(self):
        return self.object.recipients_display

    @property
    def header_buttons(self):
        if self.object.status != OutgoingMail.Status.FAILED or not (
            self.request.user.has_perm(RESEND_PERMISSION)
        ):
            return []
        return [
            HeaderButton(
                _("Send again"),
                url=reverse("outgoing_mail:resend", args=[self.object.pk]),
                icon_name="mail",
            )
        ]


def resend(request, pk):
    """Staff: send a failed e-mail again (audited)."""
    stored = get_object_or_404(OutgoingMail, pk=pk)

    def run():
        core_mail.mail_resend(mail=stored, actor=request.user)
        return _("The e-mail to %(to)s is queued again.") % {
            "to": stored.recipients_display
        }

    return confirm_then_run(
        request,
        title=_("Send the e-mail again"),
        text=_("Send «%(subject)s» to %(to)s again?")
        % {"subject": stored.subject, "to": stored.recipients_display},
        permission=RESEND_PERMISSION,
        run=run,
        back_url=reverse("outgoing_mail:inspect", args=[stored.pk]),
        subtitle=stored.subject,
        icon="mail",
    )


class AuditedSiteHistoryView(LogEntriesView):
    """Wagtail's Reports → Site history, whose CSV/XLSX export is audited like every
    staff export (it lists who did what to whom). Routed in config/urls.py ahead of
    Wagtail's admin URLs, at the same addresses (Wagtail has no hook around a
    report's export, and `register_admin_urls` come after its own)."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        response = super().as_spreadsheet(queryset, spreadsheet_format)
        audit_export(
            request=self.request, what="wagtail.site_history", rows=len(queryset)
        )
        return response


site_history = require_admin_access(AuditedSiteHistoryView.as_view())
site_history_results = require_admin_access(
    AuditedSiteHistoryView.as_view(results_only=True)
)
