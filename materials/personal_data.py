"""What the materials app holds about a person (see core.personal_data): the log of
members-only documents they downloaded. Nothing here must be kept once an account is
closed, so closing deletes it."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import Category, register

from .models import DocumentDownload


def _delete_downloads(user):
    deleted, _detail = DocumentDownload.objects.filter(user=user).delete()
    return deleted


register(
    Category(
        name="materials.downloads",
        label=_("Downloads of members-only documents"),
        order=80,
        queryset=lambda user: (
            DocumentDownload.objects.filter(user=user)
            .select_related("document")
            .order_by("-downloaded_at")
        ),
        row=lambda download: {
            "document": download.document.title,
            "downloaded_at": download.downloaded_at,
        },
        columns={
            "document": _("Document"),
            "downloaded_at": _("Downloaded at"),
        },
        covers=("materials.DocumentDownload.user",),
        anonymise=_delete_downloads,
    )
)
