"""Refunds by staff from the payment in the admin, through whichever provider took
the payment, completed by that provider's notification or status."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from core.audit import entries_for_user
from payments import refunds, signals
from payments.errors import PaymentsError
from payments.models import (
    IssueKind,
    PaymentIssue,
    PaymentStatus,
    Refund,
    RefundStatus,
)
from tests.factories import UserFactory
from tests.payments.factories import make_payment, make_reviewer
from tests.payments.yookassa_fixtures import OTHER_IP, notification_body, notify

pytestmark = pytest.mark.django_db

REASON = "Вступление отозвано по заявлению"


def make_refunder(**fields):
    """Staff who may use the admin and refund payments (not review receipts)."""
    user = UserFactory(**fields)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="refund_payment"),
    )
    return user


@pytest.fixture
def refunded_signals():
    got = []

    def handler(sender, payment, **kwargs):
        got.append(payment.pk)

    signals.payment_refunded.connect(handler)
    yield got
    signals.payment_refunded.disconnect(handler)


@pytest.fixture
def paid(client, home, fake_yookassa):
    """A dues payment the member paid through YooKassa (confirmed)."""
    payment = make_payment()
    client.force_login(payment.user)
    client.post(reverse("payments:pay_online", args=[payment.reference, "yookassa"]))
    payment.refresh_from_db()
    fake_yookassa.succeed(payment.provider_session_id)
    notify(
        Client(), notification_body("payment.succeeded", payment.provider_session_id)
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED
    client.logout()
    return payment


def ask_refund(client, payment, staff, reason=REASON, confirm=True):
    client.force_login(staff)
    data = {"reason": reason, **({"confirm": "on"} if confirm else {})}
    return client.post(reverse("payments_admin:refund", args=[payment.reference]), data)


def refund_succeeded(refund_id):
    return notification_body("refund.succeeded", refund_id, status="succeeded")


def test_a_refund_goes_to_yookassa_and_its_notification_completes_it(
    client,
    paid,
    fake_yookassa,
    refunded_signals,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    staff = make_refunder()
    response = ask_refund(client, paid, staff)

    assert response.status_code == 302
    [request] = fake_yookassa.refund_requests()
    refund = Refund.objects.get()
    assert request.body["payment_id"] == paid.provider_payment_id
    assert request.body["amount"] == {"value": "1500.00", "currency": "RUB"}
    assert request.body["description"] == REASON
    assert request.body["metadata"] == {"payment_reference": str(paid.reference)}
    assert request.headers["idempotence-key"] == f"refund-{paid.reference}-{refund.pk}"
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.CONFIRMED  # until YooKassa confirms
    assert refund.status == RefundStatus.REQUESTED
    assert refund.requested_by == staff

    refund_id = refund.provider_refund_id
    fake_yookassa.set_refund(refund_id, "succeeded")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(Client(), refund_succeeded(refund_id))
    with django_capture_on_commit_callbacks(execute=True):
        second = notify(Client(), refund_succeeded(refund_id))

    assert (first.content, second.content) == (b"refunded", b"duplicate")
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.REFUNDED
    assert paid.status_reason == REASON
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    assert refunded_signals == [paid.pk]
    assert [m.to for m in mailoutbox] == [[paid.user.email]]
    assert "вернули" in mailoutbox[0].body
    actions = set(entries_for_user(paid.user).values_list("action", flat=True))
    assert {"payments.refund.requested", "payments.payment.refunded"} <= actions


def test_a_double_click_refunds_once(client, paid, fake_yookassa):
    staff = make_refunder()
    ask_refund(client, paid, staff)
    ask_refund(client, paid, staff)
    keys = {r.headers["idempotence-key"] for r in fake_yookassa.refund_requests()}
    assert len(keys) == 1
    assert len(fake_yookassa.refunds) == 1
    assert Refund.objects.count() == 1


def test_a_refund_the_provider_finishes_at_once_refunds_at_once(
    client, paid, fake_yookassa
):
    fake_yookassa.refund_status = "succeeded"
    ask_refund(client, paid, make_refunder())
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.REFUNDED


def refused(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect home."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_reviewers_without_the_refund_permission_are_turned_away(
    client, paid, fake_yookassa
):
    reviewer = make_reviewer()
    assert refused(ask_refund(client, paid, reviewer))
    check = reverse("payments_admin:refund_check", args=[paid.reference])
    assert refused(client.post(check))
    assert fake_yookassa.refund_requests() == []
    # They still see the payment, without the refund form.
    page = client.get(reverse("payments_admin:payment", args=[paid.reference]))
    assert reverse("payments_admin:refund", args=[paid.reference]) not in (
        page.content.decode()
    )


def test_the_service_refuses_staff_without_the_refund_permission(paid):
    with pytest.raises(PaymentsError):
        refunds.refund_start(payment=paid, by=make_reviewer(), reason=REASON)
    assert not Refund.objects.exists()


@pytest.mark.parametrize(
    ("reason", "confirm"), [("", True), ("   ", True), (REASON, False)]
)
def test_a_reason_and_the_tick_are_required(
    client, paid, fake_yookassa, reason, confirm
):
    response = ask_refund(client, paid, make_refunder(), reason=reason, confirm=confirm)
    assert response.status_code == 400
    assert fake_yookassa.refund_requests() == []


def test_the_service_requires_a_reason(paid):
    with pytest.raises(PaymentsError):
        refunds.refund_start(payment=paid, by=make_refunder(), reason="  ")


def test_only_a_paid_payment_can_be_refunded(home, fake_yookassa):
    payment = make_payment()
    with pytest.raises(PaymentsError):
        refunds.refund_start(payment=payment, by=make_refunder(), reason=REASON)
    assert fake_yookassa.refund_requests() == []


def test_with_the_api_down_the_refund_stays_requested_and_the_retry_refunds_once(
    client, paid, fake_yookassa
):
    staff = make_refunder()
    fake_yookassa.fail_with = 500
    response = ask_refund(client, paid, staff)
    page = client.get(response["Location"])
    assert "не ответил" in page.content.decode()
    refund = Refund.objects.get()
    assert (refund.status, refund.provider_refund_id) == (RefundStatus.REQUESTED, "")

    fake_yookassa.fail_with = None
    fake_yookassa.refund_status = "succeeded"
    client.post(reverse("payments_admin:refund_check", args=[paid.reference]))

    paid.refresh_from_db()
    assert paid.status == PaymentStatus.REFUNDED
    keys = {r.headers["idempotence-key"] for r in fake_yookassa.refund_requests()}
    assert keys == {refund.idempotency_key}
    assert len(fake_yookassa.refunds) == 1


def test_a_refund_the_provider_cancels_fails_and_the_payment_still_counts(
    client, paid, fake_yookassa
):
    staff = make_refunder()
    ask_refund(client, paid, staff)
    refund = Refund.objects.get()
    fake_yookassa.set_refund(refund.provider_refund_id, "canceled", "rejected_by_payee")

    client.post(reverse("payments_admin:refund_check", args=[paid.reference]))

    refund.refresh_from_db()
    assert refund.status == RefundStatus.FAILED
    assert refund.failure_reason == "rejected_by_payee"
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.CONFIRMED
    assert PaymentIssue.objects.get().kind == IssueKind.REFUND_FAILED
    from wagtail.models import ModelLogEntry

    failed = ModelLogEntry.objects.get(action="payments.refund.failed")
    assert failed.data["reason"] == "rejected_by_payee"
    # Staff may try again: a new refund with a new key.
    ask_refund(client, paid, staff)
    assert Refund.objects.filter(status=RefundStatus.REQUESTED).count() == 1


def test_a_partial_refund_made_in_the_dashboard_is_flagged(paid, fake_yookassa):
    refund = _dashboard_refund(fake_yookassa, paid, value="500.00")
    response = notify(Client(), refund_succeeded(refund["id"]))
    assert response.content == b"needs attention"
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.CONFIRMED
    assert PaymentIssue.objects.get().kind == IssueKind.AMOUNT_MISMATCH


def test_a_full_refund_made_in_the_dashboard_is_recorded(paid, fake_yookassa):
    refund = _dashboard_refund(fake_yookassa, paid, value="1500.00")
    assert notify(Client(), refund_succeeded(refund["id"])).content == b"refunded"
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.REFUNDED
    recorded = Refund.objects.get()
    assert (recorded.requested_by, recorded.provider_refund_id) == (None, refund["id"])


def test_a_refund_notification_from_another_address_is_refused(paid, fake_yookassa):
    refund = _dashboard_refund(fake_yookassa, paid, value="1500.00")
    response = notify(Client(), refund_succeeded(refund["id"]), ip=OTHER_IP)
    assert response.status_code == 403
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.CONFIRMED


def test_a_refund_of_another_providers_payment_is_flagged(paid, fake_yookassa):
    """A refund whose payment id is not the one that paid ours."""
    other = fake_yookassa.add_payment()
    fake_yookassa.succeed(other["id"])
    refund = _dashboard_refund(fake_yookassa, paid, value="1500.00")
    refund["payment_id"] = other["id"]
    refund["metadata"] = {"payment_reference": str(paid.reference)}
    assert notify(Client(), refund_succeeded(refund["id"])).content == (
        b"needs attention"
    )
    assert PaymentIssue.objects.get().kind == IssueKind.REFERENCE_MISMATCH


def _dashboard_refund(fake, payment, *, value):
    """A refund made in YooKassa's dashboard: no metadata of ours."""
    import uuid

    refund = {
        "id": str(uuid.uuid4()),
        "payment_id": payment.provider_payment_id,
        "status": "succeeded",
        "amount": {"value": value, "currency": "RUB"},
        "created_at": "2027-01-10T10:00:00.000Z",
    }
    fake.refunds[refund["id"]] = refund
    return refund


def test_a_payment_made_by_transfer_is_refunded_by_recording_it(
    client, home, fake_yookassa, refunded_signals, django_capture_on_commit_callbacks
):
    from payments import receipts
    from tests.payments.factories import submit_receipt

    payment = make_payment()
    submit_receipt(payment)
    receipts.receipt_confirm(payment=payment, by=make_reviewer())
    staff = make_refunder()
    staff.user_permissions.add(Permission.objects.get(codename="review_receipt"))

    with django_capture_on_commit_callbacks(execute=True):
        ask_refund(client, payment, staff)

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert fake_yookassa.refund_requests() == []
    assert refunded_signals == [payment.pk]
    from wagtail.models import ModelLogEntry

    recorded = ModelLogEntry.objects.get(action="payments.payment.refunded")
    assert recorded.user == staff


def test_the_payment_page_in_the_admin_offers_the_refund(client, paid):
    client.force_login(make_refunder())
    page = client.get(reverse("payments_admin:payment", args=[paid.reference]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Вернуть через платёжный сервис" in html
    assert "ЮKassa" in html
    assert reverse("payments_admin:refund", args=[paid.reference]) in html


def test_people_without_payment_rights_do_not_see_payments(client, paid):
    from tests.payments.factories import make_staff_without_review

    client.force_login(make_staff_without_review())
    for url in (
        reverse("payments_admin:payments"),
        reverse("payments_admin:payment", args=[paid.reference]),
    ):
        assert refused(client.get(url))


def test_a_refund_in_another_currency_is_flagged(paid, fake_yookassa):
    refund = _dashboard_refund(fake_yookassa, paid, value="1500.00")
    refund["amount"]["currency"] = "USD"
    assert notify(Client(), refund_succeeded(refund["id"])).content == (
        b"needs attention"
    )
    assert PaymentIssue.objects.get().kind == IssueKind.CURRENCY_MISMATCH


def test_a_refund_for_a_payment_that_cannot_be_refunded_is_flagged(paid, fake_yookassa):
    from payments.models import Payment

    Payment.objects.filter(pk=paid.pk).update(status=PaymentStatus.CANCELLED)
    refund = _dashboard_refund(fake_yookassa, paid, value="1500.00")
    assert notify(Client(), refund_succeeded(refund["id"])).content == (
        b"needs attention"
    )
    assert PaymentIssue.objects.get().kind == IssueKind.STATUS_MISMATCH


def test_only_a_paid_payment_is_refunded_with_the_reason_why(
    client, home, fake_yookassa
):
    payment = make_payment()
    client.force_login(payment.user)
    client.post(reverse("payments:pay_online", args=[payment.reference, "yookassa"]))
    payment.refresh_from_db()
    payment.provider_payment_id = payment.provider_session_id
    with pytest.raises(PaymentsError) as refused_:
        refunds.refund_start(payment=payment, by=make_refunder(), reason=REASON)
    assert refused_.value.message == "Вернуть можно только оплаченный платёж."
    with pytest.raises(PaymentsError):
        refunds._refund_record(payment, by=make_refunder(), reason=REASON)
    assert not Refund.objects.exists()


def test_without_the_provider_on_the_server_staff_are_told_to_use_its_dashboard(
    paid, settings
):
    settings.YOOKASSA_SECRET_KEY = None
    with pytest.raises(PaymentsError) as refused_:
        refunds.refund_start(payment=paid, by=make_refunder(), reason=REASON)
    assert "личном кабинете" in refused_.value.message
    assert not Refund.objects.exists()


def test_asking_about_a_refund_needs_the_permission(client, paid, fake_yookassa):
    ask_refund(client, paid, make_refunder())
    with pytest.raises(PaymentsError):
        refunds.refund_check(payment=paid, by=make_reviewer())
    assert [r for r in fake_yookassa.fetches() if "/refunds/" in r.path] == []
