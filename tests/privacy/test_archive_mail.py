"""The person is told by e-mail when their data archive is ready: when and where to
download it (the cabinet; the mail carries no link to the file)."""

import pytest
from django.core import mail

from core.models import OutgoingMail
from privacy import services
from privacy.models import DataArchive
from tests.members.factories import make_member
from tests.privacy.factories import make_handler

pytestmark = pytest.mark.django_db


def build(user, requested_by, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        archive = services.archive_request(user=user, requested_by=requested_by)
    return DataArchive.objects.get(pk=archive.pk)


def test_the_person_gets_a_mail_when_their_archive_is_ready(
    home, django_capture_on_commit_callbacks
):
    user = make_member(email="doctor@example.org")

    archive = build(user, user, django_capture_on_commit_callbacks)

    assert archive.status == "ready"
    [sent] = mail.outbox
    assert sent.to == ["doctor@example.org"]
    assert "архив ваших данных готов" in sent.subject
    assert "/cabinet/" in sent.body and "«Мои данные»" in sent.body
    assert archive.token not in sent.body  # the download needs the person's login


def test_an_archive_staff_prepared_for_a_request_mails_nobody(
    home, django_capture_on_commit_callbacks
):
    user = make_member(email="doctor@example.org")

    archive = build(user, make_handler(), django_capture_on_commit_callbacks)

    assert archive.status == "ready"
    assert mail.outbox == []


def test_a_mail_that_cannot_be_made_leaves_the_archive_ready(
    home, monkeypatch, django_capture_on_commit_callbacks
):
    import core.mail

    def broken(**kwargs):
        raise RuntimeError("template error")

    user = make_member()
    monkeypatch.setattr(core.mail, "render", broken)
    archive = services.archive_request(user=user, requested_by=user)

    built = services.archive_build(archive_id=archive.pk)  # raises nothing

    assert built == archive.pk
    archive.refresh_from_db()
    assert archive.status == "ready"
    assert not OutgoingMail.objects.filter(template_prefix__startswith="privacy/")


def test_a_second_build_of_a_ready_archive_sends_no_second_mail(
    home, django_capture_on_commit_callbacks
):
    user = make_member()
    archive = build(user, user, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.archive_build(archive_id=archive.pk)

    assert len(mail.outbox) == 1


def test_an_account_closed_while_its_archive_was_built_gets_no_mail(
    home, django_capture_on_commit_callbacks
):
    user = make_member(email="doctor@example.org")
    archive = services.archive_request(user=user, requested_by=user)  # task not run
    services.account_close(user=user, actor=user)
    mail.outbox.clear()

    services.archive_build(archive_id=archive.pk)

    assert mail.outbox == []
