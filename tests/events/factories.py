"""Builders for event pages: one at a time through Wagtail, or hundreds in bulk."""

import datetime
import importlib
import uuid
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page

from core.models import Specialty
from events.models import (
    EventDocument,
    EventFormat,
    EventIndexPage,
    EventPage,
    EventType,
)

MSK = ZoneInfo("Europe/Moscow")


def msk(year, month, day, hour=10, minute=0):
    """An aware datetime in Moscow time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=MSK)


def make_event_index(parent, title="Мероприятия", slug="events", **fields):
    page = EventIndexPage(title=title, slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


SEEDED_SPECIALTIES = dict(
    importlib.import_module("events.migrations.0002_seed_specialties").SPECIALTIES
)


def specialty(slug):
    """A specialty of the seeded list (re-created after a transactional test's flush)."""
    found, _ = Specialty.objects.get_or_create(
        slug=slug, defaults={"name": SEEDED_SPECIALTIES[slug]}
    )
    return found


def programme_for(start, days=1, sessions=3):
    """A realistic programme value: `days` days from `start`, `sessions` each."""
    local = timezone.localtime(start, MSK)
    value = []
    for day in range(days):
        items = []
        for number in range(sessions):
            hour = 9 + number * 2
            items.append(
                {
                    "start_time": f"{hour:02d}:00",
                    "end_time": f"{hour + 1:02d}:30",
                    "title": f"Доклад {number + 1}: лечение мочекаменной болезни",
                    "speakers": "Петров П. П. (Москва); Сидорова А. А. (Казань)",
                    "hall": "Большой зал" if number % 2 == 0 else "Зал Б",
                }
            )
        value.append(
            {
                "type": "day",
                "value": {
                    "date": (local.date() + datetime.timedelta(days=day)).isoformat(),
                    "title": f"День {day + 1}",
                    "sessions": items,
                },
            }
        )
    return value


def make_event(
    index,
    title="Конгресс урологов",
    *,
    start=None,
    end=None,
    specialties=(),
    publish=True,
    **fields,
):
    """A published event under `index`; dates default to one day a month from now."""
    start = start or timezone.now() + datetime.timedelta(days=30)
    end = end or start + datetime.timedelta(hours=8)
    fields.setdefault("event_type", EventType.CONFERENCE)
    fields.setdefault("event_format", EventFormat.IN_PERSON)
    fields.setdefault("city", "Москва")
    fields.setdefault("summary", "Научно-практическое мероприятие для урологов.")
    fields.setdefault("slug", f"event-{uuid.uuid4().hex[:10]}")
    page = EventPage(title=title, start=start, end=end, **fields)
    if specialties:
        page.specialties = [
            s if isinstance(s, Specialty) else specialty(s) for s in specialties
        ]
    index.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    else:
        page.unpublish()
    return page


def make_document(title="Программа конгресса", content=b"%PDF-1.4 test"):
    return get_document_model().objects.create(
        title=title, file=ContentFile(content, name="programme.pdf")
    )


def attach_document(page, document, title=""):
    EventDocument.objects.create(page=page, document=document, title=title)


def bulk_events(index, count, *, start_from=None, specialties=(), cities=None):
    """`count` live events under `index` in a handful of queries.

    Page.add_child costs a dozen queries per page; query-count tests need hundreds of
    events, so this writes the tree rows (treebeard paths), the event rows and the
    specialty links in bulk. The events alternate types and cities and are spread one
    day apart, half before `start_from` and half after.
    """
    index.refresh_from_db()
    start_from = start_from or timezone.now()
    content_type = ContentType.objects.get_for_model(EventPage)
    cities = cities or ["Москва", "Санкт-Петербург", "Казань", "Новосибирск"]
    types = list(EventType.values)
    first_step = index.numchild + 1
    now = timezone.now()
    base_pages = []
    for number in range(count):
        slug = f"bulk-{uuid.uuid4().hex[:12]}"
        base_pages.append(
            Page(
                title=f"Школа урологов № {number + 1}",
                draft_title=f"Школа урологов № {number + 1}",
                slug=slug,
                content_type=content_type,
                path=Page._get_path(index.path, index.depth + 1, first_step + number),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                locale_id=index.locale_id,
                translation_key=uuid.uuid4(),
            )
        )
    created = Page.objects.bulk_create(base_pages, batch_size=200)
    if any(page.pk is None for page in created):  # databases without RETURNING
        created = list(
            Page.objects.filter(path__in=[p.path for p in base_pages]).order_by("path")
        )
    programme = programme_for(start_from, days=2, sessions=4)
    events = []
    for number, base in enumerate(created):
        start = start_from + datetime.timedelta(days=number - count // 2, hours=1)
        event = EventPage(
            page_ptr_id=base.pk,
            event_type=types[number % len(types)],
            event_format=EventFormat.IN_PERSON,
            start=start,
            end=start + datetime.timedelta(days=1, hours=7),
            venue_name="Конгресс-центр",
            address="ул. Примерная, 1",
            city=cities[number % len(cities)],
            organiser="Общество урологов",
            summary="Школа для практикующих урологов.",
            credits=6,
            body=[],
            programme=programme,
            registration_url="",
        )
        events.append(event)
    fields = EventPage._meta.local_concrete_fields
    for offset in range(0, len(events), 100):
        EventPage._base_manager._insert(events[offset : offset + 100], fields=fields)
    if specialties:
        through = EventPage.specialties.through
        links = [
            through(eventpage_id=event.page_ptr_id, specialty_id=spec.pk)
            for event in events
            for spec in specialties
        ]
        through.objects.bulk_create(links, batch_size=500)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
    index.refresh_from_db()
    return count
