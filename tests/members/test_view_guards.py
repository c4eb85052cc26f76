"""Every guard of the members views (cabinet and People screens), each with a test
that asserts the one outcome the guard exists for."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from members.admin_views import PeoplePermissionPolicy
from members.models import MemberProfile, PersonalCode
from tests.factories import UserFactory
from tests.members.factories import code_of, make_member

pytestmark = pytest.mark.django_db

REGENERATE_BUTTON = "Выдать новый персональный код"
RESEND_BUTTON = "Отправить письмо активации ещё раз"


def staff_with(*codenames, email="editor@example.org"):
    """Staff who may use the admin, with exactly the given permissions."""
    user = UserFactory(email=email, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", *codenames])
    )
    return user


def profile_of(user):
    return MemberProfile.objects.get(user=user)


def assert_refused_by_wagtail(response):
    """Wagtail answers a PermissionDenied in its admin with a redirect to the
    dashboard (and an error message there)."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


# --- the cabinet ----------------------------------------------------------------------


def test_sending_the_code_needs_a_login(client, home):
    response = client.post(reverse("members:code_resend"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_sending_the_code_needs_a_post(client, home):
    client.force_login(make_member())
    assert client.get(reverse("members:code_resend")).status_code == 405


def test_the_printable_card_of_a_member_without_a_code_is_not_found(client, home):
    client.force_login(make_member(verified=False))
    assert client.get(reverse("members:code_print")).status_code == 404


def test_an_unconfirmed_member_asking_for_the_code_gets_none(client, home):
    member = make_member(verified=False)
    client.force_login(member)
    response = client.post(reverse("members:code_resend"), follow=True)
    assert "Сначала подтвердите адрес e-mail." in response.content.decode()
    assert not PersonalCode.objects.filter(user=member).exists()


# --- the People screens ---------------------------------------------------------------


@pytest.mark.parametrize("action", ["add", "change", "delete"])
def test_nobody_adds_changes_or_deletes_people_through_generic_forms(home, action):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    policy = PeoplePermissionPolicy(MemberProfile)
    assert not policy.user_has_permission(superuser, action)


def test_the_people_listing_offers_no_add_button(client, home):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(reverse("people:index")).content.decode()
    assert 'href="/admin/people/add/' not in html


def test_staff_without_the_view_permission_cannot_open_the_listing(client, home):
    client.force_login(staff_with())
    assert_refused_by_wagtail(client.get(reverse("people:index")))


def test_staff_with_the_view_permission_open_the_listing(client, home):
    client.force_login(staff_with("view_memberprofile"))
    assert client.get(reverse("people:index")).status_code == 200


def test_members_are_sent_to_the_admin_login_from_every_people_screen(client, home):
    alice = make_member(email="alice@example.org")
    old = code_of(alice)
    client.force_login(alice)
    pk = profile_of(alice).pk
    for url in (
        reverse("people:index"),
        reverse("people:inspect", args=[pk]),
        reverse("people:regenerate_code", args=[pk]),
        reverse("people:resend_activation", args=[pk]),
    ):
        response = client.post(url, {"code": old.code})
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("wagtailadmin_login")), url
    assert code_of(alice).code == old.code


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_without_the_code_permission_cannot_regenerate(client, home, method):
    alice = make_member(email="alice@example.org")
    old = code_of(alice)
    client.force_login(staff_with("view_memberprofile"))
    url = reverse("people:regenerate_code", args=[profile_of(alice).pk])
    assert_refused_by_wagtail(getattr(client, method)(url, {"code": old.code}))
    assert code_of(alice).code == old.code


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_without_the_profile_permission_cannot_resend_activation(
    client, home, method
):
    bob = make_member(email="bob@example.org", verified=False)
    client.force_login(staff_with("view_memberprofile"))
    url = reverse("people:resend_activation", args=[profile_of(bob).pk])
    assert_refused_by_wagtail(getattr(client, method)(url))
    assert not ModelLogEntry.objects.filter(
        action="members.member.activation_resent"
    ).exists()


def test_regenerating_for_a_person_without_a_code_is_refused(client, home):
    bob = make_member(email="bob@example.org", verified=False)  # no code yet
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("people:regenerate_code", args=[profile_of(bob).pk])
    assert_refused_by_wagtail(client.get(url))


def test_staff_who_may_only_view_see_no_action_buttons(client, home):
    bob = make_member(email="bob@example.org", verified=False)
    alice = make_member(email="alice@example.org")
    client.force_login(staff_with("view_memberprofile"))
    for person in (alice, bob):
        url = reverse("people:inspect", args=[profile_of(person).pk])
        html = client.get(url).content.decode()
        assert REGENERATE_BUTTON not in html and RESEND_BUTTON not in html


def test_staff_with_both_permissions_see_the_buttons_where_they_apply(client, home):
    bob = make_member(email="bob@example.org", verified=False)
    alice = make_member(email="alice@example.org")
    client.force_login(
        staff_with("view_memberprofile", "change_memberprofile", "change_personalcode")
    )
    alice_html = client.get(
        reverse("people:inspect", args=[profile_of(alice).pk])
    ).content.decode()
    bob_html = client.get(
        reverse("people:inspect", args=[profile_of(bob).pk])
    ).content.decode()
    assert REGENERATE_BUTTON in alice_html and RESEND_BUTTON not in alice_html
    assert RESEND_BUTTON in bob_html and REGENERATE_BUTTON not in bob_html


def test_a_cabinet_section_hook_that_returns_nothing_is_left_out(client, home):
    from wagtail import hooks

    client.force_login(make_member())
    with hooks.register_temporarily("register_cabinet_menu_item", lambda: None):
        response = client.get(reverse("members:index"))
    assert response.status_code == 200
