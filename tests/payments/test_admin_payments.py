"""The admin's «Все платежи»: search, one payment with its history and refunds,
query counts flat from 1 to 500 payments (or history lines)."""

import uuid

import pytest
from django.urls import reverse

from members.models import User
from payments.models import (
    Payment,
    PaymentEvent,
    PaymentKind,
    PaymentStatus,
    Refund,
    RefundStatus,
)
from tests.payments.factories import FEE, make_payment, make_reviewer
from tests.payments.test_query_counts import count_queries
from tests.payments.test_refunds import make_refunder

pytestmark = pytest.mark.django_db

LIST = "/admin/payments/all/"


def add_payments(count):
    users = User.objects.bulk_create(
        User(email=f"many{uuid.uuid4().hex[:10]}@example.org", last_name="Петров")
        for _ in range(count)
    )
    Payment.objects.bulk_create(
        Payment(
            user=user,
            kind=PaymentKind.DUES,
            amount=FEE,
            description="Членский взнос",
            status=PaymentStatus.CONFIRMED,
            method="online",
            provider="yookassa",
        )
        for user in users
    )


def test_the_list_costs_the_same_for_1_and_500_payments(client, home):
    client.force_login(make_reviewer())
    make_payment()
    one = count_queries(client, LIST)
    add_payments(499)
    assert count_queries(client, LIST) == one
    assert count_queries(client, LIST + "?q=Петров&status=confirmed") == one
    print(f"payments list: {one} queries")


def test_the_payment_page_costs_the_same_with_1_and_500_history_lines(client, home):
    client.force_login(make_refunder())
    payment = make_payment()
    url = reverse("payments_admin:payment", args=[payment.reference])
    one = count_queries(client, url)
    PaymentEvent.objects.bulk_create(
        PaymentEvent(payment=payment, kind=PaymentEvent.Kind.NOTIFICATION)
        for _ in range(499)
    )
    Refund.objects.bulk_create(
        Refund(
            payment=payment,
            provider="yookassa",
            amount=FEE,
            reason="тест",
            status=RefundStatus.FAILED,
        )
        for _ in range(50)
    )
    assert count_queries(client, url) == one
    print(f"payment page: {one} queries")


def test_search_finds_by_name_code_reference_and_provider_id(client, home):
    from tests.members.factories import code_of

    wanted = make_payment()
    Payment.objects.filter(pk=wanted.pk).update(provider_payment_id="2d7f-yk-1")
    other = make_payment()
    client.force_login(make_reviewer())
    link = reverse("payments_admin:payment", args=[wanted.reference])
    for query in (
        wanted.user.email,
        code_of(wanted.user).display,
        str(wanted.reference),
        "2d7f-yk-1",
    ):
        html = client.get(LIST, {"q": query}).content.decode()
        assert link in html, query
        assert reverse("payments_admin:payment", args=[other.reference]) not in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00"},
        {"q": "x" * 10_000},
        {"status": "'; drop table"},
        {"p": "99999999999999999999"},
        {"q": "' OR 1=1 --"},
    ],
)
def test_bad_search_input_never_breaks_the_list(client, home, params):
    client.force_login(make_reviewer())
    assert client.get(LIST, params).status_code == 200
