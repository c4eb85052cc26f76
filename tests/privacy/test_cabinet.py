"""«Мои данные»: every category shown, the archive once, for its owner, for 24 h."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from credits.models import CreditRecord
from privacy.models import DataArchive
from tests.credits.factories import credited_event, give_credits
from tests.members.factories import make_member
from tests.privacy.factories import archive_contents, person_with_everything

pytestmark = pytest.mark.django_db


def _archive(client, user):
    from django.test import TestCase

    client.force_login(user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("privacy:archive_request"))
    assert response.status_code == 302
    return DataArchive.objects.get(requested_by=user)


def test_the_section_is_in_the_cabinet_menu(client):
    client.force_login(make_member())
    response = client.get(reverse("members:index"))
    assert reverse("privacy:index") in response.content.decode()


def test_every_category_is_shown_with_the_persons_data(client, home):
    user, record = person_with_everything(home)
    client.force_login(user)
    response = client.get(reverse("privacy:index"))
    page = response.content.decode()
    from core.personal_data import categories

    for category in categories():
        assert f'data-category="{category.name}"' in page
    for text in ("Иванов", "+7 (900) 123-45-67", "ГКБ №1", "2025-01", "Прошу принять"):
        assert text in page
    assert record.certificate_id in page
    assert "чек-2.png" in page


def test_the_page_needs_a_login(client):
    response = client.get(reverse("privacy:index"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_an_account_with_no_data_sees_nothing_held(client):
    client.force_login(make_member(code=False))
    response = client.get(reverse("privacy:index"))
    assert response.status_code == 200
    assert "Nothing is held." in response.content.decode() or (
        "Ничего не хранится" in response.content.decode()
    )


def test_the_archive_holds_every_category_and_the_persons_files(client, home):
    user, record = person_with_everything(home)
    archive = _archive(client, user)
    assert archive.status == "ready"  # the immediate task backend built it
    response = client.get(reverse("privacy:archive_download", args=[archive.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    files = archive_contents(response)
    data = json.loads(files["data.json"])
    from core.personal_data import categories

    assert set(data["categories"]) == {c.name for c in categories()}
    for name, content in data["categories"].items():
        assert content["rows"], f"{name} is empty in the archive"
    assert data["categories"]["credits.records"]["rows"][0]["certificate"] == (
        record.certificate_id
    )
    summary = files["summary.html"].decode()
    assert "Иванов" in summary and record.certificate_id in summary
    uploads = [name for name in files if name.startswith("files/")]
    assert len(uploads) == 3  # the attachment and two receipt versions
    assert any("рекомендация" in name for name in uploads)
    assert all(files[name][:4] == b"\x89PNG" for name in uploads)


def test_another_persons_link_answers_404(client, home):
    owner = make_member()
    archive = _archive(client, owner)
    client.force_login(make_member())
    response = client.get(reverse("privacy:archive_download", args=[archive.token]))
    assert response.status_code == 404
    archive.refresh_from_db()
    assert archive.downloaded_at is None


def test_a_used_link_answers_410(client):
    archive = _archive(client, make_member())
    url = reverse("privacy:archive_download", args=[archive.token])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 410


def test_an_expired_link_answers_410(client):
    archive = _archive(client, make_member())
    DataArchive.objects.filter(pk=archive.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(reverse("privacy:archive_download", args=[archive.token]))
    assert response.status_code == 410


def test_the_link_is_shown_until_used(client):
    archive = _archive(client, make_member())
    url = reverse("privacy:archive_download", args=[archive.token])
    assert url in client.get(reverse("privacy:index")).content.decode()
    client.get(url)
    assert url not in client.get(reverse("privacy:index")).content.decode()


def test_the_page_makes_as_many_queries_for_10_and_500_credit_rows(client, home):
    user = make_member()
    client.force_login(user)
    event = credited_event(home)
    give_credits(user, event)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("privacy:index")).status_code == 200
        return len(queries)

    count()  # the site-wide lookup cache takes its generation on the first request
    count()  # and is filled on the second
    for _ in range(9):
        CreditRecord.objects.create(
            user=user,
            event=credited_event(index=event.get_parent().specific),
            source="code",
            credits=1,
            earned_on=datetime.date(2026, 1, 1),
        )
    ten = count()
    events = [credited_event(index=event.get_parent().specific) for _ in range(20)]
    CreditRecord.objects.bulk_create(
        CreditRecord(
            user=user, event=e, source="code", credits=1, earned_on=e.start.date()
        )
        for e in events
    )
    assert count() == ten + 1  # one COUNT once there are more rows than shown
    page = client.get(reverse("privacy:index")).content.decode()
    assert "all of them are in the archive" in page or "архиве" in page


def test_used_and_expired_archive_files_are_deleted_by_the_retention_job(client):
    from privacy import services

    used = _archive(client, make_member())
    client.get(reverse("privacy:archive_download", args=[used.token]))
    expired = _archive(client, make_member())
    DataArchive.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    waiting = _archive(client, make_member())
    storage = used.file.storage
    names = {
        a.pk: DataArchive.objects.get(pk=a.pk).file.name
        for a in (used, expired, waiting)
    }
    assert services.retention_run()["archives"] == 2
    assert services.retention_run()["archives"] == 0
    assert not storage.exists(names[used.pk]) and not storage.exists(names[expired.pk])
    assert storage.exists(names[waiting.pk])
