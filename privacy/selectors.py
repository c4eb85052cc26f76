"""Reads of the privacy app: a person's data by category, their archives."""

from dataclasses import dataclass

from django.utils import timezone

from core.personal_data import categories

from .models import ArchiveStatus, DataArchive, DataRequest, RequestStatus

SHOWN_ROWS = 20


@dataclass
class Section:
    category: object
    rows: list
    total: int

    @property
    def more(self):
        return self.total - len(self.rows)

    @property
    def items(self):
        """Each row as [(label, value for people)], in the category's order."""
        from .archive import display_value

        columns = self.category.columns
        return [
            [(label, display_value(row.get(key))) for key, label in columns.items()]
            for row in self.rows
        ]


def personal_data_sections(*, user, limit=SHOWN_ROWS):
    """Every category with its first `limit` rows (one query each unless more)."""
    sections = []
    for category in categories():
        query = category.queryset(user)
        objects = list(query[: limit + 1])
        total = len(objects)
        if total > limit:
            objects = objects[:limit]
            total = query.count()
        rows = [category.row(obj) for obj in objects]
        sections.append(Section(category=category, rows=rows, total=total))
    return sections


def latest_archive(*, user):
    """The person's own most recent archive that can still be used or is coming."""
    archive = (
        DataArchive.objects.filter(user=user, requested_by=user)
        .order_by("-created_at", "-pk")
        .first()
    )
    if archive is None:
        return None
    if archive.status == ArchiveStatus.BUILDING:
        return archive
    if (
        archive.status == ArchiveStatus.READY
        and archive.downloaded_at is None
        and archive.expires_at
        and archive.expires_at > timezone.now()
    ):
        return archive
    return None


def open_requests(*, user):
    return list(DataRequest.objects.filter(user=user, status=RequestStatus.OPEN))


def request_queue():
    """Requests for staff: open ones first (soonest due first), then done ones."""
    return DataRequest.objects.select_related("user", "done_by").order_by(
        "-status", "due_on", "pk"
    )
