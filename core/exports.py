"""Files prepared for staff in the background: the registry of kinds and the services.

Slow staff downloads (a batch's code cards as a 1,000-page PDF, a report of
thousands of rows) are not built inside the request. The staff member asks for
one (`export_request`), a task builds it (`export_build`) into private storage,
and an admin page shows «Готовится…» until the download button appears.

Each app registers what it can prepare in its own `staff_exports.py` (found by
`autodiscover()`, like `personal_data.py`)::

    from core.exports import BuiltFile, register_export

    def build_batch_csv(params):          # runs in the task worker
        batch = ...params["batch"]...
        return BuiltFile(content=..., filename="codes.csv",
                         content_type="text/csv; charset=utf-8", rows=10)

    register_export(
        "credits.batch_codes_csv",
        build_batch_csv,
        "credits.view_creditcode",         # or a tuple: any of them
        label=_("Codes of a batch (CSV)"),
        back_url=lambda params: ...,       # where the status page links back to
    )

A builder gets the JSON parameters only (never a request), runs in the language of
the request that asked for it and raises a `DomainError` with a message for people
when it cannot build (e.g. the batch was deleted). Core knows no app: it only holds
the table and runs the builders.

Who may download: the person who asked, while they still hold the kind's
permission, while the file is ready and not expired. Staff do not download each
other's files (the file may be a filter only its requester chose; asking again is
one click). Every request and every download is audited.
"""

import datetime
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import audit_log
from .errors import DomainError
from .models import StaffExport
from .personal_data import Category
from .personal_data import register as register_personal_data

logger = logging.getLogger(__name__)

Status = StaffExport.Status
MAX_ERROR = 2000


class ExportError(DomainError):
    """A prepared file cannot be requested, built or downloaded; `message` says why."""


class ExportNotAllowed(ExportError):
    """The person lost the kind's permission (the views answer as to any missing
    right)."""


@dataclass(frozen=True)
class BuiltFile:
    """What a builder returns: the file's bytes, its name, type and row count."""

    content: bytes
    filename: str
    content_type: str
    rows: int | None = None


@dataclass(frozen=True)
class ExportKind:
    """One kind of file an app prepares: its builder and the rights it needs."""

    kind: str
    build: Callable[[dict], BuiltFile]
    permissions: tuple
    label: str = ""
    back_url: Callable[[dict], str] | None = None


_registry: dict[str, ExportKind] = {}
_discovered = False


def register_export(kind, builder, permission, *, label="", back_url=None):
    """Register `builder(params) -> BuiltFile` under `kind`; `permission` is one
    permission name or several (holding any of them is enough)."""
    permissions = (permission,) if isinstance(permission, str) else tuple(permission)
    if not permissions:
        raise ValueError(f"Export {kind!r} needs at least one permission.")
    spec = ExportKind(
        kind=kind,
        build=builder,
        permissions=permissions,
        label=label,
        back_url=back_url,
    )
    _registry[kind] = spec
    return spec


def autodiscover():
    """Import every installed app's `staff_exports` module once."""
    global _discovered
    if not _discovered:
        autodiscover_modules("staff_exports")
        _discovered = True


def export_kind(kind):
    """The registered kind `kind`, or None."""
    autodiscover()
    return _registry.get(kind)


def kinds() -> Iterable[ExportKind]:
    autodiscover()
    return list(_registry.values())


def keep_days():
    """How many days a prepared file can be downloaded."""
    return getattr(settings, "STAFF_EXPORT_KEEP_DAYS", 7)


def build_minutes():
    """After this long a file still queued or being prepared is taken as lost."""
    return getattr(settings, "STAFF_EXPORT_BUILD_MINUTES", 30)


def can_export(user, kind):
    """Whether `user` holds the right to prepare and download files of `kind`."""
    spec = export_kind(kind)
    if spec is None or user is None:  # (inactive accounts hold no permission)
        return False
    return any(user.has_perm(permission) for permission in spec.permissions)


# --- Request -------------------------------------------------------------------------


def export_request(*, actor, kind, params):
    """Ask for a file of `kind` built from `params`; the task runs after commit.

    Returns the `StaffExport` row (its status page shows progress).
    """
    if export_kind(kind) is None:
        raise ExportError(_("This kind of file cannot be prepared."))
    if not can_export(actor, kind):
        raise ExportError(_("You do not have the right to prepare this file."))
    with transaction.atomic():
        job = StaffExport.objects.create(
            kind=kind,
            params=params,
            requested_by=actor,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        audit_log(
            action="core.export.requested",
            actor=actor,
            target=job,
            data={"export": kind, "filter": params},
        )
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def enqueue(export_id):
    """Hand the job to the task backend; a broken queue is logged (the job stays
    queued and `purge_staff_exports` marks it failed once it is too old)."""
    from .tasks import build_export_task

    try:
        build_export_task.enqueue(str(export_id))
    except Exception:
        logger.exception("Could not enqueue staff export %s", export_id)


# --- Build (in the task) ---------------------------------------------------------------


def _file_storage():
    """Where prepared files live: the model's (the private storage)."""
    return StaffExport._meta.get_field("file").storage


def _storage_name(job, filename):
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip(".-") or "file"
    return f"staff-exports/{job.pk.hex}-{safe[:100]}"


def _error_text(error):
    """What the requester reads: a domain error's own message; for anything else a
    plain sentence (the exception itself goes to the log, never to the page)."""
    if isinstance(error, DomainError):
        return str(error.message)[:MAX_ERROR]
    return str(
        _(
            "The file could not be prepared because of an error on the server. "
            "Try again later; if it happens again, tell the site administrator."
        )
    )


def _move(queryset, source, target, **fields):
    """Move the jobs of `queryset` that are in `source` to `target` (a transition
    of `StaffExport.TRANSITIONS`), setting `fields`; returns how many moved. The
    condition on the current status makes every move happen once, however many
    workers try."""
    if target not in StaffExport.TRANSITIONS[source]:
        raise ValueError(f"A prepared file cannot go from {source} to {target}.")
    return queryset.filter(status=source).update(status=target, **fields)


def export_build(export_id):
    """Build the queued job `export_id` (called by the task). Idempotent: a job
    that is not queued (already built, failed, being built by another worker, or
    gone) is left alone. A failed build is recorded on the job with its error; it
    never raises out of the worker. Returns the job's status afterwards (or None)."""
    now = timezone.now()
    claimed = _move(
        StaffExport.objects.filter(pk=export_id),
        Status.QUEUED,
        Status.RUNNING,
        started_at=now,
    )
    if not claimed:
        return None
    job = StaffExport.objects.get(pk=export_id)
    stored = None
    try:
        spec = export_kind(job.kind)
        if spec is None:
            raise ExportError(_("This kind of file cannot be prepared."))
        with translation.override(job.language or settings.LANGUAGE_CODE):
            built = spec.build(dict(job.params))
        stored = _file_storage().save(
            _storage_name(job, built.filename), ContentFile(built.content)
        )
    except Exception as error:
        logger.exception("Staff export %s (%s) failed", export_id, job.kind)
        if stored:
            _file_storage().delete(stored)
        _move(
            StaffExport.objects.filter(pk=export_id),
            Status.RUNNING,
            Status.FAILED,
            error=_error_text(error),
            finished_at=timezone.now(),
        )
        return Status.FAILED
    finished = timezone.now()
    updated = _move(
        StaffExport.objects.filter(pk=export_id),
        Status.RUNNING,
        Status.READY,
        file=stored,
        filename=built.filename,
        content_type=built.content_type,
        rows=built.rows,
        size=len(built.content),
        finished_at=finished,
        expires_at=finished + datetime.timedelta(days=keep_days()),
    )
    if not updated:  # marked failed meanwhile (taken as lost): keep no orphan file
        _file_storage().delete(stored)
        return None
    return Status.READY


# --- Reading and downloading -----------------------------------------------------------


def export_for(*, user, export_id):
    """The job `export_id` if `user` asked for it, else None (the views answer 404:
    nothing tells another staff member that it exists)."""
    if user is None or not user.pk:
        return None
    return StaffExport.objects.filter(pk=export_id, requested_by=user).first()


def exports_of(*, user, limit=50):
    """The newest files `user` asked for, of kinds they still hold the right to."""
    if user is None or not user.pk:
        return []
    jobs = StaffExport.objects.filter(requested_by=user).order_by("-created_at")
    return [job for job in jobs[:limit] if can_export(user, job.kind)]


def can_export_any(user):
    """Whether `user` may prepare any kind of file (the admin menu's item)."""
    return any(can_export(user, spec.kind) for spec in kinds())


def is_expired(job, now=None):
    now = now or timezone.now()
    return job.expires_at is not None and job.expires_at <= now


def export_take(*, user, export_id):
    """The ready job `export_id` for `user` to download, or raise.

    None when it is not theirs (404); `ExportError` when they no longer hold the
    kind's right, or the file is not ready, has expired or is missing.
    """
    job = export_for(user=user, export_id=export_id)
    if job is None:
        return None
    if not can_export(user, job.kind):
        raise ExportNotAllowed(_("You no longer have the right to download this file."))
    if job.status != Status.READY:
        raise ExportError(_("The file is not ready."))
    if is_expired(job) or not job.file or not job.file.storage.exists(job.file.name):
        raise ExportError(_("The file has expired; prepare it again."))
    return job


# --- Expiry ------------------------------------------------------------------------------


def fail_stuck(now=None):
    """Jobs queued or being prepared for longer than allowed are failed (their task
    was lost); returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=build_minutes())
    old = StaffExport.objects.filter(created_at__lte=cutoff)
    error = _("The file was not prepared in time; prepare it again.")
    return sum(
        _move(old, source, Status.FAILED, error=error, finished_at=now)
        for source in (Status.QUEUED, Status.RUNNING)
    )


def purge(now=None):
    """Delete expired files and their rows (and rows of failed jobs as old); mark
    lost jobs failed. Safe to run twice. Returns {"stuck": n, "deleted": n}."""
    now = now or timezone.now()
    stuck = fail_stuck(now)
    old = now - datetime.timedelta(days=keep_days())
    expired = StaffExport.objects.filter(
        expires_at__lte=now
    ) | StaffExport.objects.filter(expires_at__isnull=True, created_at__lte=old)
    return {"stuck": stuck, "deleted": _delete(expired)}


def delete_for_user(user):
    """At account closure: the files prepared for `user` are deleted (they hold
    other people's data); returns how many."""
    return _delete(StaffExport.objects.filter(requested_by=user))


def _delete(jobs):
    """Delete the jobs of `jobs`, each file first, then its row; returns how many."""
    deleted = 0
    for job in jobs.only("pk", "file").iterator():
        if job.file:
            _file_storage().delete(job.file.name)
        deleted += StaffExport.objects.filter(pk=job.pk).delete()[0]
    return deleted


# --- Personal data ----------------------------------------------------------------------


def _row(job):
    spec = export_kind(job.kind)
    return {
        "kind": str(spec.label) if spec and spec.label else job.kind,
        "created_at": job.created_at,
        "status": job.get_status_display(),
    }


register_personal_data(
    Category(
        name="core.staff_exports",
        label=gettext_lazy("Files prepared for you as staff"),
        order=900,
        queryset=lambda user: StaffExport.objects.filter(requested_by=user).only(
            "kind", "created_at", "status"
        ),
        row=_row,
        columns={
            "kind": gettext_lazy("File"),
            "created_at": gettext_lazy("Requested"),
            "status": gettext_lazy("Status"),
        },
        covers=("core.StaffExport.requested_by",),
        anonymise=delete_for_user,
    )
)
