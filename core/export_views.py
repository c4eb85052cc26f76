"""Staff screens of prepared files: the list, the status page and the download.

Both answer 404 to anyone but the person who asked for the file (nothing tells
another staff member it exists), and treat a requester who lost the kind's right
like any missing right (Wagtail sends them back to the dashboard).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import exports
from .export_audit import audit_export
from .storage import private_file_response

#: Seconds between reloads of the status page while the file is being prepared.
REFRESH_SECONDS = 3


def _own(request, export_id):
    job = exports.export_for(user=request.user, export_id=export_id)
    if job is None:
        raise Http404
    if not exports.can_export(request.user, job.kind):
        raise PermissionDenied
    return job


@never_cache
@require_safe
def index(request):
    """The files the staff member asked for, newest first (one query for the list)."""
    jobs = exports.exports_of(user=request.user)
    now = timezone.now()
    rows = [
        {
            "job": job,
            "label": _label(job),
            "downloadable": job.status == job.Status.READY
            and not exports.is_expired(job, now),
        }
        for job in jobs
    ]
    return TemplateResponse(request, "core/admin/staff_exports.html", {"rows": rows})


def _label(job):
    spec = exports.export_kind(job.kind)
    return (spec.label if spec else "") or job.kind


@never_cache
@require_safe
def status(request, export_id):
    """«Готовится…» (reloading itself, no script needed under the CSP), then the
    download button, or the error."""
    job = _own(request, export_id)
    spec = exports.export_kind(job.kind)
    pending = job.status in (job.Status.QUEUED, job.Status.RUNNING)
    expired = job.status == job.Status.READY and exports.is_expired(job)
    return TemplateResponse(
        request,
        "core/admin/staff_export.html",
        {
            "job": job,
            "label": _label(job),
            "back_url": spec.back_url(job.params) if spec and spec.back_url else "",
            "pending": pending,
            "expired": expired,
            "downloadable": job.status == job.Status.READY and not expired,
            "refresh_seconds": REFRESH_SECONDS,
        },
    )


@never_cache
@require_safe
def download(request, export_id):
    """The prepared file, to the person who asked for it while they hold the right
    and the file is ready (a signed redirect on S3, streamed otherwise); each GET
    is an audited export."""
    try:
        job = exports.export_take(user=request.user, export_id=export_id)
    except exports.ExportNotAllowed:
        raise PermissionDenied from None
    except exports.ExportError as error:  # not ready, failed or expired
        messages.error(request, error.message)
        return redirect("staff_exports:status", export_id=export_id)
    if job is None:
        raise Http404
    response = private_file_response(
        job.file, filename=job.filename, content_type=job.content_type
    )
    if request.method == "GET":
        audit_export(request=request, what=job.kind, rows=job.rows, filters=job.params)
    return response
