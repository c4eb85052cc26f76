"""The Presidium's queue of applications in the Wagtail admin, and one application
with the applicant's profile, the votes and the history."""

import django_filters
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.admin.views.generic import HistoryView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from core.time import format_date

from .. import selectors
from ..models import Application, ApplicationStatus, VoteDecision

DECIDE = "membership.decide_application"
TITLE = _("Membership applications")
APPLICANT = pgettext_lazy("person", "Applicant")


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Applications change only through the decision services: the Presidium (the
    `decide_application` permission) sees the queue and decides; nobody edits."""

    def user_has_permission(self, user, action):
        if action in {"view", "decide"}:
            return user.is_active and user.has_perm(DECIDE)
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(["decide_application"])


def _specialty_queryset(request):
    from core.models import Specialty

    return Specialty.objects.all()


class ApplicationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ApplicationStatus.choices
    )
    specialty = django_filters.ModelChoiceFilter(
        label=_("Specialty"), queryset=_specialty_queryset
    )
    city = django_filters.CharFilter(
        label=_("City or region"), field_name="city", lookup_expr="icontains"
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Submitted"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Application
        fields = ["status", "specialty", "city", "created_at"]


class DateColumn(Column):
    def get_value(self, instance):
        return format_date(super().get_value(instance))


class VotesColumn(Column):
    """«1 из 2» for a waiting application; the settled count for decided ones."""

    def get_value(self, instance):
        return _("%(votes)s of %(needed)s") % {
            "votes": instance.approvals,
            "needed": instance.votes_needed,
        }


class ApplicationIndexView(IndexView):
    """The queue: filters, the oldest waiting first, bulk approval."""

    template_name = "membership/admin/index.html"
    page_title = TITLE

    def get_base_queryset(self):
        return (
            Application.objects.select_related("user", "specialty")
            .annotate(
                approvals=Count("votes", filter=Q(votes__decision=VoteDecision.APPROVE))
            )
            .annotate(
                waiting_first=Case(
                    When(status=ApplicationStatus.SUBMITTED, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
                votes_needed=Value(self.votes_needed, output_field=IntegerField()),
            )
            .order_by("waiting_first", "created_at", "pk")
        )

    @cached_property
    def votes_needed(self):
        return selectors.dues_settings().votes_needed

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="application"),
            TitleColumn(
                "user",
                label=APPLICANT,
                sort_key="user__last_name",
                url_name="membership_applications:inspect",
                classname="w-whitespace-nowrap",
                get_title_id=lambda instance: f"application_{instance.pk}_title",
            ),
            Column("specialty", label=_("Specialty")),
            Column("city", label=_("City or region"), sort_key="city"),
            Column("workplace", label=_("Place of work")),
            DateColumn("created_at", label=_("Submitted"), sort_key="created_at"),
            Column("get_status_display", label=_("Status"), sort_key="status"),
            VotesColumn("votes", label=_("Votes for")),
        ]

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Minutes (PDF)"),
                url=reverse("membership_minutes"),
                icon_name="doc-full",
            )
        ]


class ApplicationInspectView(InspectView):
    """One application: the applicant's profile, the votes, approve or reject."""

    template_name = "membership/admin/inspect.html"
    fields = []

    def get_object(self, queryset=None):
        return get_object_or_404(
            Application.objects.select_related(
                "user",
                "user__profile",
                "user__profile__specialty",
                "user__personal_code",
                "specialty",
                "decided_by",
            ),
            pk=self.pk,
        )

    def get_page_subtitle(self):
        return self.object.user.get_full_name()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        user = self.request.user
        votes = list(application.votes.select_related("voter"))
        context.update(
            {
                "application": application,
                "applicant": application.user,
                "profile": getattr(application.user, "profile", None),
                "votes": votes,
                "approvals": sum(v.decision == VoteDecision.APPROVE for v in votes),
                "votes_needed": selectors.dues_settings().votes_needed,
                "my_vote": next((v for v in votes if v.voter_id == user.pk), None),
                "is_own": application.user_id == user.pk,
                "other_applications": Application.objects.filter(
                    user=application.user
                ).exclude(pk=application.pk),
                "member_until": selectors.membership_until(application.user),
                "history_url": reverse(
                    "membership_applications:history", args=[application.pk]
                ),
            }
        )
        return context


class ApplicationHistoryView(HistoryView):
    """Who voted, approved or rejected, when, and why."""

    any_permission_required = ["view"]


class ApplicationViewSet(ModelViewSet):
    pk_path_converter = "id"  # core.converters: 1 to 18 digits, never a 500
    model = Application
    icon = "form"
    menu_label = TITLE
    menu_order = 255
    add_to_admin_menu = True
    name = "membership_applications"
    url_prefix = "membership/applications"
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    history_view_class = ApplicationHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = ApplicationFilterSet
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        """No add, edit, delete or usage screens to link to."""
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            usage_url_name=None,
            **kwargs,
        )

    @property
    def url_finder_class(self):
        return type(
            "ApplicationURLFinder",
            (super().url_finder_class,),
            {"edit_url_name": self.get_url_name("inspect")},
        )

    def get_permissions_to_register(self):
        return (
            super().get_permissions_to_register().filter(codename="decide_application")
        )

    def get_urlpatterns(self):
        """No add, edit, copy or delete: applications change only by decisions."""
        from django.urls import path

        from . import decisions

        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<id:pk>/", self.inspect_view, name="inspect"),
            path("history/<id:pk>/", self.history_view, name="history"),
            path(
                "history-results/<id:pk>/",
                self.history_results_view,
                name="history_results",
            ),
            *decisions.urlpatterns,
        ]
