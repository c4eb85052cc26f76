"""The Presidium's decisions in the admin: approve, reject with a reason, and
bulk approval with a confirmation step."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST
from wagtail.admin.views.bulk_action import BulkAction

from core.errors import DomainError
from members.services import client_ip

from .. import services
from ..files import attachment_response
from ..models import Application, ApplicationStatus
from .queue import DECIDE


def _check(request):
    if not (request.user.is_active and request.user.has_perm(DECIDE)):
        raise PermissionDenied


def _inspect(application):
    return redirect("membership_applications:inspect", application.pk)


@require_POST
def approve(request, pk):
    """A board member's vote for (the application is approved at the quorum)."""
    _check(request)
    application = get_object_or_404(Application, pk=pk)
    try:
        application = services.application_approve(
            application=application, actor=request.user, ip=client_ip(request)
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if application.status == ApplicationStatus.APPROVED:
            messages.success(
                request,
                _("The application of %(name)s is approved; we are e-mailing them.")
                % {"name": application.user},
            )
        else:
            messages.success(request, _("Your vote is counted."))
    return _inspect(application)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The applicant reads it in the e-mail and in the cabinet."),
        error_messages={
            "required": _(
                "Give the reason for the rejection: the applicant will read it."
            )
        },
    )


def reject(request, pk):
    """GET: the reason form (the confirmation step); POST: reject with it."""
    _check(request)
    application = get_object_or_404(Application.objects.select_related("user"), pk=pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_reject(
                application=application,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                ip=client_ip(request),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "The application of %(name)s is rejected; we are e-mailing them the reason."
                )
                % {"name": application.user},
            )
        return _inspect(application)
    return TemplateResponse(
        request,
        "membership/admin/reject.html",
        {
            "application": application,
            "form": form,
            "cancel_url": reverse("membership_applications:inspect", args=[pk]),
        },
    )


@xframe_options_sameorigin
def attachment(request, pk):
    """The applicant's attachment, for the Presidium only."""
    _check(request)
    application = get_object_or_404(Application.objects.exclude(attachment=""), pk=pk)
    return attachment_response(application, download=request.GET.get("download") == "1")


urlpatterns = [
    path("attachment/<id:pk>/", attachment, name="attachment"),
    path("approve/<id:pk>/", approve, name="approve"),
    path("reject/<id:pk>/", reject, name="reject"),
]


class BulkApproveAction(BulkAction):
    """Approve several applications: a confirmation page lists them, then each is
    voted on in its own transaction and gets its own line in the result."""

    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected applications")
    template_name = "membership/admin/bulk_approve.html"
    action_priority = 10

    @classproperty
    def models(cls):
        return [Application]

    def dispatch(self, request, *args, **kwargs):
        _check(request)
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [pk for pk in object_ids if str(pk).isdigit()]
        return list(
            Application.objects.filter(pk__in=ids)
            .select_related("user", "specialty")
            .order_by("created_at", "pk")
        )

    def get_all_objects_in_listing_query(self, parent_id):
        return Application.objects.filter(
            status=ApplicationStatus.SUBMITTED
        ).values_list("pk", flat=True)

    def object_context(self, application):
        return {
            "item": application,
            "waiting": application.status == ApplicationStatus.SUBMITTED,
            "url": reverse("membership_applications:inspect", args=[application.pk]),
        }

    def form_valid(self, form):
        objects, _without_access = self.get_actionable_objects()
        results = services.applications_bulk_approve(
            applications=objects, actor=self.request.user, ip=client_ip(self.request)
        )
        for result in results:
            text = f"{result.application.user.get_full_name()}: {result.message}"
            if result.ok:
                messages.success(self.request, text)
            else:
                messages.error(self.request, text)
        return redirect(self.next_url)
