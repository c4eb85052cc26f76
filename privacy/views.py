"""The cabinet's "Мои данные": what is held, the archive, requests, closing the
account, and accepting a new consent version."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from members.services import client_ip

from . import consent, selectors, services
from .errors import PrivacyError
from .forms import CloseAccountForm, ConsentAcceptForm, DataRequestForm


@never_cache
@login_required
def index(request, form=None):
    """Every category the society holds about the person, plainly."""
    user = request.user
    return render(
        request,
        "privacy/index.html",
        {
            "sections": selectors.personal_data_sections(user=user),
            "archive": selectors.latest_archive(user=user),
            "open_requests": selectors.open_requests(user=user),
            "form": form or DataRequestForm(),
            "link_hours": services.archive_hours(),
        },
        status=400 if form is not None else 200,
    )


@never_cache
@login_required
@require_POST
def archive_request(request):
    try:
        archive = services.archive_request(
            user=request.user, requested_by=request.user, ip=client_ip(request)
        )
    except PrivacyError as error:
        messages.error(request, error.message)
    else:
        archive.refresh_from_db()
        if archive.status == "ready":
            messages.success(request, _("Your archive is ready: download it below."))
        else:
            messages.success(
                request,
                _("Your archive is being prepared. Come back to this page shortly."),
            )
    return redirect("privacy:index")


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def archive_download(request, token):
    """The archive, once, to whoever asked for it: anyone else 404, used or
    expired 410. Only a plain GET uses the link: HEAD answers the headers and a
    Range request (a download manager's probe) is refused, both leaving it valid."""
    ranged = "HTTP_RANGE" in request.META
    consume = request.method == "GET" and not ranged
    try:
        archive = services.archive_take(
            token=token[:64], user=request.user, consume=consume
        )
    except services.ArchiveGone as error:
        return render(
            request, "privacy/archive_gone.html", {"message": error.message}, status=410
        )
    if archive is None:
        raise Http404
    filename = f"personal-data-{archive.created_at:%Y-%m-%d}.zip"
    if consume:
        response = FileResponse(
            archive.file,
            content_type="application/zip",
            as_attachment=True,
            filename=filename,
        )
    else:
        response = HttpResponse(
            status=416 if request.method == "GET" else 200,
            content_type="application/zip",
        )
        if request.method == "GET":
            response["Content-Range"] = f"bytes */{archive.size}"
        else:
            response["Content-Length"] = str(archive.size)
            response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Accept-Ranges"] = "none"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@login_required
@require_POST
def data_request(request):
    form = DataRequestForm(request.POST)
    if form.is_valid():
        try:
            data_request = services.request_create(
                user=request.user,
                kind=form.cleaned_data["kind"],
                details=form.cleaned_data["details"],
                ip=client_ip(request),
            )
        except PrivacyError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your request is received. We will answer by %(date)s.")
                % {"date": f"{data_request.due_on:%d.%m.%Y}"},
            )
            return redirect("privacy:index")
    return index(request, form=form)


@never_cache
@login_required
def close_account(request):
    """What closing means, then the confirmation; login stops at once."""
    form = CloseAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_close(
                user=request.user, actor=request.user, ip=client_ip(request)
            )
        except PrivacyError as error:
            form.add_error(None, error.message)
        else:
            logout(request)
            return render(request, "privacy/closed.html")
    return render(
        request,
        "privacy/close.html",
        {"form": form, "years": services.accounting_years()},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def consent_accept(request):
    """A new version of the consent text: read it, accept it, or leave."""
    page = consent.consent_needed(request.user)
    if page is None:
        request.session.pop(consent.SESSION_KEY, None)
        return redirect("members:index")
    form = ConsentAcceptForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        consent.consent_accept(user=request.user, ip=client_ip(request))
        request.session.pop(consent.SESSION_KEY, None)
        messages.success(request, _("Thank you: your consent is recorded."))
        return redirect("members:index")
    return render(
        request,
        "privacy/consent.html",
        {"page": page, "form": form},
        status=400 if form.errors else 200,
    )
