"""What the privacy app itself holds about a person: their requests, archives
and the record of a closed account (see core.personal_data)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.personal_data import Category, register

from .models import ArchiveStatus, DataArchive, DataRequest


def _anonymise_archives(user):
    """The account is closed: prepared archives of the person's data (full name,
    phone, ...) are deleted from storage now and their links stop working; one
    still being built is called off. Returns the number of files deleted."""
    from django.utils import timezone

    now = timezone.now()
    archives = DataArchive.objects.filter(user=user)
    deleted = 0
    for archive in archives.exclude(file="").iterator(chunk_size=200):
        archive.file.delete(save=False)
        deleted += 1
    archives.filter(status=ArchiveStatus.BUILDING).update(status=ArchiveStatus.FAILED)
    archives.exclude(file="").update(file="", purged_at=now)
    archives.filter(expires_at__isnull=True).update(expires_at=now)
    archives.filter(expires_at__gt=now).update(expires_at=now)
    return deleted


register(
    Category(
        name="privacy.requests",
        label=_("Your requests about personal data"),
        order=95,
        queryset=lambda user: DataRequest.objects.filter(user=user).order_by(
            "-created_at"
        ),
        row=lambda item: {
            "kind": item.get_kind_display(),
            "details": item.details,
            "created_at": item.created_at,
            "due_on": item.due_on,
            "status": item.get_status_display(),
            "done_at": item.done_at,
        },
        columns={
            "kind": pgettext_lazy("data request", "Request"),
            "details": _("Details"),
            "created_at": pgettext_lazy("data request", "Received"),
            "due_on": _("Answer due"),
            "status": _("Status"),
            "done_at": pgettext_lazy("data request", "Done"),
        },
        covers=("privacy.DataRequest.user",),
        actor_fields=("privacy.DataRequest.done_by",),
        kept=_("Kept as the record of how the society answered."),
    )
)

register(
    Category(
        name="privacy.archives",
        label=_("Archives of your data"),
        order=96,
        queryset=lambda user: DataArchive.objects.filter(user=user),
        row=lambda item: {
            "created_at": item.created_at,
            "status": item.get_status_display(),
            "downloaded_at": item.downloaded_at,
        },
        columns={
            "created_at": _("Requested"),
            "status": _("Status"),
            "downloaded_at": _("Downloaded"),
        },
        covers=(
            "privacy.DataArchive.user",
            "privacy.AccountClosure.user",
        ),
        actor_fields=(
            "privacy.DataArchive.requested_by",
            "privacy.AccountClosure.closed_by",
        ),
        anonymise=_anonymise_archives,
        kept=_(
            "The files are deleted once downloaded, after the link expires, or "
            "when the account is closed."
        ),
    )
)
