"""Reads shared by the cabinet, the admin, the PDFs and the public verification page."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from core.time import local_today

from .models import (
    CheckIn,
    CreditCode,
    CreditCodeStatus,
    CreditProfile,
    CreditRecord,
    CreditSettings,
    NmoCode,
)


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass
class Cycle:
    """The member's current cycle: [start, end) and where the credits stand."""

    start: datetime.date
    end: datetime.date
    total: Decimal
    requirement: Decimal
    yearly: Decimal
    years: int
    from_profile: bool
    marks: list = field(default_factory=list)

    @property
    def percent(self):
        if not self.requirement:
            return 100
        return min(100, int(self.total * 100 / self.requirement))

    @property
    def remaining(self):
        return max(Decimal("0"), self.requirement - self.total)

    @property
    def expected_now(self):
        """What the yearly figure asks for by the end of the current cycle year."""
        today = local_today()
        year_number = 1
        while year_number < self.years and _add_years(self.start, year_number) <= today:
            year_number += 1
        return min(self.requirement, self.yearly * year_number)


def current_cycle(*, cycle_start, today=None, years=5):
    """The cycle containing `today`: from the member's start, or the last `years`
    years when they haven't set one."""
    today = today or local_today()
    if cycle_start is None:
        return _add_years(today, -years) + datetime.timedelta(days=1), (
            today + datetime.timedelta(days=1)
        )
    start = cycle_start
    while _add_years(start, years) <= today:
        start = _add_years(start, years)
    return start, _add_years(start, years)


def cabinet_credits(*, user, today=None):
    """Everything the cabinet's «Баллы НМО» page shows, in a fixed number of queries."""
    today = today or local_today()
    settings = CreditSettings.load()
    profile = CreditProfile.objects.filter(user=user).first()
    cycle_start = profile.cycle_start if profile else None
    records = list(
        CreditRecord.objects.filter(user=user)
        .select_related("event")
        .only(
            "pk",
            "credits",
            "earned_on",
            "source",
            "certificate_id",
            "event__title",
            "event__start",
            "event__end",
            "event__url_path",
            "event__live",
        )
        .order_by("-earned_on", "-pk")
    )
    years = {}
    for record in records:
        years.setdefault(record.earned_on.year, Decimal("0"))
        years[record.earned_on.year] += record.credits
    start, end = current_cycle(
        cycle_start=cycle_start, today=today, years=settings.cycle_years
    )
    total = sum(
        (r.credits for r in records if start <= r.earned_on < end), Decimal("0")
    )
    requirement = settings.cycle_requirement
    marks = []
    step = settings.yearly_requirement
    while step < requirement:
        marks.append({"value": step, "percent": int(step * 100 / requirement)})
        step += settings.yearly_requirement
    cycle = Cycle(
        start=start,
        end=end - datetime.timedelta(days=1),
        total=total,
        requirement=requirement,
        yearly=settings.yearly_requirement,
        years=settings.cycle_years,
        from_profile=cycle_start is not None,
        marks=marks,
    )
    nmo_codes = list(
        NmoCode.objects.filter(assigned_to=user)
        .select_related("event")
        .only(
            "pk",
            "code",
            "deadline",
            "entered_at",
            "assigned_at",
            "event__title",
            "event__url_path",
        )
        .order_by("entered_at", "deadline", "pk")
    )
    return {
        "records": records,
        "years": sorted(years.items(), reverse=True),
        "cycle": cycle,
        "cycle_start": cycle_start,
        "nmo_codes": nmo_codes,
        "credit_settings": settings,
        "today": today,
    }


def records_in_period(*, user, start, end):
    """The member's records earned in [start, end], oldest first (the transcript)."""
    return list(
        CreditRecord.objects.filter(user=user, earned_on__gte=start, earned_on__lte=end)
        .select_related("event")
        .order_by("earned_on", "pk")
    )


def certificate_for_owner(*, user, certificate_id):
    return (
        CreditRecord.objects.select_related("event", "user")
        .filter(user=user, certificate_id=certificate_id)
        .first()
    )


def certificate_public(*, certificate_id):
    """The record a certificate number stands for, or None (unknown or forged)."""
    if not isinstance(certificate_id, str) or not 8 <= len(certificate_id) <= 32:
        return None
    return (
        CreditRecord.objects.select_related("event", "user")
        .filter(certificate_id=certificate_id, credits__gt=0)
        .first()
    )


def initials(user):
    """«И. И. И.»: what the public verification page shows of a person."""
    parts = [user.last_name, user.first_name, user.patronymic]
    return " ".join(f"{part.strip()[0]}." for part in parts if part and part.strip())


def event_report(*, event):
    """The organiser's figures for one event, in a handful of queries."""
    codes = CreditCode.objects.filter(event=event).aggregate(
        issued=Count("pk"),
        used=Count("pk", filter=Q(status=CreditCodeStatus.USED)),
        revoked=Count("pk", filter=Q(status=CreditCodeStatus.REVOKED)),
    )
    records = CreditRecord.objects.filter(event=event).aggregate(
        credited=Count("pk"), credits=Sum("credits")
    )
    nmo = NmoCode.objects.filter(event=event).aggregate(
        imported=Count("pk"),
        handed=Count("pk", filter=Q(assigned_at__isnull=False)),
        entered=Count("pk", filter=Q(entered_at__isnull=False)),
    )
    check_ins = CheckIn.objects.filter(event=event).count()
    from .services.nmo import nmo_eligible_members

    holders = NmoCode.objects.filter(
        event=event, assigned_to__isnull=False
    ).values_list("assigned_to_id", flat=True)
    waiting = len(nmo_eligible_members(event=event) - set(holders))
    return {
        "codes_issued": codes["issued"],
        "codes_used": codes["used"],
        "codes_revoked": codes["revoked"],
        "codes_unused": codes["issued"] - codes["used"] - codes["revoked"],
        "check_ins": check_ins,
        "credited": records["credited"],
        "credits_total": records["credits"] or Decimal("0"),
        "nmo_imported": nmo["imported"],
        "nmo_handed": nmo["handed"],
        "nmo_available": nmo["imported"] - nmo["handed"],
        "nmo_entered": nmo["entered"],
        "nmo_waiting": waiting if nmo["imported"] else 0,
    }


def event_attendees(*, event):
    """One row per member who came or earned credits at `event`, for the report."""
    rows = {}
    for record in CreditRecord.objects.filter(event=event).select_related("user"):
        rows[record.user_id] = {"user": record.user, "record": record}
    for check_in in CheckIn.objects.filter(event=event).select_related("user"):
        rows.setdefault(check_in.user_id, {"user": check_in.user})["check_in"] = (
            check_in
        )
    for code in NmoCode.objects.filter(event=event, assigned_to__isnull=False):
        if code.assigned_to_id in rows:
            rows[code.assigned_to_id]["nmo_code"] = code
    return sorted(
        rows.values(),
        key=lambda row: (row["user"].last_name, row["user"].first_name, row["user"].pk),
    )
