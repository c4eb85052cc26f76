"""Events: congresses, conferences, schools, master-classes.

Events state the specialties their credits count for (core.models.Specialty).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.models import Specialty
from home.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from home.models import LatinSlugMixin

from .blocks import ProgrammeBlock
from .dates import format_date_range, format_time_range, to_event_time


class EventType(models.TextChoices):
    CONGRESS = "congress", _("Congress")
    CONFERENCE = "conference", _("Conference")
    SCHOOL = "school", _("School")
    MASTER_CLASS = "master_class", _("Master-class")
    WEBINAR = "webinar", _("Webinar")
    OTHER = "other", _("Other")


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class EventStatus(models.TextChoices):
    """Where an event stands relative to now; computed, never stored."""

    UPCOMING = "upcoming", pgettext_lazy("event status", "Upcoming")
    TODAY = "today", pgettext_lazy("event status", "Today")
    ONGOING = "ongoing", pgettext_lazy("event status", "In progress")
    PAST = "past", pgettext_lazy("event status", "Past")


class EventIndexPage(LatinSlugMixin, Page):
    """The calendar of events: upcoming first, past ones on their own tab, with filters."""

    introduction = RichTextField(
        _("introduction"), blank=True, features=RICH_TEXT_FEATURES
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    search_fields = Page.search_fields + [index.SearchField("introduction")]
    search_listed_last = True  # site search: after content pages (home/search.py)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]

    paginate_by = 12

    class Meta:
        verbose_name = _("event calendar")
        verbose_name_plural = _("event calendars")

    def get_context(self, request, *args, **kwargs):
        from .selectors import event_index_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(
            event_index_listing(
                index=self, params=request.GET, per_page=self.paginate_by
            )
        )
        return context


class EventPage(LatinSlugMixin, Page):
    """One congress, conference, school, master-class or webinar.

    Visitors come here to see when and where it is, how many НМО credits it gives and
    for which specialties, to read the programme and to add it to their calendar.
    """

    event_type = models.CharField(
        _("type"),
        max_length=20,
        choices=EventType.choices,
        default=EventType.CONFERENCE,
    )
    start = models.DateTimeField(
        _("starts"), help_text=_("Moscow time."), db_index=True
    )
    end = models.DateTimeField(_("ends"), help_text=_("Moscow time."), db_index=True)
    event_format = models.CharField(
        _("format"),
        max_length=20,
        choices=EventFormat.choices,
        default=EventFormat.IN_PERSON,
    )
    venue_name = models.CharField(_("venue"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True, db_index=True)
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Where online participants join or watch."),
    )
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    summary = models.TextField(
        _("summary"),
        max_length=500,
        blank=True,
        help_text=_("Two or three sentences for listings and calendar files."),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("description"), blank=True)
    programme = StreamField(ProgrammeBlock(), verbose_name=_("programme"), blank=True)
    credits = models.SmallIntegerField(
        pgettext_lazy("event field", "CME credits"),
        null=True,
        blank=True,
        help_text=_("Leave empty if the event is not accredited."),
    )
    specialties = ParentalManyToManyField(
        Specialty,
        verbose_name=_("specialties"),
        blank=True,
        related_name="events",
        help_text=_("The specialties the credits count for."),
    )
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_text = RichTextField(
        _("registration details"), blank=True, features=RICH_TEXT_FEATURES
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("event_type"), FieldPanel("event_format")]),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
            ],
            heading=_("Type and dates"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("address"),
                FieldPanel("city"),
                FieldPanel("online_url"),
                FieldPanel("organiser"),
            ],
            heading=_("Place and organiser"),
        ),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldPanel("credits"),
                FieldPanel("specialties", widget=forms.CheckboxSelectMultiple),
            ],
            heading=pgettext_lazy("event field", "CME credits"),
        ),
        FieldPanel("body"),
        FieldPanel("programme"),
        MultiFieldPanel(
            [FieldPanel("registration_url"), FieldPanel("registration_text")],
            heading=_("Registration"),
        ),
        InlinePanel("documents", label=_("Document"), heading=_("Documents")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("venue_name"),
        index.SearchField("city"),
        index.SearchField("organiser"),
        index.FilterField("start"),
        index.FilterField("end"),
        index.FilterField("event_type"),
        index.FilterField("city"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="events_eventpage_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=models.Q(credits__isnull=True) | models.Q(credits__gte=0),
                name="events_eventpage_credits_not_negative",
            ),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _(
                "The event cannot end before it starts: check the end date and time."
            )
        if self.credits is not None and self.credits < 0:
            errors["credits"] = _(
                "Credits cannot be negative. Leave the field empty if the event is "
                "not accredited."
            )
        if self.event_format != EventFormat.ONLINE and not self.city.strip():
            errors["city"] = _(
                "Give the city of an in-person event: visitors filter events by city."
            )
        if self.start and self.end and self.end >= self.start:
            first, last = self.local_start.date(), self.local_end.date()
            for block in self.programme or []:
                day = block.value.get("date")
                if day and not first <= day <= last:
                    errors["programme"] = _(
                        "Programme day %(day)s falls outside the event's dates."
                    ) % {"day": day.strftime("%d.%m.%Y")}
                    break
        if errors:
            raise ValidationError(errors)

    # --- Derived values shown on pages and in calendar files -----------------------

    @property
    def local_start(self):
        return to_event_time(self.start)

    @property
    def local_end(self):
        return to_event_time(self.end)

    @property
    def date_display(self):
        """ "12–14 марта 2027 г."."""
        return format_date_range(self.local_start.date(), self.local_end.date())

    @property
    def is_one_day(self):
        return self.local_start.date() == self.local_end.date()

    @property
    def time_display(self):
        """ "10:00–18:00" for a one-day event, else the start time of the first day."""
        if self.is_one_day:
            return format_time_range(self.local_start, self.local_end)
        return format_time_range(self.local_start, None)

    def get_status(self, now=None):
        """Past, in progress, today (later) or upcoming, in Moscow time."""
        now = now or timezone.now()
        if self.end < now:
            return EventStatus.PAST
        if self.start <= now:
            return EventStatus.ONGOING
        if self.local_start.date() == to_event_time(now).date():
            return EventStatus.TODAY
        return EventStatus.UPCOMING

    @cached_property
    def status(self):
        return self.get_status()

    @property
    def status_label(self):
        return EventStatus(self.status).label

    @property
    def is_online(self):
        return self.event_format == EventFormat.ONLINE

    @property
    def location_display(self):
        """Venue, address and city on one line; "Online" for online events."""
        if self.is_online:
            return str(_("Online"))
        parts = [self.venue_name, self.address, self.city]
        return ", ".join(part for part in parts if part)

    def get_specialties(self):
        """Specialties, using the prefetched list when a listing loaded it."""
        return list(self.specialties.all())

    def get_programme_days(self):
        """Days of the programme in date order, sessions by start time."""
        days = []
        for block in self.programme or []:
            value = block.value
            sessions = sorted(value["sessions"], key=lambda s: s["start_time"])
            days.append(
                {
                    "date": value["date"],
                    "title": value["title"],
                    "sessions": sessions,
                }
            )
        return sorted(days, key=lambda day: day["date"])

    def get_documents(self):
        return list(self.documents.select_related("document"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Loaded only when the cached fragment of the page is missing (the template).
        context["specialties"] = SimpleLazyObject(self.get_specialties)
        context["programme_days"] = SimpleLazyObject(self.get_programme_days)
        context["event_documents"] = SimpleLazyObject(self.get_documents)
        # Once over, the page keeps the programme and documents but offers nothing
        # to join, register for or add to a calendar.
        context["is_past"] = self.status == EventStatus.PAST
        return context


class EventDocument(Orderable):
    """A file attached to an event: the programme as PDF, an information letter."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("link text"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to use the document title."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or self.document.title
