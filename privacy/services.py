"""Every change of the privacy app: archives, requests, closing an account,
retention. Each is guard → atomic → lock → change → audit entry."""

import datetime
import logging
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log
from core.personal_data import categories
from core.storage import private_storage
from core.time import local_today
from core.workdays import add_working_days

from . import archive as archive_builder
from . import emails
from .errors import PrivacyError
from .models import (
    AccountClosure,
    ArchiveStatus,
    DataArchive,
    DataRequest,
    RequestKind,
    RequestStatus,
)

logger = logging.getLogger(__name__)

HANDLE_PERMISSION = "privacy.handle_datarequest"
ANSWER_WORKING_DAYS = 10


def can_handle(user):
    return bool(user and user.is_active and user.has_perm(HANDLE_PERMISSION))


def accounting_years():
    return int(getattr(settings, "PRIVACY_ACCOUNTING_RETENTION_YEARS", 5))


def archive_hours():
    return int(getattr(settings, "PRIVACY_ARCHIVE_LINK_HOURS", 24))


def archives_per_day():
    """How many archives one person may have prepared in 24 hours."""
    return int(getattr(settings, "PRIVACY_ARCHIVES_PER_DAY", 3))


def archive_build_minutes():
    """After this long an archive still `building` is taken as lost (its task died)."""
    return int(getattr(settings, "PRIVACY_ARCHIVE_BUILD_MINUTES", 30))


def fail_stuck_archives(queryset, now=None):
    """Mark archives of `queryset` building for longer than allowed as failed."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=archive_build_minutes())
    return queryset.filter(
        status=ArchiveStatus.BUILDING, created_at__lte=cutoff
    ).update(status=ArchiveStatus.FAILED)


def retention_end(closed_on):
    """Accounting records are kept N years counted from the end of the reporting
    year they belong to: until 31 December of the closure year + N."""
    return datetime.date(closed_on.year + accounting_years(), 12, 31)


# --- Archives ---------------------------------------------------------------------


def archive_request(*, user, requested_by, ip=None):
    """Start building the archive of `user` for `requested_by` (the person, or
    staff answering a request); the task builds it after commit."""
    if requested_by.pk != user.pk and not can_handle(requested_by):
        raise PrivacyError(_("Only staff can prepare another person's data."))
    if not user.is_active and requested_by.pk == user.pk:
        raise PrivacyError(_("This account is closed."))
    with transaction.atomic():
        # One request per person at a time: two clicks at once are serialised here.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        mine = DataArchive.objects.filter(requested_by=requested_by, user=user)
        fail_stuck_archives(mine)
        if mine.filter(status=ArchiveStatus.BUILDING).exists():
            raise PrivacyError(_("The archive is already being prepared."))
        now = timezone.now()
        waiting = (
            mine.filter(
                status=ArchiveStatus.READY, downloaded_at=None, expires_at__gt=now
            )
            .exclude(file="")
            .first()
        )
        if waiting is not None:
            return waiting  # its link still works: no second copy of the data
        limit = archives_per_day()
        recent = mine.filter(created_at__gt=now - datetime.timedelta(days=1)).count()
        if recent >= limit:
            raise PrivacyError(
                _(
                    "An archive can be prepared at most %(count)s times a day. "
                    "Please try again tomorrow."
                )
                % {"count": limit}
            )
        archive = DataArchive.objects.create(user=user, requested_by=requested_by)
        audit_log(
            action="privacy.archive.requested",
            actor=requested_by,
            target=archive,
            target_user=user,
            ip=ip,
        )
    transaction.on_commit(lambda: _enqueue_build(archive.pk))
    return archive


def _enqueue_build(archive_id):
    from .tasks import build_archive_task

    build_archive_task.enqueue(archive_id)


def archive_build(*, archive_id):
    """Build one archive (called by the task); a second call changes nothing."""
    archive = DataArchive.objects.select_related("user").filter(pk=archive_id).first()
    if archive is None or archive.status != ArchiveStatus.BUILDING:
        return None
    name = f"privacy/archives/{uuid.uuid4().hex}.zip"
    try:
        stored, size = archive_builder.build_to_storage(
            user=archive.user, storage=private_storage(), name=name
        )
    except Exception:
        logger.exception("Archive %s could not be built", archive_id)
        DataArchive.objects.filter(pk=archive_id).update(status=ArchiveStatus.FAILED)
        return None
    now = timezone.now()
    updated = DataArchive.objects.filter(
        pk=archive_id, status=ArchiveStatus.BUILDING
    ).update(
        status=ArchiveStatus.READY,
        file=stored,
        size=size,
        ready_at=now,
        expires_at=now + datetime.timedelta(hours=archive_hours()),
    )
    if not updated:
        private_storage().delete(stored)
        return archive_id
    archive.refresh_from_db()
    emails.archive_ready(archive)  # a mail that fails leaves the archive ready
    return archive_id


class ArchiveGone(PrivacyError):
    """The link was used already or has expired."""


class ArchiveMissing(ArchiveGone):
    """The link is valid but the stored file is gone (deleted outside the app)."""


def archive_take(*, token, user, consume=True):
    """The archive behind `token` for `user`, its file open for reading and the
    link marked used (once).

    The file is opened before the link is marked, so a storage failure burns
    nothing. With `consume=False` (HEAD, a Range probe) the link is checked but
    neither opened nor marked. None when it is not `user`'s (the view answers
    404); `ArchiveGone` when it was used or has expired (410); `ArchiveMissing`
    when its file is gone (the archive is marked failed: the person may ask again).
    """
    archive = (
        DataArchive.objects.filter(token=token, requested_by=user)
        .exclude(token="")
        .first()
    )
    if archive is None:
        return None
    now = timezone.now()
    if (
        archive.status != ArchiveStatus.READY
        or archive.downloaded_at is not None
        or archive.expires_at is None
        or archive.expires_at <= now
        or not archive.file
    ):
        raise ArchiveGone(_("This link has been used or has expired."))
    if not archive.file.storage.exists(archive.file.name):
        raise _missing(archive)
    if not consume:
        return archive
    try:
        archive.file.open("rb")
    except FileNotFoundError:
        raise _missing(archive) from None
    try:
        with transaction.atomic():
            taken = DataArchive.objects.filter(
                pk=archive.pk, downloaded_at=None
            ).update(downloaded_at=now)
            if not taken:
                raise ArchiveGone(_("This link has been used or has expired."))
            audit_log(
                action="privacy.archive.downloaded",
                actor=user,
                target=archive,
                target_user=archive.user,
            )
    except BaseException:
        archive.file.close()
        raise
    return archive


def _missing(archive):
    """The archive's file is gone: mark it failed (a new one may be asked for)."""
    logger.error("Archive %s: its file %s is missing", archive.pk, archive.file.name)
    DataArchive.objects.filter(pk=archive.pk, downloaded_at=None).update(
        status=ArchiveStatus.FAILED
    )
    return ArchiveMissing(
        _("The prepared file could not be found. Please prepare a new archive.")
    )


# --- Requests ---------------------------------------------------------------------


def request_create(*, user, kind, details="", ip=None, actor=None):
    """A person asks the society about their data (or staff, `actor`, register a
    request that came by post); answered within 10 working days."""
    actor = actor or user
    if actor.pk != user.pk and not can_handle(actor):
        raise PrivacyError(_("Only staff can register another person's request."))
    if kind not in RequestKind.values:
        raise PrivacyError(_("Choose what you are asking for."))
    if not user.is_active:
        raise PrivacyError(_("This account is closed."))
    if kind == RequestKind.CORRECTION and not details.strip():
        raise PrivacyError(_("Say what should be corrected."))
    with transaction.atomic():
        open_requests = DataRequest.objects.select_for_update().filter(
            user=user, kind=kind, status=RequestStatus.OPEN
        )
        if open_requests.exists():
            raise PrivacyError(
                _(
                    "You already have an open request of this kind; staff will answer it."
                )
            )
        try:
            with transaction.atomic():  # two tabs at once: the index decides
                data_request = DataRequest.objects.create(
                    user=user,
                    kind=kind,
                    details=details.strip(),
                    due_on=add_working_days(local_today(), ANSWER_WORKING_DAYS),
                )
        except IntegrityError:
            raise PrivacyError(
                _(
                    "You already have an open request of this kind; staff will answer it."
                )
            ) from None
        audit_log(
            action="privacy.request.created",
            actor=actor,
            target=data_request,
            target_user=user,
            data={"kind": kind},
            ip=ip,
        )
    return data_request


def request_done(*, data_request, actor, response=""):
    """Staff mark a request answered; a second click changes nothing."""
    if not can_handle(actor):
        raise PrivacyError(_("Only staff who handle personal data requests can."))
    with transaction.atomic():
        data_request = DataRequest.objects.select_for_update().get(pk=data_request.pk)
        if data_request.status == RequestStatus.DONE:
            return data_request
        data_request.status = RequestStatus.DONE
        data_request.done_at = timezone.now()
        data_request.done_by = actor
        data_request.response = response.strip()
        data_request.save(update_fields=["status", "done_at", "done_by", "response"])
        audit_log(
            action="privacy.request.done",
            actor=actor,
            target=data_request,
            target_user=data_request.user,
            data={"kind": data_request.kind},
        )
    return data_request


# --- Closing an account -----------------------------------------------------------

CLOSING_KINDS = (RequestKind.WITHDRAWAL, RequestKind.DELETION)


def closing_refused(data_request):
    """Why staff may not close the account for `data_request`, or None."""
    if data_request.kind not in CLOSING_KINDS:
        return _("Only a request to withdraw consent or delete data closes an account.")
    if data_request.status != RequestStatus.OPEN:
        return _("This request is already answered.")
    return None


def request_close_account(*, data_request, actor):
    """Staff answer an open withdrawal or deletion request (by post): the account
    is closed and the request marked answered, together."""
    if not can_handle(actor):
        raise PrivacyError(_("Only staff who handle personal data requests can."))
    with transaction.atomic():
        data_request = (
            DataRequest.objects.select_for_update()
            .select_related("user")
            .get(pk=data_request.pk)
        )
        refused = closing_refused(data_request)
        if refused:
            raise PrivacyError(refused)
        closure = account_close(user=data_request.user, actor=actor)
        request_done(data_request=data_request, actor=actor)
    return closure


def account_close(*, user, actor, ip=None):
    """Consent withdrawn, account closed: login stops now, mail stops, what may not
    be kept is anonymised now; accounting records stay until `retain_until`."""
    if actor.pk != user.pk and not can_handle(actor):
        raise PrivacyError(_("Only staff can close another person's account."))
    if user.is_superuser:
        raise PrivacyError(_("An administrator's account cannot be closed here."))
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if AccountClosure.objects.filter(user=user).exists():
            raise PrivacyError(_("This account is already closed."))
        user.is_active = False
        user.save(update_fields=["is_active"])
        closure = AccountClosure.objects.create(
            user=user,
            closed_by=actor if actor.pk != user.pk else None,
            retain_until=retention_end(local_today()),
        )
        changed = {}
        for category in categories():
            if category.anonymise is not None:
                changed[category.name] = category.anonymise(user)
        audit_log(
            action="privacy.account.closed",
            actor=actor,
            target=closure,
            target_user=user,
            data={"changed": changed, "retain_until": closure.retain_until.isoformat()},
            ip=ip,
        )
    return closure


# --- Retention --------------------------------------------------------------------


def retention_run(*, today=None, now=None):
    """What is due today: closed accounts past their accounting period, archive
    files used or expired. Returns {what: count}; a second run does nothing."""
    today = today or local_today()
    now = now or timezone.now()
    report = {"accounts": 0, "files": 0, "archives": 0}
    report["stuck"] = fail_stuck_archives(DataArchive.objects.all(), now=now)
    due = AccountClosure.objects.filter(
        retain_until__lte=today, retention_done_at=None
    ).values_list("pk", flat=True)
    for closure_id in list(due):
        with transaction.atomic():
            closure = (
                AccountClosure.objects.select_for_update(skip_locked=True)
                .select_related("user")
                .filter(pk=closure_id, retention_done_at=None)
                .first()
            )
            if closure is None:
                continue
            changed = {}
            for category in categories():
                if category.retention is not None:
                    changed[category.name] = category.retention(closure.user, closure)
            closure.retention_done_at = now
            closure.save(update_fields=["retention_done_at"])
            audit_log(
                action="privacy.retention.done",
                target=closure,
                target_user=closure.user,
                data={"changed": changed},
            )
        report["accounts"] += 1
        report["files"] += sum(changed.values())
    finished = DataArchive.objects.filter(purged_at=None).exclude(file="")
    stale = finished.filter(downloaded_at__isnull=False) | finished.filter(
        expires_at__lte=now
    )
    for archive in stale.iterator(chunk_size=200):
        archive.file.delete(save=False)
        DataArchive.objects.filter(pk=archive.pk).update(file="", purged_at=now)
        report["archives"] += 1
    return report
