"""In Chromium: an approved member opens «Членство и взносы», pays the dues, chooses
YooKassa among the providers, lands on the (fake) YooKassa confirmation page, pays
by СБП, comes back, and once YooKassa's notification has arrived sees the payment
confirmed and «член общества до …» in the cabinet.

BROWSER_SCREENSHOTS=<dir> keeps a picture of every screen checked.
"""

import os
import re

import pytest
from django.core.cache import cache
from django.test import Client
from playwright.sync_api import expect

from core.time import format_date
from membership.services import application_approve
from payments.models import Payment, PaymentStatus
from tests.browser import assert_no_sideways_scroll, open_phone
from tests.factories import make_home
from tests.members.factories import PASSWORD, make_member
from tests.membership.factories import make_application, make_board_member
from tests.payments.factories import bank_settings
from tests.payments.yookassa_fixtures import notification_body, notify

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

YOOKASSA_BUTTON = "Оплатить онлайн: Картой или через СБП (ЮKassa)"
STRIPE_BUTTON = "Оплатить онлайн: Картой (Stripe)"


def shoot(page, name):
    if shots := os.environ.get("BROWSER_SCREENSHOTS"):
        page.screenshot(path=os.path.join(shots, f"{name}.png"), full_page=True)


def log_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.click("form.form--entrance button[type=submit]")
    page.wait_for_url(re.compile(r".*/cabinet/$"))


@pytest.fixture
def approved_member(fake_yookassa, fake_stripe):
    make_home()
    bank_settings()
    member = make_member(email="sbp.doctor@example.org")
    application_approve(application=make_application(member), actor=make_board_member())
    return member


def test_paying_through_yookassa_makes_a_member(
    live_server, page, approved_member, fake_yookassa
):
    base = live_server.url
    csp_errors = []
    page.on(
        "console",
        lambda m: (
            csp_errors.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    log_in(page, base, approved_member.email)
    page.goto(f"{base}/cabinet/membership/")
    page.get_by_role("button", name="Оплатить взнос").click()
    page.wait_for_url(re.compile(r".*/payments/[0-9a-f-]{36}/$"))
    payment = Payment.objects.get(user=approved_member)
    expect(page.get_by_role("button", name=YOOKASSA_BUTTON)).to_be_visible()
    expect(page.get_by_role("button", name=STRIPE_BUTTON)).to_be_visible()
    shoot(page, "yookassa-choose-provider")

    page.get_by_role("button", name=YOOKASSA_BUTTON).click()
    page.wait_for_url(f"{fake_yookassa.url}/checkout/**")
    expect(page.locator("h1")).to_have_text("Fake YooKassa: оплата")
    assert csp_errors == []
    # Only the notification may confirm here: the return page's own question to
    # YooKassa (tested elsewhere) is held back for this payment.
    cache.set(f"payments:refresh:{payment.pk}", 1, 600)

    page.get_by_role("button", name="Оплатить через СБП").click()
    page.wait_for_url(re.compile(r".*\?checkout=return$"))
    expect(page.locator("[data-status-text]")).to_have_text(
        "Ожидаем подтверждение платежа."
    )
    shoot(page, "yookassa-waiting")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PROCESSING

    response = notify(
        Client(), notification_body("payment.succeeded", payment.provider_session_id)
    )
    assert response.content == b"confirmed"
    expect(page.locator("[data-status-text]")).to_have_text("Оплачено", timeout=15000)
    shoot(page, "yookassa-confirmed")

    page.goto(f"{base}/cabinet/membership/")
    payment.refresh_from_db()
    expect(page.locator("main")).to_contain_text(
        f"член общества до {format_date(payment.period_end)}"
    )
    shoot(page, "yookassa-member")
    assert csp_errors == []


def test_the_provider_buttons_fit_a_phone(live_server, browser, approved_member):
    from membership.services import dues_payment_start

    payment = dues_payment_start(user=approved_member)
    context, page = open_phone(browser, live_server.url)
    try:
        log_in(page, live_server.url, approved_member.email)
        page.goto(f"{live_server.url}/payments/{payment.reference}/")
        expect(page.get_by_role("button", name=YOOKASSA_BUTTON)).to_be_visible()
        assert_no_sideways_scroll(page, "yookassa buttons phone")
    finally:
        context.close()


def test_staff_refund_a_yookassa_payment_in_the_admin(
    live_server, page, approved_member, fake_yookassa
):
    from django.contrib.auth.models import Permission

    from membership.selectors import is_active_member
    from membership.services import dues_payment_start

    payment = dues_payment_start(user=approved_member)
    member = Client()
    member.force_login(approved_member)
    member.post(f"/payments/{payment.reference}/pay/yookassa/")
    payment.refresh_from_db()
    fake_yookassa.succeed(payment.provider_session_id)
    notify(
        Client(), notification_body("payment.succeeded", payment.provider_session_id)
    )
    assert is_active_member(approved_member)
    staff = make_member(email="buh@example.org", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "refund_payment"])
    )

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", staff.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name=re.compile("Войти|Sign in")).click()
    page.goto(f"{live_server.url}/admin/payments/all/")
    page.get_by_role("link", name=approved_member.get_full_name()).click()
    page.fill("textarea[name=reason]", "Заявление о выходе из общества")
    page.check("input[name=confirm]")
    page.get_by_role("button", name="Вернуть через платёжный сервис").click()
    expect(page.locator(".messages")).to_contain_text("Возврат запрошен")
    shoot(page, "admin-refund-requested")

    refund_id = payment.refunds.get().provider_refund_id
    fake_yookassa.set_refund(refund_id, "succeeded")
    notify(Client(), notification_body("refund.succeeded", refund_id))
    page.reload()
    expect(page.locator("main")).to_contain_text("Деньги возвращены")
    shoot(page, "admin-refunded")
    assert not is_active_member(approved_member)
