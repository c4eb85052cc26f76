"""Reads about materials: for the cabinet, the visibility rule and documents."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from .access import can_read
from .models import (
    DocumentDownload,
    MaterialDocument,
    MaterialPage,
    MembersAreaPage,
    MembersCollection,
)


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


def members_collection():
    """The collection of members-only documents (None only if its row was removed)."""
    row = MembersCollection.objects.select_related("collection").first()
    return row.collection if row else None


def in_members_collection(document, collection=None):
    """Whether `document` lies in the members' collection or any collection below."""
    collection = collection or members_collection()
    if collection is None or document.collection_id is None:
        return False
    return document.collection.path.startswith(collection.path)


def readable_document(*, document_id):
    """The members-only document a reader may receive through the checked view, or
    None: one of the members' collection (attached or not: materials also link them
    in their text), or a document outside it attached to a live material, as long
    as no other view restriction (e.g. a board-only sub-collection) guards it."""
    from wagtail.documents import get_document_model

    document = (
        get_document_model()
        .objects.select_related("collection")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        return None
    restrictions = document.collection.get_view_restrictions()
    collection = members_collection()
    if in_members_collection(document, collection):
        # The members' restriction (and any above it) is ours to honour.
        restrictions = restrictions.exclude(collection__depth__lte=collection.depth)
    elif not MaterialDocument.objects.filter(
        document_id=document.pk, page__live=True
    ).exists():
        return None
    return None if restrictions.exists() else document


def is_members_document(document):
    """Whether `document` is members-only: in the members' collection (attached or
    not, now or ever) or attached to a material (live or not)."""
    return (
        in_members_collection(document)
        or MaterialDocument.objects.filter(document_id=document.pk).exists()
    )


def download_count(document):
    """How many members downloaded `document` (each person once)."""
    return (
        DocumentDownload.objects.filter(document=document)
        .aggregate(people=Count("user", distinct=True))
        .get("people")
        or 0
    )
