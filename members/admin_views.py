"""Staff screens for people in the Wagtail admin: listing, detail and two actions."""

import codecs
import csv
import datetime

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.mixins import Echo
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from core import time as core_time
from core.admin import confirm_then_run
from core.export_audit import audit_export
from core.models import Specialty
from core.spreadsheets import neutralise_csv

from . import display, history, selectors, services
from .models import MemberProfile


class PeoplePermissionPolicy(ModelPermissionPolicy):
    """People are created by signup and changed by services, never by a generic form.

    Staff with the "view" permission see the listing and details; the actions check
    their own permissions in the service functions.
    """

    denied = {"add", "change", "delete"}

    def user_has_permission(self, user, action):
        if action in self.denied:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def verified_subquery():
    from allauth.account.models import EmailAddress

    return Exists(
        EmailAddress.objects.filter(user_id=OuterRef("user_id"), verified=True)
    )


class PeopleFilterSet(WagtailFilterSet):
    verified = django_filters.BooleanFilter(
        label=_("E-mail confirmed"), method="filter_verified"
    )
    specialty = django_filters.ModelChoiceFilter(
        label=_("Specialty"), queryset=Specialty.objects.all()
    )
    city = django_filters.CharFilter(
        label=_("City or region"), field_name="city", lookup_expr="icontains"
    )

    class Meta:
        model = MemberProfile
        fields = ["verified", "specialty", "city"]

    def filter_verified(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.annotate(_verified=verified_subquery()).filter(_verified=value)


# What staff call the screen, in the menu, the page title and the breadcrumbs.
PEOPLE_TITLE = _("Members")
FULL_NAME = pgettext_lazy("person", "Full name")


class EmailColumn(Column):
    """The address, with «не подтверждён» under it while it is unconfirmed: one column
    instead of two keeps the list within a 1280 px screen."""

    cell_template_name = "members/admin/email_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["verified"] = getattr(instance, "is_verified", None)
        # Long addresses may wrap before the @ and after a dot, not mid-word.
        escaped = str(escape(context["value"] or ""))
        context["value"] = mark_safe(  # noqa: S308 - built from escaped text only
            escaped.replace("@", "<wbr>@").replace(".", ".<wbr>")
        )
        return context


class LocalDateTimeColumn(Column):
    """A date and time as `22.11.2026 07:24`, always in the society's time."""

    def get_value(self, instance):
        return core_time.format_datetime(super().get_value(instance))


class PeopleIndexView(IndexView):
    """Search by name, e-mail, code or phone with one box; export for Excel."""

    page_title = PEOPLE_TITLE
    # Stored normalised by us (`+7` and ten digits), never as typed.
    csv_safe_fields = {"phone"}
    # Russian-locale Excel reads `;`-separated UTF-8 only with a byte order mark.
    csv_delimiter = ";"
    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        datetime.datetime: {
            IndexView.FORMAT_CSV: core_time.format_datetime,
            IndexView.FORMAT_XLSX: core_time.local_naive,
        },
        bool: {
            IndexView.FORMAT_CSV: display.yes_no,
            IndexView.FORMAT_XLSX: display.yes_no,
        },
    }

    def get_filename(self):
        """`people-2026-11-22`: the society's date of the export."""
        return f"{self.export_filename}-{core_time.local_today():%Y-%m-%d}"

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """The export, audited: who, with what filter, how many people."""
        rows = queryset.count() if hasattr(queryset, "count") else len(queryset)
        audit_export(request=self.request, what="members.people", rows=rows)
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def stream_csv(self, queryset):
        """Wagtail's CSV with a UTF-8 byte order mark and `;` between cells."""
        writer = csv.DictWriter(
            Echo(), fieldnames=self.list_export, delimiter=self.csv_delimiter
        )
        yield codecs.BOM_UTF8
        yield writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def preprocess_field_value(self, field, value, export_format):
        """CSV cells typed by registrants can't start a formula in a spreadsheet."""
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and field not in self.csv_safe_fields:
            value = neutralise_csv(value)
        return value

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("user", "specialty", "user__personal_code")
            .annotate(is_verified=verified_subquery())
        )

    @property
    def is_searchable(self):
        return True

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(
            selectors.people_search_q(
                self.search_query, user_prefix="user__", profile_prefix=""
            )
        ).distinct()


class PeopleInspectView(InspectView):
    """A person's profile, code, addresses, consents and history (Moscow times)."""

    template_name = "members/admin/person_inspect.html"

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        index_url = reverse(self.index_url_name) if self.index_url_name else None
        for item in items:
            if index_url and item.get("url") == index_url:
                item["label"] = PEOPLE_TITLE
        return items

    def get_field_label(self, field_name, field):
        if field_name == "user":
            return FULL_NAME
        return super().get_field_label(field_name, field)

    def get_phone_display_value(self):
        return self.object.phone_display

    def get_created_at_display_value(self):
        return core_time.format_datetime(self.object.created_at)

    def get_updated_at_display_value(self):
        return core_time.format_datetime(self.object.updated_at)

    def get_object(self, queryset=None):
        return get_object_or_404(
            MemberProfile.objects.select_related(
                "user", "specialty", "user__personal_code"
            ),
            pk=self.pk,
        )

    def get_context_data(self, **kwargs):
        from allauth.account.models import EmailAddress

        context = super().get_context_data(**kwargs)
        user = self.object.user
        context["person"] = user
        context["personal_code"] = getattr(user, "personal_code", None)
        context["email_addresses"] = EmailAddress.objects.filter(user=user)
        context["consents"] = user.consents.select_related("page")
        context["history"] = history.person_history(user)
        return context

    @property
    def header_buttons(self):
        user = self.request.user
        buttons = []
        if user.has_perm(
            "members.change_memberprofile"
        ) and selectors.activation_pending(user=self.object.user):
            buttons.append(
                HeaderButton(
                    _("Resend activation e-mail"),
                    url=reverse("people:resend_activation", args=[self.object.pk]),
                    icon_name="mail",
                )
            )
        if user.has_perm("members.change_personalcode") and hasattr(
            self.object.user, "personal_code"
        ):
            buttons.append(
                HeaderButton(
                    _("Regenerate personal code"),
                    url=reverse("people:regenerate_code", args=[self.object.pk]),
                    icon_name="key",
                )
            )
        return buttons


def resend_activation(request, pk):
    """Staff: send the activation link again (audited)."""
    profile = get_object_or_404(MemberProfile.objects.select_related("user"), pk=pk)

    def run():
        services.activation_mail_resend(
            user=profile.user, actor=request.user, request=request
        )
        return _("The activation e-mail is sent to %(email)s.") % {
            "email": profile.user.email
        }

    return confirm_then_run(
        request,
        title=_("Resend activation e-mail"),
        text=_("Send the account activation link again to %(email)s?")
        % {"email": profile.user.email},
        permission="members.change_memberprofile",
        run=run,
        **_person_page(profile),
    )


def regenerate_code(request, pk):
    """Staff: replace the member's personal code and QR (audited)."""
    profile = get_object_or_404(
        MemberProfile.objects.select_related("user", "user__personal_code"), pk=pk
    )
    personal_code = getattr(profile.user, "personal_code", None)
    if personal_code is None:
        raise PermissionDenied

    def run():
        new = services.personal_code_regenerate(
            personal_code=personal_code,
            expected_code=request.POST.get("code", ""),
            actor=request.user,
            request=request,
        )
        return _(
            "The new personal code is %(code)s; it was e-mailed to the member."
        ) % {"code": new.display}

    return confirm_then_run(
        request,
        title=_("Regenerate personal code"),
        text=_(
            "Replace the code %(code)s with a new one? The old code and the printed "
            "QR stop working at once."
        )
        % {"code": personal_code.display},
        permission="members.change_personalcode",
        run=run,
        hidden={"code": personal_code.code},
        **_person_page(profile),
    )


def _person_page(profile):
    """Where a person's action page comes from and returns to."""
    return {
        "back_url": reverse("people:inspect", args=[profile.pk]),
        "subtitle": str(profile.user),
        "icon": "group",
    }
