"""The benchmark's data set (scripts/bench.py): the demo site plus, at scale 1,
1,000 events over six years, 300 members-only materials, 3,000 members, and five
years of membership and credits for 1,000 of them.

Written in bulk where Wagtail allows it (events through the tests' bulk builder);
materials go through Wagtail's add_child. Needs the tests/ package (factories).
"""

import datetime
import io
import random
import time
import uuid
from decimal import Decimal

MEMBER_EMAIL = "bench.active@example.org"
MATERIALS_SLUG = "materialy"
PARAGRAPH = (
    "<p>Клинические рекомендации по диагностике и лечению мочекаменной болезни: "
    "показания к дистанционной литотрипсии, выбор метода, ведение пациентов после "
    "вмешательства. Таблицы доз, алгоритмы и список литературы.</p>"
)


def seed(scale=1.0, log=print):
    """Fill an empty, migrated database; returns what the benchmark requests."""
    from django.core.management import call_command

    started = time.perf_counter()
    rng = random.Random(11)  # the same data set every run
    call_command("load_demo", stdout=io.StringIO())
    log(f"  demo site: {time.perf_counter() - started:.1f} s")
    events = _events(round(1000 * scale))
    log(f"  {len(events)} events: {time.perf_counter() - started:.1f} s")
    materials = _materials(round(300 * scale))
    log(f"  {materials} materials: {time.perf_counter() - started:.1f} s")
    users = _members(round(3000 * scale))
    log(f"  {len(users)} members: {time.perf_counter() - started:.1f} s")
    past = [event for event in events if event.start < _now()]
    records = _history(users[: round(1000 * scale)], past, rng)
    member = _active_member(past, rng)
    log(
        f"  5 years of dues and {records} credit records: "
        f"{time.perf_counter() - started:.1f} s"
    )
    return {"member_id": member.pk, "seconds": round(time.perf_counter() - started, 1)}


def _now():
    from django.utils import timezone

    return timezone.now()


def _events(count):
    """`count` live events, one every ~2 days from five years ago to a year ahead."""
    from core.models import Specialty
    from events.models import EventIndexPage, EventPage
    from tests.events.factories import bulk_events

    index = EventIndexPage.objects.live().first()
    before = set(EventPage.objects.values_list("pk", flat=True))
    bulk_events(index, count, specialties=list(Specialty.objects.all()[:2]))
    events = list(EventPage.objects.exclude(pk__in=before).order_by("pk"))
    first = _now() - datetime.timedelta(days=5 * 365)
    step = datetime.timedelta(days=6 * 365) / max(count, 1)
    for number, event in enumerate(events):
        event.start = first + step * number
        event.end = event.start + datetime.timedelta(days=1, hours=7)
    EventPage.objects.bulk_update(events, ["start", "end"], batch_size=500)
    return events


def _materials(count):
    """The members' area (materials app) with `count` material pages."""
    from home.models import HomePage
    from materials.models import MaterialPage, MembersAreaPage

    home = HomePage.objects.live().first()
    area = MembersAreaPage.objects.first()
    if area is None:
        area = MembersAreaPage(title="Для членов общества", slug=MATERIALS_SLUG)
        home.add_child(instance=area)
        area.save_revision().publish()
    body = [("paragraph", PARAGRAPH)] * 3
    today = _now().date()
    for number in range(count):
        page = MaterialPage(
            title=f"Клинические рекомендации № {number + 1}",
            slug=f"material-{number + 1}",
            teaser="Материал для членов общества.",
            date=today - datetime.timedelta(days=number),
            body=body,
            live=True,
            first_published_at=_now(),
        )
        area.add_child(instance=page)
    return count


def _members(count):
    """`count` verified people with profiles (no logins: they are the data)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from core.models import Specialty
    from members.models import MemberProfile, User

    password = make_password(None)
    User.objects.bulk_create(
        [
            User(
                email=f"bench{n}@example.org",
                last_name="Петров",
                first_name="Пётр",
                patronymic="Петрович",
                password=password,
            )
            for n in range(count)
        ],
        batch_size=1000,
    )
    users = list(User.objects.filter(email__startswith="bench").order_by("pk"))
    specialty = Specialty.objects.first()
    MemberProfile.objects.bulk_create(
        [
            MemberProfile(
                user=user,
                phone="+79001234567",
                city="Москва",
                specialty=specialty,
                workplace="ГКБ № 1",
            )
            for user in users
        ],
        batch_size=1000,
    )
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=user, email=user.email, primary=True, verified=True)
            for user in users
        ],
        batch_size=1000,
    )
    return users


def _history(users, past_events, rng, per_year=8):
    """Five yearly membership periods and ~`per_year` events' credits a year each."""
    from credits.models import CreditRecord
    from membership.models import MembershipPeriod

    today = _now().date()
    periods, records = [], []
    for user in users:
        for year in range(today.year - 4, today.year + 1):
            periods.append(
                MembershipPeriod(
                    user=user,
                    start=datetime.date(year, 1, 1),
                    end=datetime.date(year, 12, 31),
                    payment_reference=uuid.uuid4(),
                )
            )
        for event in rng.sample(past_events, min(per_year * 5, len(past_events))):
            records.append(
                CreditRecord(
                    user=user,
                    event=event,
                    source="code",
                    credits=Decimal("6.00"),
                    earned_on=event.start.date(),
                )
            )
    MembershipPeriod.objects.bulk_create(periods, batch_size=2000)
    CreditRecord.objects.bulk_create(records, batch_size=2000)
    return len(records)


def _active_member(past_events, rng):
    """The person the logged-in pages are measured as: like the 1,000 above, plus a
    personal code and a full profile (made the way the tests make members)."""
    from tests.members.factories import make_member

    member = make_member(email=MEMBER_EMAIL)
    _history([member], past_events, rng)
    return member


def session_cookie(user_id):
    """A signed-in session for `user_id` in the configured session store."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from members.models import User

    user = User.objects.get(pk=user_id)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(24 * 3600)
    store.save()
    return store.session_key
