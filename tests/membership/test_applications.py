"""Applying and withdrawing: the guards, one open application, double clicks."""

import pytest
from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.urls import reverse

from membership.errors import MembershipError
from membership.models import Application, ApplicationStatus
from membership.services import application_submit, application_withdraw
from tests.membership.factories import (
    make_applicant,
    make_application,
    make_period,
    reload,
    year,
)

pytestmark = pytest.mark.django_db


def test_application_copies_specialty_workplace_and_city_from_the_profile(applicant):
    application = application_submit(user=applicant, comment="  Прошу принять  ")
    profile = applicant.profile
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.specialty_id == profile.specialty_id
    assert (application.workplace, application.city) == ("ГКБ №1", "Москва")
    assert application.comment == "Прошу принять"


def test_unverified_person_cannot_apply(db):
    person = make_applicant(verified=False)
    with pytest.raises(MembershipError, match="подтвердите адрес"):
        application_submit(user=person)
    assert not Application.objects.exists()


def test_person_without_profile_cannot_apply(db):
    from tests.factories import UserFactory

    person = UserFactory()
    EmailAddress.objects.create(user=person, email=person.email, verified=True)
    with pytest.raises(MembershipError, match="заполните профиль"):
        application_submit(user=person)


def test_second_application_while_one_waits_is_refused(applicant):
    make_application(applicant)
    with pytest.raises(MembershipError, match="уже на рассмотрении"):
        application_submit(user=applicant)
    assert Application.objects.filter(user=applicant).count() == 1


def test_approved_applicant_cannot_apply_again(applicant, board):
    from membership.services import application_approve

    application_approve(application=make_application(applicant), actor=board)
    with pytest.raises(MembershipError, match="уже одобрена"):
        application_submit(user=applicant)


def test_member_cannot_apply(applicant):
    from core.time import local_today

    today = local_today()
    make_period(
        applicant, today.replace(month=1, day=1), today.replace(month=12, day=31)
    )
    with pytest.raises(MembershipError, match="уже член общества"):
        application_submit(user=applicant)


def test_database_allows_one_open_application_per_person(applicant):
    """The partial unique index, without the service's check (also on PostgreSQL)."""
    application = make_application(applicant)
    fields = {
        "user": applicant,
        "specialty": application.specialty,
        "workplace": "x",
        "city": "y",
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(**fields)
    # Closed applications don't count: a withdrawn one and a new one live together.
    application_withdraw(application=application, user=applicant)
    Application.objects.create(**fields)
    assert Application.objects.filter(user=applicant).count() == 2


def test_database_refuses_a_rejection_without_reason(applicant):
    application = make_application(applicant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(status="rejected")


def test_withdraw_then_apply_again(applicant):
    first = make_application(applicant)
    application_withdraw(application=first, user=applicant)
    second = application_submit(user=applicant)
    assert reload(first).status == ApplicationStatus.WITHDRAWN
    assert second.status == ApplicationStatus.SUBMITTED


def test_nobody_withdraws_another_persons_application(applicant):
    application = make_application(applicant)
    stranger = make_applicant()
    with pytest.raises(MembershipError, match="не ваша заявка"):
        application_withdraw(application=application, user=stranger)
    assert reload(application).status == ApplicationStatus.SUBMITTED


def test_decided_application_cannot_be_withdrawn(applicant, board):
    from membership.services import application_reject

    application = make_application(applicant)
    application_reject(application=application, actor=board, reason="Нет документов")
    with pytest.raises(MembershipError, match="уже не ждёт решения"):
        application_withdraw(application=application, user=applicant)
    assert reload(application).status == ApplicationStatus.REJECTED


def test_withdraw_twice_is_one_change(applicant):
    from wagtail.models import ModelLogEntry

    application = make_application(applicant)
    application_withdraw(application=application, user=applicant)
    application_withdraw(application=application, user=applicant)
    assert reload(application).status == ApplicationStatus.WITHDRAWN
    entries = ModelLogEntry.objects.filter(action="membership.application.withdrawn")
    assert entries.count() == 1


# --- through the cabinet ---------------------------------------------------------------


def test_apply_page_submits_once_on_a_double_click(client, home, applicant):
    client.force_login(applicant)
    url = reverse("membership:apply")
    data = {"confirm": "on", "comment": "Работаю урологом 10 лет"}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Application.objects.filter(user=applicant).count() == 1


def test_apply_form_needs_the_confirmation(client, home, applicant):
    client.force_login(applicant)
    response = client.post(reverse("membership:apply"), {"comment": ""})
    assert response.status_code == 200
    assert "Подтвердите специальность и место работы" in response.content.decode()
    assert not Application.objects.exists()


def test_withdraw_url_of_another_persons_application_is_404(client, home, applicant):
    application = make_application(applicant)
    stranger = make_applicant()
    client.force_login(stranger)
    response = client.post(reverse("membership:withdraw", args=[application.pk]))
    assert response.status_code == 404
    assert reload(application).status == ApplicationStatus.SUBMITTED


def test_withdraw_asks_first_and_a_get_changes_nothing(client, home, applicant):
    application = make_application(applicant)
    client.force_login(applicant)
    cabinet = client.get(reverse("membership:index")).content.decode()
    url = reverse("membership:withdraw", args=[application.pk])
    assert f'href="{url}"' in cabinet  # the cabinet's button leads to the question

    response = client.get(url)

    assert response.status_code == 200
    assert "Отозвать заявку?" in response.content.decode()
    assert reload(application).status == ApplicationStatus.SUBMITTED


def test_withdraw_confirmed_withdraws(client, home, applicant):
    application = make_application(applicant)
    client.force_login(applicant)

    response = client.post(reverse("membership:withdraw", args=[application.pk]))

    assert response.status_code == 302
    assert reload(application).status == ApplicationStatus.WITHDRAWN


def test_withdraw_question_of_another_persons_application_is_404(
    client, home, applicant
):
    application = make_application(applicant)
    client.force_login(make_applicant())

    response = client.get(reverse("membership:withdraw", args=[application.pk]))

    assert response.status_code == 404


def test_withdraw_question_of_an_application_no_longer_waiting_goes_back(
    client, home, applicant
):
    application = make_application(applicant)
    application_withdraw(application=application, user=applicant)
    client.force_login(applicant)

    response = client.get(reverse("membership:withdraw", args=[application.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("membership:index")


def test_cabinet_section_needs_login(client, home):
    response = client.get(reverse("membership:index"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_year_helper():
    assert year(2026)[1].isoformat() == "2026-12-31"
