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
