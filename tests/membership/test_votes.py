"""The Presidium's votes: quorum, one vote each, rejection, who may decide."""

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction

from membership.errors import MembershipError
from membership.models import ApplicationStatus, Vote
from membership.selectors import dues_settings
from membership.services import application_approve, application_reject
from tests.membership.factories import (
    make_applicant,
    make_application,
    make_board_member,
    reload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def quorum_two(home):
    settings = dues_settings()
    settings.votes_needed = 2
    settings.save()
    return settings


def test_one_vote_approves_by_default(home, board, applicant):
    application = application_approve(
        application=make_application(applicant), actor=board
    )
    assert application.status == ApplicationStatus.APPROVED
    assert application.decided_by == board and application.decided_at is not None


def test_quorum_of_two_needs_two_board_members(quorum_two, board, applicant):
    second = make_board_member(email="second@example.org")
    application = make_application(applicant)
    application = application_approve(application=application, actor=board)
    assert application.status == ApplicationStatus.SUBMITTED
    application = application_approve(application=application, actor=second)
    assert application.status == ApplicationStatus.APPROVED
    assert application.decided_by == second
    assert Vote.objects.filter(application=application).count() == 2


def test_the_same_board_member_votes_once(quorum_two, board, applicant):
    application = make_application(applicant)
    application_approve(application=application, actor=board)
    with pytest.raises(MembershipError, match="уже проголосовали"):
        application_approve(application=application, actor=board)
    assert reload(application).status == ApplicationStatus.SUBMITTED
    assert Vote.objects.filter(application=application).count() == 1


def test_database_keeps_one_vote_per_board_member(quorum_two, board, applicant):
    application = make_application(applicant)
    application_approve(application=application, actor=board)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(application=application, voter=board, decision="approve")


def test_a_confirmed_rejection_decides_at_once(quorum_two, board, applicant):
    application = make_application(applicant)
    application = application_reject(
        application=application, actor=board, reason="Не врач-уролог"
    )
    assert application.status == ApplicationStatus.REJECTED
    assert application.rejection_reason == "Не врач-уролог"


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_rejection_needs_a_reason(home, board, applicant, reason):
    application = make_application(applicant)
    with pytest.raises(MembershipError, match="Укажите причину"):
        application_reject(application=application, actor=board, reason=reason)
    assert reload(application).status == ApplicationStatus.SUBMITTED
    assert not Vote.objects.exists()


def test_decided_application_takes_no_more_votes(quorum_two, board, applicant):
    application = make_application(applicant)
    application_reject(application=application, actor=board, reason="Причина")
    second = make_board_member(email="second@example.org")
    with pytest.raises(MembershipError, match="уже не ждёт решения"):
        application_approve(application=application, actor=second)
    assert reload(application).status == ApplicationStatus.REJECTED


def test_only_the_presidium_decides(home, applicant):
    """The service's own guard (the admin views check too)."""
    staff = make_applicant(email="staff@example.org")
    staff.is_staff = True
    staff.save()
    application = make_application(applicant)
    with pytest.raises(MembershipError, match="только Президиум"):
        application_approve(application=application, actor=staff)
    with pytest.raises(MembershipError, match="только Президиум"):
        application_reject(application=application, actor=staff, reason="x")
    assert reload(application).status == ApplicationStatus.SUBMITTED


def test_the_permission_alone_is_enough(home, applicant):
    person = make_applicant(email="perm@example.org")
    person.user_permissions.add(Permission.objects.get(codename="decide_application"))
    application = application_approve(
        application=make_application(applicant), actor=person
    )
    assert application.status == ApplicationStatus.APPROVED


def test_deactivated_board_member_cannot_decide(home, board, applicant):
    board.is_active = False
    board.save()
    with pytest.raises(MembershipError, match="только Президиум"):
        application_approve(application=make_application(applicant), actor=board)


def test_nobody_decides_on_their_own_application(home, board):
    application = make_application(board)
    with pytest.raises(MembershipError, match="собственной заявке"):
        application_approve(application=application, actor=board)
    assert reload(application).status == ApplicationStatus.SUBMITTED


def test_decisions_are_in_the_admin_history(home, board, applicant):
    from wagtail.models import ModelLogEntry

    application = make_application(applicant)
    application_reject(application=application, actor=board, reason="Нет диплома")
    entry = ModelLogEntry.objects.get(
        object_id=str(application.pk), action="membership.application.rejected"
    )
    assert entry.user == board
    assert entry.data["reason"] == "Нет диплома"
    assert "Нет диплома" in entry.message


def test_the_presidium_group_exists_with_its_permissions(db):
    """Made by the data migration (a fresh test database; transactional tests,
    which run last, flush it)."""
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Президиум")
    codes = set(group.permissions.values_list("codename", flat=True))
    assert codes == {"access_admin", "decide_application"}
