"""The cabinet section: one headline and one next step in each state; history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from membership.models import Application, ApplicationStatus
from payments.models import Payment
from tests.membership.factories import year
from tests.membership.states import FROZEN, STATES

pytestmark = pytest.mark.django_db

EXPECTED = {
    "apply": ("Вы пока не член общества", "Подать заявку на вступление"),
    "waiting": ("Ваша заявка на рассмотрении Президиума", "Отозвать заявку"),
    "rejected": (
        "Не приложено подтверждение специальности",
        "Подать заявку на вступление",
    ),
    "pay": ("Президиум одобрил вашу заявку", "Оплатить взнос"),
    "receipt": ("Квитанция на проверке, ответим до 22.06.2026", None),
    "member": ("Вы член общества до 31.12.2026", None),
    "renew": ("Ваше членство заканчивается 10.07.2026", "Продлить членство"),
    "expired": ("Ваше членство закончилось 31.12.2025", "Оплатить взнос"),
}


@pytest.fixture
def cabinet(client, home, board):
    def open_as(state):
        with freeze_time(FROZEN):
            person = STATES[state](board)
        client.force_login(person)  # a session that outlives the frozen day
        with freeze_time(FROZEN):
            response = client.get(reverse("membership:index"))
        assert response.status_code == 200
        return response.content.decode()

    return open_as


@pytest.mark.parametrize("state", list(EXPECTED))
def test_each_state_says_where_the_person_stands(cabinet, state):
    html = cabinet(state)
    headline, action = EXPECTED[state]
    assert headline in html
    if action:
        assert action in html
    assert f'data-state="{"apply" if state == "rejected" else state}"' in html


def test_waiting_shows_the_votes_so_far(cabinet):
    assert "Голосов «за» пока: 1 из 2 нужных." in cabinet("waiting")


def test_receipt_and_member_offer_no_button(cabinet):
    for state in ("receipt", "member"):
        html = cabinet(state)
        section = html.split('data-state="')[1].split("</section>")[0]
        assert "<button" not in section and 'class="button' not in section


def test_pay_leads_to_the_payment_page(client, cabinet):
    cabinet("pay")
    with freeze_time(FROZEN):
        response = client.post(reverse("membership:pay"))
    payment = Payment.objects.get(user__email="approved@example.org")
    assert response["Location"] == reverse("payments:detail", args=[payment.reference])
    assert (payment.period_start, payment.period_end) == year(2026)


def test_an_open_payment_is_linked_directly(client, cabinet):
    cabinet("pay")
    with freeze_time(FROZEN):
        client.post(reverse("membership:pay"))
        html = client.get(reverse("membership:index")).content.decode()
    url = reverse("payments:detail", args=[Payment.objects.get().reference])
    assert f'href="{url}"' in html
    assert "Перейти к оплате" in html


def test_pay_before_approval_is_refused_with_a_message(client, cabinet):
    cabinet("waiting")
    response = client.post(reverse("membership:pay"), follow=True)
    assert "Взнос оплачивается после того, как Президиум одобрит" in (
        response.content.decode()
    )
    assert not Payment.objects.exists()


def test_history_lists_applications_and_payments(cabinet):
    html = cabinet("member")
    assert 'data-history="applications"' in html
    assert "Одобрена — 15.06.2026" in html
    assert "Членский взнос за 2026 год" in html
    assert "Оплачено · 1\u00a0500\u00a0₽" in html


def test_the_menu_has_the_section(cabinet):
    html = cabinet("apply")
    assert 'href="/cabinet/membership/" aria-current="page">Членство и взносы' in html


def test_overview_and_card_say_member_until(client, cabinet):
    cabinet("member")
    with freeze_time(FROZEN):
        overview = client.get(reverse("members:index")).content.decode()
        card = client.get(reverse("members:code_print")).content.decode()
    assert "Член общества до 31.12.2026" in overview
    assert "Член общества до 31.12.2026" in card


def test_overview_of_a_non_member_says_nothing_about_membership(client, cabinet):
    cabinet("pay")
    html = client.get(reverse("members:index")).content.decode()
    assert "data-member-status" not in html


# --- query counts ----------------------------------------------------------------------


def _count(client, url):
    # Twice: the first read of the dues settings creates their row, which starts a
    # new content generation (ops.lookups), so the second request fills the lookups.
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _history(person, n):
    """`n` withdrawn applications and `n` payments in the person's history."""
    specialty = person.profile.specialty
    Application.objects.bulk_create(
        Application(
            user=person,
            specialty=specialty,
            workplace="ГКБ",
            city="Москва",
            status=ApplicationStatus.WITHDRAWN,
        )
        for _ in range(n)
    )
    Payment.objects.bulk_create(
        Payment(
            user=person,
            kind="dues",
            amount=1500,
            period_start=year(2020)[0],
            period_end=year(2020)[1],
            description="Членский взнос за 2020 год",
            status="cancelled",
        )
        for _ in range(n)
    )


@freeze_time(FROZEN)
def test_cabinet_queries_do_not_grow_with_the_history(client, home, applicant, capsys):
    client.force_login(applicant)
    url = reverse("membership:index")
    _history(applicant, 1)
    small = _count(client, url)
    _history(applicant, 499)
    assert Application.objects.filter(user=applicant).count() == 500
    large = _count(client, url)
    with capsys.disabled():
        print(f"\ncabinet section queries: 1 item {small}, 500 items {large}")
    assert large <= small  # the first requests also fill the site-wide lookup cache
    assert small <= 15


def test_a_receipt_past_its_review_date_says_we_are_late_not_a_past_date(
    client, home, board
):
    with freeze_time(FROZEN):
        person = STATES["receipt"](board)
    client.force_login(person)
    with freeze_time("2026-07-01 12:00:00+03:00"):  # after the promised 22.06.2026
        html = client.get(reverse("membership:index")).content.decode()
    assert "Мы обещали ответить до 22.06.2026 и задерживаемся" in html
    assert "ответим до 22.06.2026" not in html


def test_opening_the_pay_address_shows_the_section_and_creates_nothing(client, cabinet):
    cabinet("pay")
    response = client.get(reverse("membership:pay"))
    assert response.status_code == 302
    assert response["Location"] == reverse("membership:index")
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    ("state", "step", "button"),
    [
        ("apply", "apply", "Подать заявку на вступление"),
        ("waiting", "waiting", "Открыть «Членство и взносы»"),
        ("pay", "pay", "Оплатить взнос"),
        ("receipt", "receipt", "Открыть «Членство и взносы»"),
        ("expired", "expired", "Оплатить взнос"),
        ("member", None, None),
    ],
)
def test_the_cabinet_overview_names_the_next_step(
    client, home, board, state, step, button
):
    with freeze_time(FROZEN):
        person = STATES[state](board)
    client.force_login(person)
    with freeze_time(FROZEN):
        html = client.get(reverse("members:index")).content.decode()
    if step is None:
        assert "data-next-step" not in html
    else:
        assert f'data-next-step="{step}"' in html
        assert button in html
