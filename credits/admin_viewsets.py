"""Listings for staff: codes (who used which, when), credit records and НМО codes.

Read-only listings with filters and search; changes go through the event's hub and
the services. The «Revoke» link shows on unused codes for staff who may revoke.
"""

import django_filters
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.time import format_datetime
from events.models import EventPage
from members.selectors import people_search_q

from . import codes
from .models import CreditCode, CreditCodeStatus, CreditRecord, CreditSource, NmoCode


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Listing and details for those with any right on the model; no generic forms."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def _events():
    return EventPage.objects.filter(credits__isnull=False).order_by("-start")


class MoscowColumn(Column):
    def get_value(self, instance):
        return format_datetime(super().get_value(instance))


class RevokeColumn(Column):
    """A «Revoke» link on unused codes, for staff with the right."""

    def get_value(self, instance):
        return instance

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        html = ""
        if (
            instance.status == CreditCodeStatus.ACTIVE
            and request is not None
            and request.user.has_perm("credits.change_creditcode")
        ):
            url = reverse("credits_admin:code_revoke", args=[instance.pk])
            html = format_html('<a href="{}">{}</a>', url, _("Revoke"))
        context["value"] = html
        return context


class CodeFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(label=_("Event"), queryset=_events())
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CreditCodeStatus.choices
    )

    class Meta:
        model = CreditCode
        fields = ["event", "status"]


class SearchIndexView(IndexView):
    """Search with the ORM: each viewset says how."""

    @property
    def is_searchable(self):
        return True

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(self.search_q(self.search_query)).distinct()


class CodeIndexView(SearchIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event", "used_by")

    def search_q(self, query):
        from django.db.models import Q

        normalized = codes.normalize(query) or query.replace("-", "").upper()
        return Q(code__icontains=normalized[:10]) | people_search_q(
            query, user_prefix="used_by__", profile_prefix="used_by__profile__"
        )


class CreditCodeViewSet(ModelViewSet):
    pk_path_converter = "id"  # core.converters: 1 to 18 digits, never a 500
    model = CreditCode
    icon = "key"
    name = "credit_codes"
    url_prefix = "credits/codes"
    menu_label = _("Credit codes")
    add_to_admin_menu = False
    index_view_class = CodeIndexView
    filterset_class = CodeFilterSet
    inspect_view_enabled = True
    inspect_view_fields = [
        "code",
        "event",
        "credits",
        "valid_from",
        "valid_until",
        "label",
        "status",
        "used_by",
        "used_at",
        "revoked_by",
        "revoked_at",
    ]
    list_per_page = 100
    form_fields = ["label"]
    list_display = [
        Column("display", label=_("Code")),
        Column("event", label=_("Event")),
        Column("credits", label=_("Credits")),
        Column("get_status_display", label=_("Status")),
        Column("used_by", label=_("Used by")),
        MoscowColumn("used_at", label=_("Used at"), sort_key="used_at"),
        Column("label", label=_("Label")),
        RevokeColumn("revoke", label=""),
    ]

    def get_urlpatterns(self):
        keep = {"index", "index_results", "inspect"}
        return [p for p in super().get_urlpatterns() if p.name in keep]


class RecordFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(label=_("Event"), queryset=_events())
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=CreditSource.choices
    )

    class Meta:
        model = CreditRecord
        fields = ["event", "source"]


class RecordIndexView(SearchIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event", "user")

    def search_q(self, query):
        return people_search_q(
            query, user_prefix="user__", profile_prefix="user__profile__"
        )


class CreditRecordViewSet(ModelViewSet):
    pk_path_converter = "id"  # core.converters: 1 to 18 digits, never a 500
    model = CreditRecord
    icon = "list-ul"
    name = "credit_records"
    url_prefix = "credits/records"
    menu_label = _("Credit records")
    add_to_admin_menu = False
    index_view_class = RecordIndexView
    filterset_class = RecordFilterSet
    inspect_view_enabled = True
    inspect_view_fields = [
        "user",
        "event",
        "credits",
        "source",
        "earned_on",
        "reason",
        "created_by",
        "certificate_id",
        "created_at",
        "updated_at",
    ]
    list_per_page = 100
    form_fields = ["reason"]
    list_display = [
        Column("user", label=pgettext_lazy("attendee", "Member")),
        Column("event", label=_("Event")),
        Column("credits", label=_("Credits")),
        Column("get_source_display", label=_("Source")),
        Column("earned_on", label=_("Date"), sort_key="earned_on"),
        Column("reason", label=_("Reason")),
    ]

    def get_urlpatterns(self):
        keep = {"index", "index_results", "inspect"}
        return [p for p in super().get_urlpatterns() if p.name in keep]


class NmoFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(label=_("Event"), queryset=_events())
    handed_out = django_filters.BooleanFilter(
        label=_("Handed out"),
        field_name="assigned_at",
        lookup_expr="isnull",
        exclude=True,
    )
    entered = django_filters.BooleanFilter(
        label=_("Entered on the portal"),
        field_name="entered_at",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = NmoCode
        fields = ["event"]


class NmoIndexView(SearchIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event", "assigned_to")

    def search_q(self, query):
        from django.db.models import Q

        return Q(code__icontains=query.strip()[:64]) | people_search_q(
            query, user_prefix="assigned_to__", profile_prefix="assigned_to__profile__"
        )


class NmoCodeViewSet(ModelViewSet):
    pk_path_converter = "id"  # core.converters: 1 to 18 digits, never a 500
    model = NmoCode
    icon = "doc-full-inverse"
    name = "nmo_codes"
    url_prefix = "credits/nmo"
    menu_label = _("НМО codes")
    add_to_admin_menu = False
    index_view_class = NmoIndexView
    filterset_class = NmoFilterSet
    inspect_view_enabled = True
    inspect_view_fields = [
        "code",
        "event",
        "deadline",
        "assigned_to",
        "assigned_at",
        "entered_at",
        "reminded_at",
    ]
    list_per_page = 100
    form_fields = ["deadline"]
    list_display = [
        Column("code", label=_("НМО code")),
        Column("event", label=_("Event")),
        Column("deadline", label=_("Enter on the portal by")),
        Column("assigned_to", label=_("Handed to")),
        MoscowColumn("assigned_at", label=_("Handed out"), sort_key="assigned_at"),
        MoscowColumn("entered_at", label=_("Entered on the portal")),
    ]

    def get_urlpatterns(self):
        keep = {"index", "index_results", "inspect"}
        return [p for p in super().get_urlpatterns() if p.name in keep]


for _model in (CreditCode, CreditRecord, NmoCode):
    register_permission_policy(_model, ReadOnlyPolicy(_model))

code_viewset = CreditCodeViewSet()
record_viewset = CreditRecordViewSet()
nmo_viewset = NmoCodeViewSet()
