"""Builders for the credits tests: events with credits, staff with rights, codes."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from credits import services
from credits.models import CreditRecord, CreditSource, NmoCode, NmoImport
from tests.events.factories import make_event, make_event_index
from tests.factories import UserFactory
from tests.members.factories import make_member

STAFF_PERMISSIONS = [
    "add_creditcode",
    "change_creditcode",
    "view_creditcode",
    "check_in_attendees",
    "add_creditrecord",
    "view_creditrecord",
    "add_nmocode",
    "view_nmocode",
    "change_eventcreditpolicy",
]


def make_staff(*, permissions=STAFF_PERMISSIONS, email=None, admin=True):
    """A staff member holding the given credits permissions (and admin access)."""
    kwargs = {"email": email} if email else {}
    user = UserFactory(is_staff=True, **kwargs)
    group = Group.objects.create(name=f"credits-{user.pk}")
    perms = list(
        Permission.objects.filter(
            content_type__app_label="credits", codename__in=permissions
        )
    )
    if admin:
        perms.append(Permission.objects.get(codename="access_admin"))
    group.permissions.set(perms)
    user.groups.add(group)
    return user


def credited_event(home=None, *, index=None, credits=6, days_ago=0, **fields):
    """A published event with credits that started `days_ago` days ago (today: 1 h ago)."""
    if index is None:
        index = make_event_index(home, slug=f"events-{timezone.now().timestamp():.0f}")
    start = timezone.now() - datetime.timedelta(days=days_ago, hours=1)
    return make_event(
        index,
        fields.pop("title", "Конгресс урологов"),
        start=start,
        end=start + datetime.timedelta(hours=8),
        credits=credits,
        **fields,
    )


def make_codes(event, count=3, *, actor=None, **kwargs):
    actor = actor or make_staff()
    batch = services.credit_codes_generate(
        actor=actor, event=event, count=count, **kwargs
    )
    return list(batch.codes.order_by("pk"))


def give_credits(user, event, credits="6", *, earned_on=None):
    return CreditRecord.objects.create(
        user=user,
        event=event,
        source=CreditSource.CODE,
        credits=Decimal(credits),
        earned_on=earned_on or timezone.localdate(event.start),
    )


def make_nmo_codes(event, codes, *, deadline=None, actor=None):
    deadline = deadline or (timezone.localdate() + datetime.timedelta(days=30))
    source = NmoImport.objects.create(
        event=event, file_name="codes.csv", count=len(codes), deadline=deadline
    )
    return NmoCode.objects.bulk_create(
        [NmoCode(event=event, source=source, code=c, deadline=deadline) for c in codes]
    )


__all__ = ["make_member"]


def audit_count(action):
    """How many audit entries of `action` were recorded (Wagtail's log)."""
    from wagtail.models import ModelLogEntry

    return ModelLogEntry.objects.filter(action=action).count()


def grant(user, *codenames):
    """Give `user` credits permissions directly."""
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="credits", codename__in=codenames
        )
    )
    return user


def download_prepared(client, url, capture):
    """Press a download button of the hub (a POST asking for the file), follow to
    the file's status page and download it: the response's bytes."""
    with capture(execute=True):
        asked = client.post(url)
    status_page = asked["Location"]
    assert status_page.startswith("/admin/prepared-files/"), status_page
    response = client.get(f"{status_page}download/")
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)
