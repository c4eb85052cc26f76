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


def _in_sub_collection(name, *, restricted):
    """A document in a sub-collection of the members' collection, optionally with a
    view restriction of its own (one staff group only)."""
    from django.contrib.auth.models import Group
    from wagtail.models import CollectionViewRestriction

    from materials.selectors import members_collection

    sub = members_collection().add_child(name=name)
    if restricted:
        restriction = CollectionViewRestriction.objects.create(
            collection=sub, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.add(
            Group.objects.create(name="Только для ревизионной комиссии")
        )
    return make_document(title=name, filename="sub.pdf", collection=sub)


@pytest.mark.parametrize(
    ("restricted", "status"), [(True, 404), (False, 200)], ids=["board", "open"]
)
def test_a_sub_collection_restriction_inside_the_members_collection_holds(
    client, document, restricted, status
):
    """Only the members' restriction (and those above it) is the view's to lift: a
    board-only sub-collection stays closed to an ordinary member."""
    sub_document = _in_sub_collection("Для президиума", restricted=restricted)
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["active"]())
        response = client.get(reverse("materials:document", args=[sub_document.pk]))
    assert response.status_code == status


def test_nobody_reads_without_a_signed_in_user(db):
    from django.contrib.auth.models import AnonymousUser

    from materials.access import can_read

    assert [can_read(None), can_read(AnonymousUser())] == [False, False]


def test_a_closed_account_reads_nothing_though_its_dues_are_paid(db, home):
    """Closing an account (is_active=False) ends reading at once, even with dues paid
    for the year: the rule checks the account before the membership."""
    from materials.access import can_read

    with freeze_time(FROZEN):
        member = PEOPLE["active"]()
        assert can_read(member) is True  # the control: paid and reading
        member.is_active = False
        member._materials_can_read = None
        assert can_read(member) is False


def test_a_closed_staff_account_reads_nothing(db, home):
    """Staff read everything, but not once their account is closed."""
    from materials.access import can_read

    with freeze_time(FROZEN):
        staff = PEOPLE["staff"]()
        assert can_read(staff) is True  # the control
        staff.is_active = False
        assert can_read(staff) is False


def test_the_newest_materials_are_not_handed_to_a_non_reader(db, home):
    """The selector itself keeps its promise, whoever calls it: an approved member
    with unpaid dues gets no titles (the cabinet section also checks, but a new
    caller might not)."""
    from materials.selectors import newest_materials

    make_material(make_area(home), title="Закрытый протокол")
    with freeze_time(FROZEN):
        reader, unpaid = PEOPLE["active"](), PEOPLE["unpaid"]()
        assert [page.title for page in newest_materials(user=reader)] == [
            "Закрытый протокол"
        ]  # the control: a reader gets it
        assert newest_materials(user=unpaid) == []
