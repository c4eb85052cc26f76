"""Guards the mutation check (scripts/guard_mutations.py) found undefended: each
test fails when its guard or audit entry is removed."""

import pytest
from django.urls import reverse
from freezegun import freeze_time
from wagtail.models import ModelLogEntry

from tests.materials.factories import (
    FROZEN,
    PEOPLE,
    make_area,
    make_document,
    make_material,
)


@pytest.fixture
def document(home):
    document = make_document()
    make_material(make_area(home), document=document)
    return document


def test_a_download_is_in_the_readers_history(client, document):
    with freeze_time(FROZEN):
        member = PEOPLE["active"]()
        client.force_login(member)
        client.get(reverse("materials:document", args=[document.pk]))
    entry = ModelLogEntry.objects.get(action="materials.document.downloaded")
    assert entry.user == member and entry.data["target_user"] == str(member.pk)


def test_access_remembered_on_the_user_ends_with_the_day(db, home):
    """A process serving one user object across midnight must not keep the
    answer: the day after the last paid day the member reads nothing."""
    import datetime

    from materials.access import can_read
    from tests.materials.factories import TODAY, _paid, approved

    with freeze_time(FROZEN):
        person = _paid(
            approved("last-day@example.org"), (TODAY.replace(month=1), TODAY)
        )
        assert can_read(person)
    next_day = datetime.datetime.combine(
        TODAY + datetime.timedelta(days=1), datetime.time(0, 5)
    )
    with freeze_time(next_day.isoformat() + "+03:00"):
        assert not can_read(person)
