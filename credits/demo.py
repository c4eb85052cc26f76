"""Demo content for credits, called by `manage.py load_demo` after events and members.

Today's master-class gets 30 printable codes and a pool of НМО codes; three archive
events of earlier years and last month's school give the demo member a ledger over
several years, a cycle start and an НМО code to enter. Safe to run twice.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from core.time import local_today, local_tz
from events.models import EventFormat, EventIndexPage, EventPage, EventType
from members.models import User

from . import codes, services
from .models import (
    CreditCode,
    CreditCodeStatus,
    CreditProfile,
    CreditRecord,
    CreditSettings,
    CreditSource,
    EventCreditPolicy,
    NmoCode,
)

DEMO_MEMBER_EMAIL = "demo.member@example.org"  # members/demo.py
TODAY_EVENT = "master-class-holep"  # events/demo.py: today, 8 credits
LAST_MONTH_EVENT = "school-pediatric-urology"  # events/demo.py: 30 days ago
NMO_GUIDE_SLUG = "registraciya-na-portale-nmo"  # home's demo guide to the portal
ARCHIVE = [
    ("archive-congress-rou", "Конгресс Российского общества урологов", 1, 18),
    ("archive-school-andrology", "Школа андрологии", 2, 12),
    ("archive-master-class-pcnl", "Мастер-класс: перкутанная нефролитотрипсия", 3, 6),
]


def _archive_event(index, slug, title, years_ago, credits):
    page = EventPage.objects.child_of(index).filter(slug=slug).first()
    if page is not None:
        return page
    day = local_today().replace(month=4, day=15)
    day = day.replace(year=day.year - years_ago)
    start = datetime.datetime.combine(day, datetime.time(10), tzinfo=local_tz())
    page = EventPage(
        slug=slug,
        title=title,
        event_type=EventType.CONFERENCE,
        event_format=EventFormat.IN_PERSON,
        start=start,
        end=start + datetime.timedelta(hours=8),
        city="Москва",
        summary="Архив мероприятий общества.",
        credits=credits,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _nmo_pool(event, *, prefix, count, admin):
    if NmoCode.objects.filter(event=event).exists():
        return
    services.nmo_codes_import(
        actor=admin,
        event=event,
        codes=[f"{prefix}-{number:04d}" for number in range(1, count + 1)],
        file_name="demo.csv",
        deadline=local_today() + datetime.timedelta(days=30),
    )


def load(*, home, stdout):
    index = EventIndexPage.objects.child_of(home).first()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    member = User.objects.filter(email=DEMO_MEMBER_EMAIL).first()
    if index is None or admin is None:
        stdout.write("Credits: no event calendar or administrator, nothing to add.\n")
        return
    today_event = EventPage.objects.child_of(index).filter(slug=TODAY_EVENT).first()
    last_month = EventPage.objects.child_of(index).filter(slug=LAST_MONTH_EVENT).first()
    archive = [_archive_event(index, *spec) for spec in ARCHIVE]
    with transaction.atomic():
        if member is not None:
            for event in archive + [last_month]:
                if event is None:
                    continue
                CreditRecord.objects.get_or_create(
                    user=member,
                    event=event,
                    defaults={
                        "source": CreditSource.CODE,
                        "credits": Decimal(event.credits),
                        "earned_on": event.local_start.date(),
                    },
                )
            profile, _created = CreditProfile.objects.get_or_create(user=member)
            if profile.cycle_start is None:
                start = local_today() - datetime.timedelta(days=2 * 365 + 90)
                services.credit_cycle_set(user=member, cycle_start=start)
        if last_month is not None:
            _nmo_pool(last_month, prefix="ICP-DEMO-SCH", count=5, admin=admin)
    if today_event is None:
        stdout.write("Credits: today's demo event is missing.\n")
        return
    settings = CreditSettings.load()
    if settings.nmo_guide_id is None:
        settings.nmo_guide = Page.objects.filter(slug=NMO_GUIDE_SLUG).first()
        settings.save(update_fields=["nmo_guide"])
    EventCreditPolicy.objects.get_or_create(
        event=today_event, defaults={"checkin_grants_credits": True}
    )
    if not CreditCode.objects.filter(event=today_event).exists():
        # Valid from now at the latest, so the printed codes can be tried at once.
        services.credit_codes_generate(
            actor=admin,
            event=today_event,
            count=30,
            label="день 1",
            valid_from=min(
                today_event.start, timezone.now() - datetime.timedelta(hours=1)
            ),
        )
    _nmo_pool(today_event, prefix="ICP-DEMO-HLP", count=20, admin=admin)
    unused = CreditCode.objects.filter(
        event=today_event, status=CreditCodeStatus.ACTIVE
    ).order_by("pk")[:3]
    shown = ", ".join(codes.display(code.code) for code in unused)
    stdout.write(
        f"Credit codes to try in the cabinet (/cabinet/credits/), «{today_event.title}»: "
        f"{shown}\n"
    )
