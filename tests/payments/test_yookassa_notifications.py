"""YooKassa's notifications: accepted only from its addresses, then only a trigger
to fetch the payment from the API; only what the API says counts."""

import logging

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from payments.models import (
    IssueKind,
    PaymentIssue,
    PaymentStatus,
    ProviderEvent,
)
from tests.payments.factories import make_payment
from tests.payments.yookassa_fixtures import (
    OTHER_IP,
    YOOKASSA_IP,
    notification_body,
    notify,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(client, home, fake_yookassa):
    """A payment the member started at YooKassa: (our payment, YooKassa's id)."""
    payment = make_payment()
    client.force_login(payment.user)
    client.post(reverse("payments:pay_online", args=[payment.reference, "yookassa"]))
    payment.refresh_from_db()
    client.logout()
    return payment, payment.provider_session_id


def confirmations(payment):
    return payment.events.filter(to_status=PaymentStatus.CONFIRMED).count()


def succeeded(yookassa_id):
    return notification_body("payment.succeeded", yookassa_id, status="succeeded")


def test_from_yookassa_the_payment_is_fetched_and_confirmed_once(
    started, fake_yookassa, django_capture_on_commit_callbacks
):
    payment, yookassa_id = started
    fake_yookassa.succeed(yookassa_id)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = notify(Client(enforce_csrf_checks=True), succeeded(yookassa_id))
    with django_capture_on_commit_callbacks(execute=True):
        second = notify(Client(), succeeded(yookassa_id))

    assert (first.status_code, first.content) == (200, b"confirmed")
    assert (second.status_code, second.content) == (200, b"duplicate")
    assert [r.path for r in fake_yookassa.fetches()] == [
        f"/v3/payments/{yookassa_id}",
        f"/v3/payments/{yookassa_id}",
    ]
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED
    assert payment.provider == "yookassa"
    assert payment.provider_payment_id == yookassa_id
    assert confirmations(payment) == 1
    assert len(mail.outbox) == 1
    event = ProviderEvent.objects.get()
    assert event.event_id == f"payment.succeeded:{yookassa_id}"
    assert event.payment == payment
    assert event.payload["api"]["status"] == "succeeded"


def test_the_notification_body_is_not_believed(started, fake_yookassa):
    """The body says "succeeded" and the right amount; the API says "pending"."""
    payment, yookassa_id = started
    body = succeeded(yookassa_id)
    body["object"].update(paid=True, amount={"value": "1500.00", "currency": "RUB"})

    response = notify(Client(), body)

    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PROCESSING
    issue = PaymentIssue.objects.get()
    assert issue.kind == IssueKind.STATUS_MISMATCH and issue.payment == payment


def test_succeeded_but_not_paid_confirms_nothing(started, fake_yookassa):
    payment, yookassa_id = started
    fake_yookassa.succeed(yookassa_id)["paid"] = False
    notify(Client(), succeeded(yookassa_id))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PROCESSING
    assert PaymentIssue.objects.get().kind == IssueKind.STATUS_MISMATCH


def test_from_another_address_refused_with_403_and_logged(
    started, fake_yookassa, caplog
):
    payment, yookassa_id = started
    fake_yookassa.succeed(yookassa_id)
    with caplog.at_level(logging.WARNING, logger="payments.webhooks"):
        response = notify(Client(), succeeded(yookassa_id), ip=OTHER_IP)

    assert response.status_code == 403
    assert OTHER_IP in caplog.text
    assert fake_yookassa.fetches() == []
    assert not ProviderEvent.objects.exists()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PROCESSING


def test_a_forwarded_for_header_the_sender_sets_is_not_believed(started, fake_yookassa):
    """No trusted proxy configured: the socket's address counts, not the header."""
    payment, yookassa_id = started
    fake_yookassa.succeed(yookassa_id)
    response = notify(
        Client(),
        succeeded(yookassa_id),
        ip=OTHER_IP,
        HTTP_X_FORWARDED_FOR=YOOKASSA_IP,
        HTTP_X_REAL_IP=YOOKASSA_IP,
    )
    assert response.status_code == 403


def test_behind_the_trusted_proxy_its_header_gives_the_sender(
    started, fake_yookassa, settings
):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    payment, yookassa_id = started
    fake_yookassa.succeed(yookassa_id)
    proxy = "10.0.0.2"

    refused = notify(
        Client(), succeeded(yookassa_id), ip=proxy, HTTP_X_REAL_IP=OTHER_IP
    )
    accepted = notify(
        Client(), succeeded(yookassa_id), ip=proxy, HTTP_X_REAL_IP=YOOKASSA_IP
    )

    assert refused.status_code == 403
    assert accepted.status_code == 200
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED


def test_yookassas_ipv6_addresses_are_accepted(started, fake_yookassa):
    payment, yookassa_id = started
    fake_yookassa.succeed(yookassa_id)
    response = notify(Client(), succeeded(yookassa_id), ip="2a02:5180:0:1509::7")
    assert response.status_code == 200


def test_the_allowed_addresses_can_be_set(started, fake_yookassa, settings):
    settings.YOOKASSA_NOTIFICATION_IPS = ["198.51.100.0/24"]
    payment, yookassa_id = started
    fake_yookassa.succeed(yookassa_id)
    assert notify(Client(), succeeded(yookassa_id)).status_code == 403
    assert (
        notify(Client(), succeeded(yookassa_id), ip="198.51.100.3").status_code == 200
    )


@pytest.mark.parametrize(
    ("change", "kind"),
    [
        ({"amount": {"value": "1.00", "currency": "RUB"}}, IssueKind.AMOUNT_MISMATCH),
        (
            {"amount": {"value": "1500.00", "currency": "USD"}},
            IssueKind.CURRENCY_MISMATCH,
        ),
    ],
)
def test_an_api_object_that_disagrees_confirms_nothing_and_is_flagged(
    started, fake_yookassa, change, kind
):
    payment, yookassa_id = started
    fake_yookassa.succeed(yookassa_id).update(change)

    response = notify(Client(), succeeded(yookassa_id))

    assert (response.status_code, response.content) == (200, b"needs attention")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PROCESSING
    issue = PaymentIssue.objects.get()
    assert (issue.kind, issue.payment) == (kind, payment)


def test_a_shop_payment_that_is_not_ours_is_flagged(home, fake_yookassa):
    """Paid in the same shop some other way: no reference of ours in metadata."""
    stranger = fake_yookassa.add_payment()
    fake_yookassa.succeed(stranger["id"])

    response = notify(Client(), succeeded(stranger["id"]))

    assert (response.status_code, response.content) == (200, b"needs attention")
    issue = PaymentIssue.objects.get()
    assert (issue.kind, issue.payment) == (IssueKind.UNKNOWN_REFERENCE, None)


def test_a_cancelled_payment_fails_with_the_reason_in_russian(
    client, started, fake_yookassa
):
    payment, yookassa_id = started
    fake_yookassa.cancel(yookassa_id, reason="insufficient_funds")

    response = notify(
        Client(), notification_body("payment.canceled", yookassa_id, status="canceled")
    )

    assert (response.status_code, response.content) == (200, b"failed")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    client.force_login(payment.user)
    page = client.get(reverse("payments:detail", args=[payment.reference]))
    assert "Недостаточно средств" in page.content.decode()


def test_a_payment_not_confirmed_in_time_expires_with_its_reason(
    client, started, fake_yookassa
):
    payment, yookassa_id = started
    fake_yookassa.cancel(
        yookassa_id, reason="expired_on_confirmation", party="yoo_money"
    )

    notify(
        Client(), notification_body("payment.canceled", yookassa_id, status="canceled")
    )

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.EXPIRED
    assert payment.status_reason.startswith("Время на оплату истекло")


def test_a_cancel_notice_for_a_paid_payment_changes_nothing(started, fake_yookassa):
    payment, yookassa_id = started
    fake_yookassa.succeed(yookassa_id)
    notify(Client(), succeeded(yookassa_id))

    notify(
        Client(), notification_body("payment.canceled", yookassa_id, status="canceled")
    )

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED
    assert PaymentIssue.objects.get().kind == IssueKind.STATUS_MISMATCH


@pytest.mark.parametrize("failure", [500, 503, 429])
def test_with_the_api_failing_the_answer_is_5xx_and_the_retry_confirms(
    started, fake_yookassa, failure
):
    payment, yookassa_id = started
    fake_yookassa.succeed(yookassa_id)
    fake_yookassa.fail_with = failure

    response = notify(Client(), succeeded(yookassa_id))

    assert response.status_code == 503
    assert not ProviderEvent.objects.exists()
    fake_yookassa.fail_with = None
    assert notify(Client(), succeeded(yookassa_id)).content == b"confirmed"


def test_with_the_api_unreachable_the_answer_is_5xx(started, fake_yookassa, settings):
    import socket

    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    settings.YOOKASSA_API_BASE = f"http://127.0.0.1:{port}/v3"
    payment, yookassa_id = started

    response = notify(Client(), succeeded(yookassa_id))

    assert response.status_code == 503
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PROCESSING


def test_with_wrong_keys_the_answer_is_5xx_so_yookassa_retries(
    started, fake_yookassa, settings
):
    settings.YOOKASSA_SECRET_KEY = "wrong"
    payment, yookassa_id = started
    assert notify(Client(), succeeded(yookassa_id)).status_code == 503


# --- Bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "[1, 2]",
        '"notification"',
        b"\xff\xfe\x00",
        {"type": "notification", "event": "payment.succeeded"},
        {"type": "notification", "event": "payment.succeeded", "object": {"id": 7}},
        {"type": "something", "event": "payment.succeeded", "object": {"id": "a"}},
        notification_body("payment.succeeded", "../refunds/x"),
        notification_body("payment.succeeded", "a" * 65),
        notification_body("payment.succeeded", "id with spaces"),
        {"type": "notification", "event": ["x"], "object": {"id": "abc"}},
    ],
)
def test_malformed_notifications_get_400_and_reach_no_api(home, fake_yookassa, body):
    response = notify(Client(), body)
    assert response.status_code == 400
    assert fake_yookassa.requests == []
    assert not ProviderEvent.objects.exists()


def test_a_payment_id_unknown_to_yookassa_gets_400(home, fake_yookassa):
    response = notify(Client(), succeeded("2d7f3c53-000f-5000-9000-1b5f0a2d5b4c"))
    assert response.status_code == 400
    assert len(fake_yookassa.fetches()) == 1
    assert not ProviderEvent.objects.exists()


@pytest.mark.parametrize("event", ["deal.closed", "payout.succeeded", "x.unknown"])
def test_events_we_do_not_handle_are_stored_and_answered_200(
    started, fake_yookassa, event
):
    payment, yookassa_id = started
    response = notify(Client(), notification_body(event, yookassa_id))
    assert (response.status_code, response.content) == (200, b"ignored")
    assert fake_yookassa.fetches() == []
    assert ProviderEvent.objects.get().event_type == event
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PROCESSING


def test_a_huge_body_gets_413(started, fake_yookassa):
    payment, yookassa_id = started
    body = succeeded(yookassa_id)
    body["object"]["description"] = "x" * 300_000
    assert notify(Client(), body).status_code == 413
    assert fake_yookassa.fetches() == []


def test_only_post_is_accepted(home, fake_yookassa):
    url = reverse("payments:yookassa_notification")
    assert Client().get(url, REMOTE_ADDR=YOOKASSA_IP).status_code == 405


def test_without_yookassa_keys_the_endpoint_does_not_exist(home, settings):
    settings.YOOKASSA_SHOP_ID = None
    response = notify(Client(), succeeded("2d7f3c53-000f-5000-9000-1b5f0a2d5b4c"))
    assert response.status_code == 404


def test_an_overlong_id_of_an_unhandled_event_gets_400(home, fake_yookassa):
    response = notify(Client(), notification_body("deal.closed", "a" * 300))
    assert response.status_code == 400
    assert not ProviderEvent.objects.exists()


def test_the_api_client_never_puts_a_foreign_id_into_a_url(home, fake_yookassa):
    from payments.gateways import yookassa_api

    for bad in ("../refunds", "a/b", "", "x" * 65, None):
        with pytest.raises(yookassa_api.ObjectNotFound):
            yookassa_api.fetch_payment(bad)
    assert fake_yookassa.requests == []


def test_an_ipv4_address_written_as_ipv6_is_recognised(started, fake_yookassa):
    payment, yookassa_id = started
    fake_yookassa.succeed(yookassa_id)
    response = notify(Client(), succeeded(yookassa_id), ip=f"::ffff:{YOOKASSA_IP}")
    assert response.status_code == 200
