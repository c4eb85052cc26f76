"""Query counts stay flat from 1 to 500 items: the member's page, the review queue
and the needs-attention list."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import MemberProfile, PersonalCode, User
from payments.models import (
    IssueKind,
    Payment,
    PaymentIssue,
    PaymentKind,
    PaymentStatus,
    Receipt,
    ReceiptStatus,
)
from tests.members.factories import make_member, make_specialty
from tests.payments.factories import (
    FEE,
    YEAR_START,
    bank_settings,
    make_payment,
    make_reviewer,
    submit_receipt,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    # Warm up: the site-wide lookup cache (ops/lookups.py) takes its generation on
    # the first request and is filled on the second (site root paths, settings).
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_versions(payment, count):
    """`count` older receipt versions (rows only) under the current one."""
    current = payment.receipts.get(status=ReceiptStatus.SUBMITTED)
    Receipt.objects.bulk_create(
        Receipt(
            payment=payment,
            version=current.version + 1 + n,
            file=current.file.name,
            original_name=f"чек-{n}.png",
            content_type="image/png",
            size=current.size,
            sha256=f"{n:064d}",
            status=ReceiptStatus.SUPERSEDED,
            review_due=current.review_due,
        )
        for n in range(count)
    )


def add_waiting(count, *, file_name):
    """`count` members each with a receipt waiting, in a few queries."""
    specialty = make_specialty()
    users = User.objects.bulk_create(
        User(
            email=f"bulk{uuid.uuid4().hex[:10]}@example.org",
            last_name="Петров",
            first_name="Пётр",
        )
        for _ in range(count)
    )
    MemberProfile.objects.bulk_create(
        MemberProfile(
            user=user,
            phone="+79001234567",
            city="Казань",
            specialty=specialty,
            workplace="РКБ",
        )
        for user in users
    )
    PersonalCode.objects.bulk_create(
        PersonalCode(
            user=user, code=uuid.uuid4().hex[:8].upper(), qr_token=uuid.uuid4().hex
        )
        for user in users
    )
    payments = Payment.objects.bulk_create(
        Payment(
            user=user,
            kind=PaymentKind.DUES,
            amount=FEE,
            period_start=YEAR_START,
            description="Членский взнос за 2027 год",
            status=PaymentStatus.AWAITING_REVIEW,
            method="receipt",
        )
        for user in users
    )
    Receipt.objects.bulk_create(
        Receipt(
            payment=payment,
            version=1,
            file=file_name,
            original_name="чек.png",
            content_type="image/png",
            size=10,
            sha256="0" * 64,
            review_due=datetime.date(2025, 1, 10) + datetime.timedelta(days=n % 400),
        )
        for n, payment in enumerate(payments)
    )


def test_the_member_page_does_not_grow_with_receipt_versions(client, home, capsys):
    bank_settings()
    payment = make_payment(make_member())
    submit_receipt(payment)
    client.force_login(payment.user)
    url = reverse("payments:detail", args=[payment.reference])
    small = count_queries(client, url)
    add_versions(payment, 499)
    assert payment.receipts.count() == 500
    large = count_queries(client, url)
    with capsys.disabled():
        print(f"\npayment page queries: 1 version {small}, 500 versions {large}")
    assert large == small
    assert small <= 20


def test_the_review_queue_does_not_grow_with_waiting_receipts(client, home, capsys):
    bank_settings()
    reviewer = make_reviewer()
    first = make_payment(make_member())
    receipt = submit_receipt(first)
    client.force_login(reviewer)
    url = reverse("payments_admin:queue")
    small = count_queries(client, url)
    review_url = reverse("payments_admin:review", args=[first.reference])
    review_small = count_queries(client, review_url)
    add_waiting(499, file_name=receipt.file.name)
    add_versions(first, 10)
    large = count_queries(client, url)
    review_large = count_queries(client, review_url)
    with capsys.disabled():
        print(
            f"\nreview queue queries: 1 waiting {small}, 500 waiting {large}; "
            f"review page {review_small} / {review_large}"
        )
    assert large == small
    assert review_large == review_small
    assert small <= 30


def test_the_attention_list_does_not_grow(client, home, capsys):
    reviewer = make_reviewer()
    payment = make_payment(make_member())
    PaymentIssue.objects.create(
        kind=IssueKind.AMOUNT_MISMATCH, provider="stripe", payment=payment
    )
    client.force_login(reviewer)
    url = reverse("payments_admin:attention")
    small = count_queries(client, url)
    PaymentIssue.objects.bulk_create(
        PaymentIssue(kind=IssueKind.AMOUNT_MISMATCH, provider="stripe", payment=payment)
        for _ in range(499)
    )
    large = count_queries(client, url)
    with capsys.disabled():
        print(f"\nattention list queries: 1 issue {small}, 500 issues {large}")
    assert large == small
