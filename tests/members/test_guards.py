"""Every guard of the members services, each defended by a test that fails without it.

The services are called as another app or a view would call them; each test asserts
the one outcome the guard exists for (refused, and nothing changed).
"""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from members import services
from members.models import Consent, MemberProfile, PersonalCode
from members.services import MembersError
from tests.factories import UserFactory
from tests.members.factories import (
    code_of,
    make_consent_page,
    make_member,
    make_specialty,
)

pytestmark = pytest.mark.django_db


def profile_data():
    return {
        "phone": "+79001234567",
        "city": "Казань",
        "specialty": make_specialty(),
        "workplace": "РКБ",
        "position": "",
        "academic_degree": "",
    }


def logged(action):
    return ModelLogEntry.objects.filter(action=action)


# --- signup ---------------------------------------------------------------------------


def test_signup_without_a_consent_text_is_refused_before_touching_the_database(
    home, django_assert_num_queries
):
    user, data = UserFactory(), profile_data()
    with django_assert_num_queries(0), pytest.raises(MembersError):
        services.member_signup_complete(user=user, profile_data=data, consent_page=None)


def test_a_second_signup_completion_is_refused_with_a_domain_error(home):
    consent_page = make_consent_page(home)
    user = make_member()
    with pytest.raises(MembersError):
        services.member_signup_complete(
            user=user, profile_data=profile_data(), consent_page=consent_page
        )
    assert Consent.objects.filter(user=user).count() == 0


def test_signup_completion_records_who_registered_and_which_consent(home):
    consent_page = make_consent_page(home)
    user = UserFactory()
    profile = services.member_signup_complete(
        user=user,
        profile_data=profile_data(),
        consent_page=consent_page,
        ip="203.0.113.5",
    )
    entry = logged("members.member.registered").get()
    assert (entry.user, entry.object_id) == (user, str(profile.pk))
    assert entry.data["consent_version"] == consent_page.version_label


# --- personal code --------------------------------------------------------------------


def test_a_code_row_that_appeared_meanwhile_is_not_overwritten(home):
    user = make_member()  # has a code already, as after a concurrent issue
    with pytest.raises(IntegrityError):
        services._new_personal_code(user)
    assert PersonalCode.objects.filter(user=user).count() == 1


def test_issuing_without_notify_sends_no_mail(home, django_capture_on_commit_callbacks):
    user = make_member(code=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.personal_code_issue(user=user, notify=False)
    assert mail.outbox == []


def test_an_unconfirmed_address_gets_no_code_from_the_cabinet(home):
    user = make_member(verified=False)
    with pytest.raises(MembersError):
        services.personal_code_issue_for_verified(user=user)
    assert not PersonalCode.objects.filter(user=user).exists()


def test_resending_a_code_that_does_not_exist_is_refused(
    home, django_capture_on_commit_callbacks
):
    user = make_member(code=False)
    mail.outbox.clear()
    with pytest.raises(MembersError), django_capture_on_commit_callbacks(execute=True):
        services.personal_code_mail_resend(user=user)
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["member", "inactive superuser"])
def test_only_active_staff_may_regenerate_a_code(home, who):
    member = make_member()
    if who == "member":
        actor = make_member(email="other@example.org")
    else:
        actor = UserFactory(is_staff=True, is_superuser=True, is_active=False)
    old = code_of(member)
    with pytest.raises(MembersError):
        services.personal_code_regenerate(
            personal_code=old, expected_code=old.code, actor=actor
        )
    assert code_of(member).code == old.code


# --- profile --------------------------------------------------------------------------


def test_a_member_cannot_change_another_persons_profile(home):
    alice = make_member(email="alice@example.org")
    bob = make_member(email="bob@example.org", last_name="Бобров")
    with pytest.raises(MembersError):
        services.profile_update(
            user=bob, data={"last_name": "Взломов", "city": "Омск"}, actor=alice
        )
    bob.refresh_from_db()
    assert (bob.last_name, bob.profile.city) == ("Бобров", "Москва")


def test_staff_with_the_permission_may_change_another_persons_profile(home):
    staff = UserFactory(is_staff=True, is_superuser=True)
    bob = make_member(email="bob@example.org")
    services.profile_update(user=bob, data={"city": "Омск"}, actor=staff)
    assert MemberProfile.objects.get(user=bob).city == "Омск"


# --- activation -----------------------------------------------------------------------


def test_a_member_cannot_resend_someone_elses_activation_mail(
    home, rf, django_capture_on_commit_callbacks
):
    member = make_member(email="a@example.org")
    unconfirmed = make_member(email="b@example.org", verified=False)
    mail.outbox.clear()
    with pytest.raises(MembersError), django_capture_on_commit_callbacks(execute=True):
        services.activation_mail_resend(
            user=unconfirmed, actor=member, request=rf.post("/")
        )
    assert mail.outbox == []


def test_a_confirmed_address_gets_no_activation_mail(
    home, rf, django_capture_on_commit_callbacks
):
    staff = UserFactory(is_staff=True, is_superuser=True)
    member = make_member(email="a@example.org")
    mail.outbox.clear()
    with pytest.raises(MembersError), django_capture_on_commit_callbacks(execute=True):
        services.activation_mail_resend(user=member, actor=staff, request=rf.post("/"))
    assert mail.outbox == []
    assert not logged("members.member.activation_resent").exists()


def test_an_account_without_an_address_row_gets_one_and_the_mail(
    home, rf, django_capture_on_commit_callbacks
):
    staff = UserFactory(is_staff=True, is_superuser=True)
    person = UserFactory(email="root@example.org")
    request = rf.post("/")
    request.user = staff
    with django_capture_on_commit_callbacks(execute=True):
        services.activation_mail_resend(user=person, actor=staff, request=request)
    assert EmailAddress.objects.get(user=person).verified is False
    assert [message.to for message in mail.outbox] == [["root@example.org"]]


# --- account events -------------------------------------------------------------------


def test_an_unknown_account_event_is_refused(home):
    user = make_member()
    with pytest.raises(ValueError, match="Unknown account event"):
        services.account_event_record(event="password_stolen", user=user)
    assert not ModelLogEntry.objects.filter(
        action__startswith="members.account"
    ).exists()


# --- what a letter's outcome may change -----------------------------------------------


def failed_letter(*, about_type, about_id, created_at):
    from core.models import OutgoingMail

    return OutgoingMail(
        about_type=about_type,
        about_id=str(about_id),
        created_at=created_at,
        last_attempt_at=timezone.now(),
        status=OutgoingMail.Status.FAILED,
    )


def test_a_failed_letter_about_something_else_leaves_the_code_alone(home):
    from core.models import OutgoingMail
    from core.signals import mail_failed

    code = code_of(make_member())
    letter = failed_letter(
        about_type="members.consent", about_id=code.pk, created_at=timezone.now()
    )
    mail_failed.send(sender=OutgoingMail, mail=letter)
    code.refresh_from_db()
    assert code.mail_failed_at is None


def test_a_failed_letter_about_a_replaced_code_leaves_the_new_code_alone(home):
    from core.models import OutgoingMail
    from core.signals import mail_failed

    code = code_of(make_member())
    letter = failed_letter(
        about_type="members.personalcode",
        about_id=code.pk,
        created_at=code.issued_at - datetime.timedelta(minutes=5),
    )
    mail_failed.send(sender=OutgoingMail, mail=letter)
    code.refresh_from_db()
    assert code.mail_failed_at is None


def test_a_failed_letter_about_the_current_code_is_recorded_on_it(home):
    from core.models import OutgoingMail
    from core.signals import mail_failed

    code = code_of(make_member())
    letter = failed_letter(
        about_type="members.personalcode", about_id=code.pk, created_at=timezone.now()
    )
    mail_failed.send(sender=OutgoingMail, mail=letter)
    code.refresh_from_db()
    assert code.mail_failed_at == letter.last_attempt_at
