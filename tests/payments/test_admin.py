"""Receipt review in the Wagtail admin: who may, what they see, what they decide."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from payments.models import IssueKind, PaymentStatus
from payments.services import issue_flag
from tests.payments.factories import (
    bank_settings,
    make_payment,
    make_reviewer,
    make_staff_without_review,
    pdf_bytes,
    submit_receipt,
)

pytestmark = pytest.mark.django_db

QUEUE = "/admin/payments/receipts/"


@pytest.fixture
def reviewer(home):
    bank_settings()
    return make_reviewer(email="buh@example.org")


@pytest.fixture
def waiting(reviewer):
    payment = make_payment()
    submit_receipt(payment)
    return payment


def sent_on(day):
    return mock.patch("payments.receipts.local_today", return_value=day)


def test_the_reviewers_group_is_created_by_a_migration(db):
    group = Group.objects.get(name="Бухгалтерия")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"review_receipt", "access_admin"} <= codenames


def refused(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect home."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_staff_without_the_permission_are_turned_away(client, waiting):
    client.force_login(make_staff_without_review())
    assert refused(client.get(QUEUE))
    assert refused(client.get(reverse("payments_admin:attention")))
    review = reverse("payments_admin:review", args=[waiting.reference])
    assert refused(client.get(review))
    confirm = reverse("payments_admin:confirm", args=[waiting.reference])
    assert refused(client.post(confirm))
    reject = reverse("payments_admin:reject", args=[waiting.reference])
    assert refused(client.post(reject, {"reason": "x"}))
    bulk = reverse("payments_admin:bulk_confirm")
    assert refused(client.post(bulk, {"reference": [waiting.reference], "run": "1"}))
    issue = issue_flag(kind=IssueKind.UNKNOWN_REFERENCE, provider="stripe")
    resolve = reverse("payments_admin:resolve", args=[issue.pk])
    assert refused(client.post(resolve, {"resolution": "x"}))
    issue.refresh_from_db()
    assert issue.resolved_at is None
    waiting.refresh_from_db()
    assert waiting.status == PaymentStatus.AWAITING_REVIEW


def test_the_queue_is_sorted_by_due_date_with_overdue_marked(client, reviewer):
    late, soon = make_payment(), make_payment()
    with sent_on(datetime.date(2025, 3, 3)):
        submit_receipt(late)
    with sent_on(datetime.date(2999, 3, 3)):
        submit_receipt(soon)
    client.force_login(reviewer)
    html = client.get(QUEUE).content.decode()
    assert html.index(str(late.reference)) < html.index(str(soon.reference))
    late_row = html[: html.index(str(late.reference))].rsplit("<tr", 1)[1]
    soon_row = html[: html.index(str(soon.reference))].rsplit("<tr", 1)[1]
    assert "payments-overdue" in late_row
    assert "payments-overdue" not in soon_row


def test_the_review_shows_the_receipt_inline_and_the_member(client, reviewer, waiting):
    client.force_login(reviewer)
    html = client.get(
        reverse("payments_admin:review", args=[waiting.reference])
    ).content.decode()
    receipt = waiting.receipts.get()
    assert (
        f'<img class="payments-review__image" src="/payments/receipts/{receipt.key}/"'
        in html
    )
    assert "1\u202f500,00\u00a0₽" in html
    assert waiting.user.email in html
    assert waiting.user.get_full_name() in html


def test_a_pdf_receipt_is_shown_in_a_viewer(client, reviewer):
    payment = make_payment()
    receipt = submit_receipt(payment, data=pdf_bytes(), name="чек.pdf")
    client.force_login(reviewer)
    html = client.get(
        reverse("payments_admin:review", args=[payment.reference])
    ).content.decode()
    assert (
        f'<iframe class="payments-review__pdf" src="/payments/receipts/{receipt.key}/"'
        in html
    )
    frame = client.get(reverse("payments:receipt_file", args=[receipt.key]))
    assert frame["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in frame["Content-Security-Policy"]


def test_confirm_in_the_admin_is_audited_and_idempotent(client, reviewer, waiting):
    client.force_login(reviewer)
    url = reverse("payments_admin:confirm", args=[waiting.reference])
    first = client.post(url, follow=True)
    second = client.post(url, follow=True)
    waiting.refresh_from_db()
    assert waiting.status == PaymentStatus.CONFIRMED
    assert waiting.events.filter(to_status=PaymentStatus.CONFIRMED).count() == 1
    assert "Этот платёж уже подтверждён." in second.content.decode()
    assert first.status_code == 200
    entry = ModelLogEntry.objects.get(action="payments.receipt.confirmed")
    assert entry.user == reviewer


def test_reject_needs_a_reason(client, reviewer, waiting):
    client.force_login(reviewer)
    url = reverse("payments_admin:reject", args=[waiting.reference])
    client.post(url, {"reason": ""})
    waiting.refresh_from_db()
    assert waiting.status == PaymentStatus.AWAITING_REVIEW
    client.post(url, {"reason": "Сумма не видна"})
    waiting.refresh_from_db()
    assert waiting.status == PaymentStatus.REJECTED
    assert (
        ModelLogEntry.objects.get(action="payments.receipt.rejected").data["reason"]
        == "Сумма не видна"
    )


def test_decisions_need_the_csrf_token(reviewer, waiting):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    response = client.post(reverse("payments_admin:confirm", args=[waiting.reference]))
    assert response.status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == PaymentStatus.AWAITING_REVIEW


def test_bulk_confirm_asks_first_then_reports_each_item(client, reviewer, waiting):
    from payments.receipts import receipt_reject

    rejected = make_payment()
    submit_receipt(rejected)
    receipt_reject(payment=rejected, by=reviewer, reason="нечитаемо")
    client.force_login(reviewer)
    url = reverse("payments_admin:bulk_confirm")
    chosen = [str(waiting.reference), str(rejected.reference), "not-a-uuid"]

    ask = client.post(url, {"reference": chosen})
    assert ask.status_code == 200
    waiting.refresh_from_db()
    assert waiting.status == PaymentStatus.AWAITING_REVIEW

    done = client.post(url, {"reference": chosen, "run": "1"}, follow=True)
    html = done.content.decode()
    waiting.refresh_from_db()
    rejected.refresh_from_db()
    assert waiting.status == PaymentStatus.CONFIRMED
    assert rejected.status == PaymentStatus.REJECTED
    assert html.count("message") >= 2
    assert waiting.user.get_full_name() in html


def test_the_attention_list_and_resolving(client, reviewer):
    payment = make_payment()
    issue = issue_flag(
        kind=IssueKind.AMOUNT_MISMATCH,
        provider="stripe",
        event_id="evt_1",
        payment=payment,
        details={"amount": "15.00", "currency": "RUB"},
    )
    client.force_login(reviewer)
    url = reverse("payments_admin:attention")
    assert "evt_1" in client.get(url).content.decode()
    client.post(
        reverse("payments_admin:resolve", args=[issue.pk]),
        {"resolution": "Вернули деньги через Stripe"},
    )
    issue.refresh_from_db()
    assert issue.resolved_by == reviewer
    assert "evt_1" not in client.get(url).content.decode()
    assert ModelLogEntry.objects.filter(action="payments.issue.resolved").exists()


def test_the_dashboard_panel_counts(client, reviewer):
    overdue, fresh = make_payment(), make_payment()
    with sent_on(datetime.date(2025, 3, 3)):
        submit_receipt(overdue)
    submit_receipt(fresh)
    issue_flag(kind=IssueKind.UNKNOWN_REFERENCE, provider="stripe", event_id="e")
    client.force_login(reviewer)
    html = client.get("/admin/").content.decode()
    assert "payments-summary" in html
    assert "2 квитанции ждут проверки" in html
    assert "1 квитанция просрочена" in html
    assert "1 платёж требует внимания" in html


def test_the_dashboard_panel_is_only_for_reviewers(client, waiting):
    client.force_login(make_staff_without_review())
    assert "payments-summary" not in client.get("/admin/").content.decode()


def test_the_menu_shows_the_queue_to_reviewers_only(client, reviewer):
    client.force_login(reviewer)
    assert QUEUE in client.get("/admin/").content.decode()
    client.force_login(make_staff_without_review())
    assert QUEUE not in client.get("/admin/").content.decode()


def test_every_payments_audit_action_is_registered():
    from wagtail.log_actions import registry

    from payments.wagtail_hooks import ACTIONS

    assert all(registry.action_exists(action) for action in ACTIONS)


def test_a_replaced_receipt_is_one_row_in_the_queue(client, reviewer, waiting):
    from tests.payments.factories import jpeg_bytes

    submit_receipt(waiting, data=jpeg_bytes(), name="второй.jpg")
    client.force_login(reviewer)
    html = client.get(QUEUE).content.decode()
    assert html.count(f'value="{waiting.reference}"') == 1
