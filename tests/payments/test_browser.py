"""In Chromium: "Оплатить онлайн" reaches the (fake) Stripe Checkout page through
the site's CSP; the return page waits for the webhook and updates itself; the
payment page and the review queue at desktop and phone width.

BROWSER_SCREENSHOTS=<dir> keeps a picture of every screen checked.
"""

import datetime
import os
import re
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from playwright.sync_api import expect

from payments.gateways.stripe import StripeGateway
from tests.browser import assert_no_sideways_scroll, open_phone
from tests.factories import make_home
from tests.members.factories import PASSWORD, make_member
from tests.payments.conftest import post_event, session_event
from tests.payments.factories import (
    bank_settings,
    make_payment,
    make_reviewer,
    png_bytes,
    submit_receipt,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.click("form.form--entrance button[type=submit]")
    page.wait_for_url(re.compile(r".*/cabinet/$"))


def shoot(page, name):
    if shots := os.environ.get("BROWSER_SCREENSHOTS"):
        page.screenshot(path=os.path.join(shots, f"{name}.png"), full_page=True)


@pytest.fixture
def member_payment(fake_stripe):
    make_home()
    bank_settings()
    member = make_member(email="pay.doctor@example.org")
    return make_payment(member)


def test_pay_online_reaches_checkout_and_the_webhook_updates_the_page(
    live_server, page, member_payment, fake_stripe
):
    base = live_server.url
    csp_errors = []
    page.on(
        "console",
        lambda m: (
            csp_errors.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    log_in(page, base, "pay.doctor@example.org")
    page.goto(f"{base}/payments/{member_payment.reference}/")
    expect(page.locator(".payment-amount")).to_have_text("1\u202f500,00\u00a0₽")
    shoot(page, "payment-page-desktop")

    page.get_by_role("button", name="Оплатить онлайн").click()
    page.wait_for_url(f"{fake_stripe.url}/c/pay/**")
    expect(page.locator("h1")).to_have_text("Fake Stripe Checkout")
    assert csp_errors == []

    # Back on the site from Checkout: the page waits for Stripe's webhook …
    member_payment.refresh_from_db()
    page.goto(f"{base}/payments/{member_payment.reference}/?checkout=return")
    expect(page.locator("[data-status-text]")).to_have_text(
        "Ожидаем подтверждение платежа."
    )
    shoot(page, "payment-waiting-desktop")
    # … which arrives; the page notices by itself (static script, no inline JS).
    response = post_event(Client(), session_event(member_payment))
    assert response.status_code == 200
    expect(page.locator("[data-status-text]")).to_have_text("Оплачено", timeout=15000)
    shoot(page, "payment-confirmed-desktop")
    assert csp_errors == []


def test_control_without_the_widened_form_action_chromium_blocks_checkout(
    live_server, page, member_payment, fake_stripe, monkeypatch
):
    """The site's own `form-action 'self'` stops the redirect to Checkout: this is
    why the payment page (and only it) allows the Checkout origin."""
    monkeypatch.setattr(StripeGateway, "form_action_origins", lambda self: [])
    base = live_server.url
    log_in(page, base, "pay.doctor@example.org")
    page.goto(f"{base}/payments/{member_payment.reference}/")
    with page.expect_event(
        "console",
        predicate=lambda m: (
            "Content Security Policy" in m.text and "form-action" in m.text
        ),
    ):
        page.get_by_role("button", name="Оплатить онлайн").click()
    assert [r for r in fake_stripe.requests if r.path.startswith("/c/pay/")] == []
    assert fake_stripe.checkout_requests()  # the session was created, not reached


def test_payment_page_on_a_phone(live_server, browser, member_payment, stripe_off):
    context, page = open_phone(browser, live_server.url)
    try:
        log_in(page, live_server.url, "pay.doctor@example.org")
        page.goto(f"{live_server.url}/payments/{member_payment.reference}/")
        expect(page.locator(".purpose__text")).to_contain_text("личный код")
        assert page.locator(".transfer__qr svg.qr").bounding_box()["width"] > 150
        assert_no_sideways_scroll(page, "payment page phone")
        page.set_input_files(
            "#id_file",
            files=[
                {
                    "name": "чек.png",
                    "mimeType": "image/png",
                    "buffer": png_bytes(),
                }
            ],
        )
        page.get_by_role("button", name="Отправить квитанцию").click()
        expect(page.locator("[data-status-text]")).to_contain_text(
            "Квитанция на проверке, ответим до"
        )
        assert_no_sideways_scroll(page, "payment under review phone")
    finally:
        context.close()


def test_review_queue_desktop_and_phone(live_server, browser, page, stripe_off):
    make_home()
    bank_settings()
    reviewer = make_reviewer(
        email="buh@example.org", first_name="Анна", last_name="Счетова"
    )
    EmailAddress.objects.create(
        user=reviewer, email=reviewer.email, verified=True, primary=True
    )
    with mock.patch(
        "payments.receipts.local_today", return_value=datetime.date(2025, 4, 25)
    ):
        submit_receipt(make_payment(make_member(last_name="Иванов")))
    for name in ("Петрова", "Сидоров"):
        submit_receipt(make_payment(make_member(last_name=name)))
    log_in(page, live_server.url, "buh@example.org")
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator(".payments-summary")).to_contain_text("1 квитанция просрочена")
    shoot(page, "admin-dashboard-desktop")
    page.goto(f"{live_server.url}/admin/payments/receipts/")
    expect(page.locator("table.payments-queue tbody tr")).to_have_count(3)
    expect(page.locator("tr.payments-overdue")).to_have_count(1)
    shoot(page, "review-queue-desktop")
    page.locator("table.payments-queue a").first.click()
    expect(page.locator(".payments-review__image")).to_be_visible()
    shoot(page, "review-detail-desktop")
    page.get_by_role("button", name="Подтвердить оплату").click()
    expect(page.locator("table.payments-queue tbody tr")).to_have_count(2)

    context, phone = open_phone(browser, live_server.url)
    try:
        log_in(phone, live_server.url, "buh@example.org")
        phone.goto(f"{live_server.url}/admin/payments/receipts/")
        expect(phone.locator("table.payments-queue tbody tr")).to_have_count(2)
        shoot(phone, "review-queue-phone")
    finally:
        context.close()
