"""The cabinet's «Баллы НМО» page costs the same number of queries for 1 credit
record as for 300 (and with НМО codes)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from credits.models import CreditRecord, CreditSource, NmoCode
from tests.credits.factories import credited_event, make_nmo_codes
from tests.events.factories import bulk_events
from tests.members.factories import make_member

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    client.get(url)  # warm up: site root paths, settings
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def give(member, events, *, nmo=False):
    today = timezone.localdate()
    CreditRecord.objects.bulk_create(
        [
            CreditRecord(
                user=member,
                event=event,
                source=CreditSource.CODE,
                credits="6",
                earned_on=today - datetime.timedelta(days=7 * number),
            )
            for number, event in enumerate(events)
        ]
    )
    if nmo:
        for event in events[:50]:
            code = make_nmo_codes(event, [f"NMO-{event.pk:06d}"])[0]
            NmoCode.objects.filter(pk=code.pk).update(
                assigned_to=member, assigned_at=timezone.now()
            )


def test_cabinet_credits_page_queries_do_not_grow(client, home, capsys):
    first = credited_event(home)
    index = first.get_parent().specific
    bulk_events(index, 299)
    events = list(index.get_children().specific().order_by("pk"))
    assert len(events) == 300
    member = make_member()
    client.force_login(member)
    give(member, events[:1])
    small = count_queries(client, "/cabinet/credits/")

    CreditRecord.objects.all().delete()
    give(member, events, nmo=True)
    assert CreditRecord.objects.filter(user=member).count() == 300
    large = count_queries(client, "/cabinet/credits/")
    with capsys.disabled():
        print(
            f"\ncabinet credits page: {small} queries with 1 record, {large} with 300"
        )
    assert large <= small  # the first requests also fill the site-wide lookup cache
    assert small <= 20
