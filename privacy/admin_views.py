"""Staff screens: «Запросы по персональным данным» with deadlines, the audited
"done" action, and the archive of a person who asks by post."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.admin import confirm_then_run
from core.time import local_today

from . import selectors, services
from .errors import PrivacyError
from .forms import PostalRequestForm
from .models import ArchiveStatus, DataArchive, DataRequest, RequestStatus

QUEUE_TITLE = gettext_lazy("Personal data requests")
PER_PAGE = 50


def _require_handler(request):
    if not services.can_handle(request.user):
        raise PermissionDenied


def queue(request):
    """Open requests first, the one due soonest first; overdue ones marked."""
    _require_handler(request)
    usable = DataArchive.objects.filter(
        requested_by=request.user,
        status=ArchiveStatus.READY,
        downloaded_at=None,
        expires_at__gt=timezone.now(),
    ).order_by("-created_at")
    query = selectors.request_queue().prefetch_related(
        Prefetch("user__data_archives", queryset=usable, to_attr="staff_archives")
    )
    page = Paginator(query, PER_PAGE).get_page(request.GET.get("p"))
    today = local_today()
    rows = [
        {
            "request": item,
            "overdue": item.status == RequestStatus.OPEN and item.due_on < today,
            "archive": (item.user.staff_archives or [None])[0],
        }
        for item in page.object_list
    ]
    return TemplateResponse(
        request,
        "privacy/admin/queue.html",
        {"title": QUEUE_TITLE, "page": page, "rows": rows, "today": today},
    )


def done(request, pk):
    data_request = get_object_or_404(DataRequest.objects.select_related("user"), pk=pk)

    def run():
        services.request_done(data_request=data_request, actor=request.user)
        return _("The request is marked as answered.")

    return confirm_then_run(
        request,
        title=_("Mark the request as answered"),
        subtitle=str(data_request.user),
        text=_("Confirm that the answer has been given to %(name)s: %(kind)s.")
        % {"name": data_request.user, "kind": data_request.get_kind_display()},
        permission=services.HANDLE_PERMISSION,
        run=run,
        back_url=reverse("privacy_admin:queue"),
    )


def close_account(request, pk):
    """A withdrawal or deletion asked by post: close the person's account and mark
    the request answered, after a confirmation."""
    _require_handler(request)
    data_request = get_object_or_404(DataRequest.objects.select_related("user"), pk=pk)
    refused = services.closing_refused(data_request)
    if refused and request.method != "POST":
        messages.error(request, refused)
        return redirect("privacy_admin:queue")

    def run():
        services.request_close_account(data_request=data_request, actor=request.user)
        return _("The account is closed and the request is marked as answered.")

    return confirm_then_run(
        request,
        title=_("Close the account"),
        subtitle=str(data_request.user),
        text=_(
            "%(name)s withdraws consent: login stops at once, the profile and "
            "contacts are deleted, accounting and credit records are kept under "
            "initials. This cannot be undone."
        )
        % {"name": data_request.user},
        permission=services.HANDLE_PERMISSION,
        run=run,
        back_url=reverse("privacy_admin:queue"),
    )


@require_POST
def archive(request, pk):
    """Prepare the person's archive for the staff member (a request by post)."""
    _require_handler(request)
    data_request = get_object_or_404(DataRequest.objects.select_related("user"), pk=pk)
    try:
        services.archive_request(user=data_request.user, requested_by=request.user)
    except PrivacyError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The archive is being prepared; its link appears in the list."),
        )
    return redirect("privacy_admin:queue")


def add(request):
    """Register a request that came by post or in person."""
    _require_handler(request)
    form = PostalRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_create(
                user=form.person,
                kind=form.cleaned_data["kind"],
                details=form.cleaned_data["details"],
                actor=request.user,
            )
        except PrivacyError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The request is registered."))
            return redirect("privacy_admin:queue")
    return TemplateResponse(
        request,
        "privacy/admin/add.html",
        {"title": _("Register a request received by post"), "form": form},
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path("", queue, name="queue"),
    path("add/", add, name="add"),
    path("<id:pk>/done/", done, name="done"),
    path("<id:pk>/archive/", archive, name="archive"),
    path("<id:pk>/close-account/", close_account, name="close_account"),
]
