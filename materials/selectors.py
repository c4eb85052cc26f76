"""Reads about materials: for the cabinet, the visibility rule and documents."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from .access import can_read
from .models import DocumentDownload, MaterialDocument, MaterialPage, MembersAreaPage


def members_pages_q():
    """A Q over `Page` selecting the members' areas and their materials (by type:
    materials live only in areas, areas only under the home page)."""
    types = ContentType.objects.get_for_models(MembersAreaPage, MaterialPage)
    return Q(content_type__in=[ct.pk for ct in types.values()])


def newest_materials(*, user, limit=3):
    """The newest live materials `user` may read (none for non-readers)."""
    if not can_read(user):
        return []
    return list(MaterialPage.objects.live().order_by("-date", "-pk")[:limit])


def attached_document(*, document_id):
    """The attachment (document and its live material) for `document_id`, or None."""
    return (
        MaterialDocument.objects.select_related("document__collection", "page")
        .filter(document_id=document_id, page__live=True)
        .first()
    )


def is_members_document(document):
    """Whether `document` is attached to a material (live or not)."""
    return MaterialDocument.objects.filter(document_id=document.pk).exists()


def download_count(document):
    """How many members downloaded `document` (each person once)."""
    return (
        DocumentDownload.objects.filter(document=document)
        .aggregate(people=Count("user", distinct=True))
        .get("people")
        or 0
    )
