"""State changes of the materials app: the download log."""

from django.db import transaction

from core.audit import audit_log

from .models import DocumentDownload


def document_download_record(*, user, document, ip=None):
    """Log that `user` received members-only `document` (who, what, when)."""
    with transaction.atomic():
        download = DocumentDownload.objects.create(user=user, document=document)
        audit_log(
            action="materials.document.downloaded",
            actor=user,
            target=document,
            target_user=user,
            ip=ip,
        )
    return download
