"""Reads behind the event calendar, the event page, the home page and the feeds."""

import datetime
import hashlib
import math
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import Max, Min, Prefetch
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _

from core.models import Specialty
from home.models import images_with_renditions
from ops import lookups

from .dates import event_zone, format_month, to_event_time
from .models import EventPage, EventType

UPCOMING = "upcoming"
PAST = "past"


def public_events(*, index=None, root=None):
    """Live events that anyone may see (private and draft events never leak); under
    the calendar `index`, or anywhere below the page `root` (a site's root page)."""
    events = EventPage.objects.live().public()
    if index is not None:
        events = events.child_of(index)
    if root is not None:
        events = events.descendant_of(root)
    return events


def with_listing_data(events):
    """What an event card shows, in a fixed number of queries whatever the count."""
    return events.select_related("cover_image", "locale").prefetch_related(
        Prefetch(
            "specialties",
            queryset=Specialty.objects.order_by("sort_order", "name"),
        ),
        images_with_renditions("cover_image"),
    )


def upcoming_events(*, limit=None, index=None, root=None, now=None):
    """Events not yet over, soonest first: for the home page (of one site: `root`)
    and the calendar feed."""
    now = now or timezone.now()
    events = with_listing_data(
        public_events(index=index, root=root)
        .filter(end__gte=now)
        .order_by("start", "pk")
    )
    if limit is not None:
        events = events[:limit]
    return list(events)


def month_bounds(value):
    """The first instant of a "YYYY-MM" month and of the next, in Moscow time."""
    year, month = (int(part) for part in value.split("-"))
    start = datetime.datetime(year, month, 1, tzinfo=event_zone())
    if month == 12:
        end = datetime.datetime(year + 1, 1, 1, tzinfo=event_zone())
    else:
        end = datetime.datetime(year, month + 1, 1, tzinfo=event_zone())
    return start, end


class EventFilterForm(forms.Form):
    """The filters above the calendar, read from the URL so a list can be shared.

    Every choice list comes from the data, so a value that is unknown or malformed
    simply fails its field and that filter is ignored; the others still apply.
    """

    type = forms.ChoiceField(label=_("Type"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    specialty = forms.ChoiceField(label=_("Specialty"), required=False)
    month = forms.ChoiceField(label=_("Month"), required=False)

    def __init__(
        self,
        data=None,
        *,
        initial=None,
        cities=(),
        specialties=(),
        months=(),
        month_labels=True,
    ):
        """`month_labels=False`: months are offered by value only, for a form that
        just reads the URL (naming some eighty months is most of the form's cost)."""
        super().__init__(data, initial=initial)
        self.fields["type"].choices = [("", _("All types")), *EventType.choices]
        self.fields["city"].choices = [("", _("All cities"))] + [
            (city, city) for city in cities
        ]
        self.fields["specialty"].choices = [("", _("All specialties"))] + [
            (specialty.slug, specialty.name) for specialty in specialties
        ]
        self.fields["month"].choices = [("", _("Any month"))] + [
            (f"{month:%Y-%m}", format_month(month) if month_labels else "")
            for month in months
        ]

    def get_filters(self):
        """The valid, non-empty filters; invalid ones are dropped, never an error."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: value for name, value in cleaned.items() if value}


def filter_events(events, filters):
    """Apply the filters of `EventFilterForm.get_filters()` to a queryset of events."""
    if "type" in filters:
        events = events.filter(event_type=filters["type"])
    if "city" in filters:
        events = events.filter(city=filters["city"])
    if "specialty" in filters:
        events = events.filter(specialties__slug=filters["specialty"])
    if "month" in filters:
        first, after = month_bounds(filters["month"])
        # Any overlap counts: a congress from 28 February to 2 March is in March too.
        events = events.filter(start__lt=after, end__gte=first)
    return events


def event_months(month_rows, *, now):
    """Months that hold events, and which of them hold upcoming or past ones.

    `month_rows` are `(month, earliest end, latest end)` from `filter_choices`. A
    month is named by the start of its events, in Moscow time; an event still
    running that began in an earlier month counts for the current month, since the
    upcoming tab starts from now. Returns `(all_months, upcoming_months,
    past_months)` as sorted lists of dates.
    """
    this_month = to_event_time(now).date().replace(day=1)
    every, upcoming, past = set(), set(), set()
    for month_start, first_end, last_end in month_rows:
        month = to_event_time(month_start).date()
        every.add(month)
        if last_end >= now:
            upcoming.add(max(month, this_month))
        if first_end < now:
            past.add(month)
    return sorted(every | upcoming), sorted(upcoming), sorted(past)


def filter_choices(index):
    """The calendar's filter choices: cities, months and active specialties.

    The same for every visitor until an editor changes a page or a snippet, so they
    are kept in the site-wide cache (ops.lookups) instead of three queries a view.
    Returns `(cities, month_rows, specialties)`.
    """

    def compute():
        events = public_events(index=index)
        cities = list(
            events.exclude(city="")
            .order_by("city")
            .values_list("city", flat=True)
            .distinct()
        )
        month_rows = list(
            events.order_by()
            .annotate(month=TruncMonth("start", tzinfo=event_zone()))
            .values("month")
            .annotate(first_end=Min("end"), last_end=Max("end"))
            .values_list("month", "first_end", "last_end")
        )
        specialties = lookups.rows_of(Specialty.objects.filter(is_active=True))
        return cities, month_rows, specialties

    cities, month_rows, specialty_rows = lookups.cached(
        f"events:choices:{index.pk}", compute
    )
    return cities, month_rows, lookups.instances_from(Specialty, specialty_rows)


def event_index_listing(*, index, params, per_page=12, now=None):
    """Everything the calendar page shows for the query string `params`.

    What the page's cached fragment varies on (the filters that applied, the tab,
    the page number asked for) is read here; the rest (the list, the counts, the
    form shown) is lazy: computed only when the fragment is missing.
    """
    now = now or timezone.now()
    cities, month_rows, specialties = filter_choices(index)
    all_months, upcoming_months, past_months = event_months(month_rows, now=now)
    # Any month with events is accepted, so a shared link keeps its month when the
    # visitor switches tabs (and the tab counts agree with what the tab shows).
    filters = {}
    if any(params.get(name) for name in EventFilterForm.base_fields):
        filters = EventFilterForm(
            params,
            cities=cities,
            specialties=specialties,
            months=all_months,
            month_labels=False,
        ).get_filters()
    when = PAST if params.get("when") == PAST else UPCOMING

    def display_form():
        # The list offers only the months with events in this tab, plus the chosen
        # one. Shown unbound, with only the filters that applied: no error marks.
        months = set(past_months if when == PAST else upcoming_months)
        if "month" in filters:
            months.add(month_bounds(filters["month"])[0].date())
        return EventFilterForm(
            initial=filters,
            cities=cities,
            specialties=specialties,
            months=sorted(months),
        )

    filter_query = urlencode(filters)
    tab_query = urlencode({**filters, "when": PAST}) if when == PAST else filter_query
    return {
        "filter_form": SimpleLazyObject(display_form),
        "filters": filters,
        "filter_query": filter_query,
        "pagination_query": f"&{tab_query}" if tab_query else "",
        "when": when,
        "page_asked": page_shown(
            params.get("page"),
            lambda: tab_pages(index, filters, when, filter_query, per_page, now),
        ),
        "listing": CalendarListing(
            index=index,
            filters=filters,
            when=when,
            page=params.get("page"),
            per_page=per_page,
            now=now,
        ),
    }


class CalendarListing:
    """The events of one tab of the calendar, a page of them and both tabs' counts,
    queried when first read (the page's cached fragment reads them only on a miss)."""

    def __init__(self, *, index, filters, when, page, per_page, now):
        self.index, self.filters, self.when = index, filters, when
        self.page, self.per_page, self.now = page, per_page, now

    @cached_property
    def _tabs(self):
        filtered = filter_events(public_events(index=self.index), self.filters)
        return filtered.filter(end__gte=self.now), filtered.filter(end__lt=self.now)

    @cached_property
    def page_obj(self):
        upcoming, past = self._tabs
        if self.when == PAST:
            shown = past.order_by("-start", "-pk")
        else:
            shown = upcoming.order_by("start", "pk")
        paginator = Paginator(with_listing_data(shown), self.per_page)
        return paginator.get_page(self.page)

    @property
    def events(self):
        return self.page_obj.object_list

    @cached_property
    def upcoming_count(self):
        if self.when == UPCOMING:
            return self.page_obj.paginator.count
        return self._tabs[0].count()

    @cached_property
    def past_count(self):
        if self.when == PAST:
            return self.page_obj.paginator.count
        return self._tabs[1].count()


def page_shown(value, pages):
    """The number of the page `Paginator.get_page` shows for `value`, the cache key
    of the calendar's fragment: two requests share a fragment only when they get
    the same page, and made-up numbers cannot multiply the fragments. Not a whole
    number: the first page; below 1 or past the end: the last. `pages()` (the
    number of pages) is asked only for a number other than 1."""
    try:
        if isinstance(value, float) and not value.is_integer():
            raise ValueError
        number = int(value)
    except (TypeError, ValueError):
        return 1
    if number == 1:
        return 1
    last = pages()
    return number if 1 <= number <= last else last


def tab_pages(index, filters, when, filter_query, per_page, now):
    """How many pages the tab `when` has with these filters (the paginator's count:
    at least one), kept for 5 minutes per content generation like the fragment."""
    digest = hashlib.sha1(filter_query.encode(), usedforsecurity=False).hexdigest()

    def count():
        events = filter_events(public_events(index=index), filters)
        if when == PAST:
            return events.filter(end__lt=now).count()
        return events.filter(end__gte=now).count()

    total = lookups.cached(f"events:count:{index.pk}:{when}:{digest}", count, 300)
    return max(1, math.ceil(total / per_page))
