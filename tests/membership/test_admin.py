"""The Presidium's screens in the Wagtail admin: queue, decisions, minutes, panel."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from membership.models import Application, ApplicationStatus
from membership.services import application_reject
from tests.membership.factories import make_applicant, make_application, reload

pytestmark = pytest.mark.django_db

QUEUE = reverse("membership_applications:index")


@pytest.fixture
def staff(db):
    """Admin access, but not in the Presidium."""
    person = make_applicant(email="staff@example.org")
    person.is_staff = True
    person.save()
    person.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return person


@pytest.fixture
def waiting(home, applicant):
    return make_application(applicant, comment="Прошу рассмотреть")


def _inspect(application):
    return reverse("membership_applications:inspect", args=[application.pk])


def test_the_queue_lists_waiting_applications_for_the_presidium(client, board, waiting):
    client.force_login(board)
    html = client.get(QUEUE).content.decode()
    assert "Заявкин Иван Иванович" in html
    assert "На рассмотрении Президиума" in html


def test_the_queue_is_closed_to_other_staff(client, staff, waiting):
    client.force_login(staff)
    response = client.get(QUEUE)
    assert response["Location"] == "/admin/"  # Wagtail's answer to a refused view


def test_the_menu_shows_the_queue_to_the_presidium_only(client, board, staff, home):
    client.force_login(board)
    assert "Заявки на вступление" in client.get("/admin/").content.decode()
    client.force_login(staff)
    assert "Заявки на вступление" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"status": "submitted"}, True),
        ({"status": "approved"}, False),
        ({"city": "Моск"}, True),  # SQLite folds only ASCII case
        ({"city": "Казань"}, False),
        ({"created_at_from": "2020-01-01"}, True),
        ({"created_at_to": "2020-01-01"}, False),
    ],
)
def test_queue_filters(client, board, waiting, params, found):
    client.force_login(board)
    html = client.get(QUEUE, params).content.decode()
    assert ("Заявкин Иван Иванович" in html) is found


def test_queue_filter_by_specialty(client, board, waiting):
    from tests.members.factories import make_specialty

    other = make_specialty("Онкология", "oncology")
    client.force_login(board)
    mine = client.get(QUEUE, {"specialty": waiting.specialty_id}).content.decode()
    theirs = client.get(QUEUE, {"specialty": other.pk}).content.decode()
    assert "Заявкин Иван Иванович" in mine
    assert "Заявкин Иван Иванович" not in theirs


def test_inspect_shows_the_applicants_profile(client, board, waiting):
    client.force_login(board)
    html = client.get(_inspect(waiting)).content.decode()
    for text in ("applicant@example.org", "ГКБ №1", "Москва", "+7 (900) 123-45-67"):
        assert text in html
    assert "Прошу рассмотреть" in html
    assert "Ещё никто не голосовал." in html


def test_approve_from_the_admin(client, board, waiting):
    client.force_login(board)
    response = client.post(
        reverse("membership_applications:approve", args=[waiting.pk])
    )
    assert response["Location"] == _inspect(waiting)
    assert reload(waiting).status == ApplicationStatus.APPROVED


def test_approve_needs_the_permission(client, staff, waiting):
    client.force_login(staff)
    response = client.post(
        reverse("membership_applications:approve", args=[waiting.pk])
    )
    assert response["Location"] == "/admin/"
    assert reload(waiting).status == ApplicationStatus.SUBMITTED


def test_approve_needs_post(client, board, waiting):
    client.force_login(board)
    client.get(reverse("membership_applications:approve", args=[waiting.pk]))
    assert reload(waiting).status == ApplicationStatus.SUBMITTED


def test_reject_needs_a_reason_in_the_form(client, board, waiting):
    client.force_login(board)
    url = reverse("membership_applications:reject", args=[waiting.pk])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "Укажите причину отказа" in response.content.decode()
    assert reload(waiting).status == ApplicationStatus.SUBMITTED


def test_reject_with_a_reason(client, board, waiting):
    client.force_login(board)
    url = reverse("membership_applications:reject", args=[waiting.pk])
    assert client.get(url).status_code == 200  # the confirmation step
    client.post(url, {"reason": "Нет подтверждения специальности"})
    waiting = reload(waiting)
    assert waiting.status == ApplicationStatus.REJECTED
    assert waiting.rejection_reason == "Нет подтверждения специальности"


def test_reject_needs_the_permission(client, staff, waiting):
    client.force_login(staff)
    url = reverse("membership_applications:reject", args=[waiting.pk])
    assert client.get(url)["Location"] == "/admin/"
    client.post(url, {"reason": "Причина"})
    assert reload(waiting).status == ApplicationStatus.SUBMITTED


def test_history_says_who_when_and_why(client, board, waiting):
    application_reject(application=waiting, actor=board, reason="Нет диплома")
    client.force_login(board)
    url = reverse("membership_applications:history", args=[waiting.pk])
    html = client.get(url).content.decode()
    assert "Отклонена. Причина: Нет диплома" in html
    assert "Председателев" in html


def test_no_edit_or_delete_screens(client, board, waiting):
    client.force_login(board)
    for path in (f"edit/{waiting.pk}/", f"delete/{waiting.pk}/", "new/"):
        assert client.get(QUEUE + path).status_code == 404


def test_dashboard_panel_counts_waiting_applications(client, board, staff, waiting):
    client.force_login(board)
    assert "1 заявка ждёт решения Президиума." in client.get("/admin/").content.decode()
    client.force_login(staff)
    assert "ждёт решения Президиума" not in client.get("/admin/").content.decode()


def test_people_screen_says_member_until(client, home, applicant):
    from tests.membership.factories import make_period, year

    admin = make_applicant(email="root@example.org")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    make_period(applicant, *year(2026))
    client.force_login(admin)
    with freeze_time("2026-06-15 12:00:00+03:00"):
        html = client.get(
            reverse("people:inspect", args=[applicant.profile.pk])
        ).content.decode()
    assert "Член общества до 31.12.2026" in html


# --- minutes ---------------------------------------------------------------------------


def test_minutes_pdf_lists_decisions_in_cyrillic(client, board, waiting):
    from pypdf import PdfReader

    from membership.services import application_approve

    application_approve(application=waiting, actor=board)
    other = make_application(make_applicant(last_name="Отказова"))
    application_reject(application=other, actor=board, reason="Неполные данные")
    client.force_login(board)
    response = client.get(
        reverse("membership_minutes"),
        {"date_from": "2000-01-01", "date_to": "2099-12-31"},
    )
    assert response["Content-Type"] == "application/pdf"
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Решения Президиума по заявкам" in text
    assert "Заявкин Иван Иванович" in text
    assert "Отказова" in text and "Неполные данные" in text
    assert "Председателев" in text  # who voted


def test_minutes_form_refuses_a_reversed_period(client, board, home):
    client.force_login(board)
    response = client.get(
        reverse("membership_minutes"),
        {"date_from": "2026-02-01", "date_to": "2026-01-01"},
    )
    assert response["Content-Type"].startswith("text/html")
    assert "Конец периода раньше его начала." in response.content.decode()


def test_minutes_need_the_permission(client, staff, home):
    client.force_login(staff)
    response = client.get(
        reverse("membership_minutes"),
        {"date_from": "2026-01-01", "date_to": "2026-12-31"},
    )
    assert response["Location"] == "/admin/"


# --- query counts ----------------------------------------------------------------------


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _bulk_applications(n, prefix):
    from tests.members.factories import make_member

    people = [
        make_member(code=False, email=f"{prefix}{i}@example.org") for i in range(n)
    ]
    specialty = people[0].profile.specialty
    Application.objects.bulk_create(
        Application(user=p, specialty=specialty, workplace="ГКБ", city="Тверь")
        for p in people
    )


def test_queue_queries_do_not_grow(client, board, home, capsys):
    client.force_login(board)
    _bulk_applications(1, "one")
    first = Application.objects.first()
    small = {"queue": _count(client, QUEUE), "inspect": _count(client, _inspect(first))}
    _bulk_applications(499, "many")
    assert Application.objects.count() == 500
    large = {"queue": _count(client, QUEUE), "inspect": _count(client, _inspect(first))}
    with capsys.disabled():
        print(f"\nPresidium queue queries: 1 item {small}, 500 items {large}")
    # The first requests also fill the site-wide lookup cache: never more with more data.
    assert all(large[page] <= small[page] for page in small), (small, large)
