"""Guards the mutation check (scripts/guard_mutations.py) found undefended: each
test fails when its guard or audit entry is removed."""

import pytest
from wagtail.models import ModelLogEntry

from core.audit import entries_for_user
from membership.selectors import dues_settings
from membership.services import (
    application_approve,
    application_reject,
    application_withdraw,
    period_void_for_payment,
)
from tests.membership.factories import make_application, paid, year

pytestmark = pytest.mark.django_db


def actions(user):
    return list(entries_for_user(user).values_list("action", flat=True))


def test_submitting_an_application_is_in_the_applicants_history(applicant):
    make_application(applicant)
    assert actions(applicant)[0] == "membership.application.submitted"


def test_withdrawing_is_in_the_applicants_history(applicant):
    application = make_application(applicant)
    application_withdraw(application=application, user=applicant)
    entry = ModelLogEntry.objects.get(action="membership.application.withdrawn")
    assert entry.user == applicant and entry.data["target_user"] == str(applicant.pk)


def test_each_vote_and_the_decision_are_audited_with_the_voter(home, board, applicant):
    from tests.membership.factories import make_board_member

    settings = dues_settings()
    settings.votes_needed = 2
    settings.save()
    application = make_application(applicant)
    application_approve(application=application, actor=board)
    second = make_board_member(email="second@example.org")
    application_approve(application=application, actor=second)
    entries = ModelLogEntry.objects.filter(action__startswith="membership.application.")
    assert [(e.action, e.user) for e in entries.order_by("pk")][1:] == [
        ("membership.application.voted", board),
        ("membership.application.approved", second),
    ]


def test_a_rejection_is_audited_with_its_reason(home, board, applicant):
    application = make_application(applicant)
    application_reject(application=application, actor=board, reason="Нет диплома")
    entry = ModelLogEntry.objects.get(action="membership.application.rejected")
    assert entry.user == board and entry.data["reason"] == "Нет диплома"


def test_a_paid_period_and_its_voiding_are_in_the_members_history(home, applicant):
    payment = paid(applicant, year(2026))
    period_void_for_payment(payment=payment)
    history = actions(applicant)
    assert "membership.period.created" in history
    assert "membership.period.voided" in history


def test_the_apply_form_is_not_shown_while_an_application_waits(
    client, home, applicant
):
    from django.urls import reverse

    make_application(applicant)
    client.force_login(applicant)
    response = client.get(reverse("membership:apply"))
    assert response.status_code == 302
    assert response["Location"] == reverse("membership:index")


def test_voiding_a_period_twice_changes_it_once(home, applicant):
    from membership.models import MembershipPeriod

    payment = paid(applicant, year(2026))
    first = period_void_for_payment(payment=payment)
    voided_at = MembershipPeriod.objects.get(pk=first.pk).voided_at
    period_void_for_payment(payment=payment)
    assert MembershipPeriod.objects.get(pk=first.pk).voided_at == voided_at
    assert actions(applicant).count("membership.period.voided") == 1
