"""The applicant's e-mails, and that a failed mail never undoes a decision."""

import pytest
from django.conf import settings
from django.core import mail

from core.models import OutgoingMail
from membership.models import ApplicationStatus
from membership.selectors import dues_settings
from membership.services import application_approve, application_reject
from tests.membership.factories import make_application, reload

pytestmark = pytest.mark.django_db

SECTION = settings.WAGTAILADMIN_BASE_URL + "/cabinet/membership/"


@pytest.fixture
def decide(django_capture_on_commit_callbacks):
    def run(service, **kwargs):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def test_approval_mail_links_straight_to_the_payment_section(
    decide, home, board, applicant
):
    decide(application_approve, application=make_application(applicant), actor=board)
    (message,) = mail.outbox
    assert message.to == ["applicant@example.org"]
    assert message.subject == "ОУ: ваша заявка одобрена"
    assert SECTION in message.body
    html = message.alternatives[0][0]
    assert f'href="{SECTION}"' in html
    assert "Перейти к оплате" in html


def test_rejection_mail_gives_the_reason_and_invites_to_apply_again(
    decide, home, board, applicant
):
    decide(
        application_reject,
        application=make_application(applicant),
        actor=board,
        reason="Нет подтверждения специальности",
    )
    (message,) = mail.outbox
    assert "Нет подтверждения специальности" in message.body
    assert "подайте заявку снова" in message.body
    assert SECTION in message.body


def test_a_vote_short_of_the_quorum_mails_nobody(decide, home, board, applicant):
    settings = dues_settings()
    settings.votes_needed = 2
    settings.save()
    decide(application_approve, application=make_application(applicant), actor=board)
    assert mail.outbox == []


def test_a_failed_mail_never_undoes_the_approval(
    decide, home, board, applicant, monkeypatch, caplog
):
    from django.core.mail.backends.locmem import EmailBackend

    def broken(self, messages):
        raise ConnectionRefusedError("SMTP is down")

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    application = make_application(applicant)
    decide(application_approve, application=application, actor=board)
    assert reload(application).status == ApplicationStatus.APPROVED
    assert mail.outbox == []
    stored = OutgoingMail.objects.get(template_prefix__startswith="membership/")
    assert stored.status == OutgoingMail.Status.FAILED  # kept for a resend


def test_a_mail_that_cannot_be_made_never_undoes_the_rejection(
    decide, home, board, applicant, monkeypatch
):
    import core.mail

    def broken(**kwargs):
        raise RuntimeError("template error")

    monkeypatch.setattr(core.mail, "render", broken)
    application = make_application(applicant)
    decide(application_reject, application=application, actor=board, reason="Причина")
    assert reload(application).status == ApplicationStatus.REJECTED
