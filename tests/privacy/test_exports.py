"""Every staff export is audited: who, with what filter, how many rows."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tests.credits.factories import (
    credited_event,
    download_prepared,
    make_codes,
    make_staff,
)
from tests.factories import UserFactory
from tests.members.factories import make_member

pytestmark = pytest.mark.django_db


def export_entries():
    return list(ModelLogEntry.objects.filter(action="core.export.downloaded"))


def test_the_people_export_is_audited_with_its_filter_and_rows(client, home):
    staff = UserFactory(is_staff=True, is_superuser=True)
    make_member(last_name="Алисова")
    make_member(last_name="Бобров")
    client.force_login(staff)
    response = client.get(reverse("people:index"), {"export": "csv", "q": "Алисова"})
    b"".join(response.streaming_content)
    (entry,) = export_entries()
    assert entry.user_id == staff.pk
    assert entry.data["export"] == "members.people"
    assert entry.data["filter"] == {"q": ["Алисова"]}
    assert entry.data["rows"] == 1


def test_the_code_batch_export_is_audited(
    client, home, django_capture_on_commit_callbacks
):
    staff = make_staff()
    client.force_login(staff)
    codes = make_codes(credited_event(home), 3)
    download_prepared(
        client,
        f"/admin/credits/batches/{codes[0].batch_id}/codes.csv",
        django_capture_on_commit_callbacks,
    )
    (entry,) = export_entries()
    assert (entry.user_id, entry.data["rows"]) == (staff.pk, 3)
    assert entry.data["filter"] == {"batch": codes[0].batch_id}


def test_the_event_report_is_audited(client, home, django_capture_on_commit_callbacks):
    staff = make_staff()
    client.force_login(staff)
    event = credited_event(home)
    download_prepared(
        client,
        f"/admin/credits/events/{event.pk}/report.xlsx",
        django_capture_on_commit_callbacks,
    )
    (entry,) = export_entries()
    assert entry.data["export"] == "credits.event_report_xlsx"
    assert entry.data["filter"] == {"event": event.pk}
