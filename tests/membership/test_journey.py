"""The whole road from visitor to member in Chromium, as three people walk it:

the applicant registers, activates the account, applies in the cabinet; a Presidium
member approves in the admin; the approval e-mail's link opens the payment section;
the applicant uploads a photo of the paid receipt; an accountant confirms it in the
admin; the cabinet and the code card say «член общества до …».

BROWSER_SCREENSHOTS=<dir> keeps a picture of every screen on the way.
"""

import os
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from core.time import local_today
from members.models import User
from membership.selectors import is_active_member
from tests.browser import PHONE_WIDTH, assert_no_sideways_scroll
from tests.factories import make_home
from tests.members.factories import PASSWORD, make_consent_page, make_specialty
from tests.membership.factories import make_board_member
from tests.payments.factories import bank_settings, make_reviewer, png_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

APPLICANT = "journey.doctor@example.org"
APPLICANT_PASSWORD = "Uro-journey-2026!"


def shoot(page, name):
    if shots := os.environ.get("BROWSER_SCREENSHOTS"):
        page.screenshot(path=os.path.join(shots, f"journey-{name}.png"), full_page=True)


def link_in(message, pattern):
    return re.search(rf"https?://\S+{pattern}", message.body).group(0)


def admin_log_in(page, base, email):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))


@pytest.fixture
def society(settings):
    settings.STRIPE_SECRET_KEY = None  # the receipt path only
    settings.STRIPE_WEBHOOK_SECRET = None
    home = make_home()
    make_consent_page(home)
    make_specialty()
    bank_settings()
    board = make_board_member(email="board@example.org", last_name="Председателев")
    reviewer = make_reviewer(
        email="buh@example.org", last_name="Счетова", password=PASSWORD
    )
    for staff in (board, reviewer):
        EmailAddress.objects.update_or_create(
            user=staff, email=staff.email, defaults={"verified": True, "primary": True}
        )
    return board, reviewer


def test_from_registration_to_member_in_the_browser(live_server, browser, society):
    base = live_server.url
    mail.outbox.clear()
    # --- the applicant, on a phone ------------------------------------------------------
    phone = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 844}, is_mobile=True
    )
    page = phone.new_page()
    page.goto(f"{base}/accounts/signup/")
    page.fill("#id_email", APPLICANT)
    page.fill("#id_password1", APPLICANT_PASSWORD)
    page.fill("#id_password2", APPLICANT_PASSWORD)
    page.fill("#id_last_name", "Путникова")
    page.fill("#id_first_name", "Вера")
    page.fill("#id_patronymic", "Андреевна")
    page.fill("#id_phone", "+7 912 345-67-89")
    page.fill("#id_city", "Пермь")
    page.select_option("#id_specialty", label="Урология")
    page.fill("#id_workplace", "Краевая больница")
    page.check("#id_consent")
    page.click("form.form--signup button[type=submit]")
    page.wait_for_url("**/accounts/confirm-email/")
    page.goto(link_in(mail.outbox[-1], "/accounts/confirm-email/\\S+/"))
    page.click("button:has-text('Активировать аккаунт')")
    page.wait_for_url("**/accounts/login/")
    page.fill("#id_login", APPLICANT)
    page.fill("#id_password", APPLICANT_PASSWORD)
    page.click("form.form--entrance button[type=submit]")
    page.wait_for_url(re.compile(r".*/cabinet/$"))
    page.goto(f"{base}/cabinet/membership/")
    page.click("text=Подать заявку на вступление")
    page.check("#id_confirm")
    page.click("form.form button[type=submit]")
    expect(page.locator("[data-state=waiting]")).to_be_visible()
    assert_no_sideways_scroll(page, "journey: waiting for the Presidium")
    shoot(page, "1-waiting-phone")

    # --- a Presidium member approves it in the admin --------------------------------------
    board_context = browser.new_context(viewport={"width": 1280, "height": 900})
    board_page = board_context.new_page()
    admin_log_in(board_page, base, "board@example.org")
    board_page.goto(f"{base}/admin/membership/applications/")
    board_page.click("text=Путникова Вера Андреевна")
    shoot(board_page, "2-application-desktop")
    mail.outbox.clear()
    board_page.click("button:has-text('Одобрить')")
    expect(board_page.locator(".messages")).to_contain_text("одобрена")
    board_context.close()

    # --- the e-mail's link opens the payment section; a receipt is uploaded ------------
    (approval,) = [m for m in mail.outbox if APPLICANT in m.to]
    link = link_in(approval, "/cabinet/membership/")
    # Mail links are built on the Site's own host name; the test server has another.
    page.goto(base + re.sub(r"^https?://[^/]+", "", link))
    expect(page.locator("[data-state=pay]")).to_be_visible()
    page.click("button:has-text('Оплатить взнос')")
    page.wait_for_url(re.compile(r".*/payments/[^/]+/$"))
    expect(page.locator(".purpose__text")).to_contain_text("Путникова")
    page.set_input_files(
        "#id_file",
        files=[
            {"name": "квитанция.png", "mimeType": "image/png", "buffer": png_bytes()}
        ],
    )
    page.get_by_role("button", name="Отправить квитанцию").click()
    expect(page.locator("[data-status-text]")).to_contain_text(
        "Квитанция на проверке, ответим до"
    )
    assert_no_sideways_scroll(page, "journey: receipt under review")
    shoot(page, "3-receipt-under-review-phone")

    # --- the accountant confirms it ---------------------------------------------------
    staff_context = browser.new_context(viewport={"width": 1280, "height": 900})
    staff_page = staff_context.new_page()
    admin_log_in(staff_page, base, "buh@example.org")
    staff_page.goto(f"{base}/admin/payments/receipts/")
    staff_page.locator("table.payments-queue a", has_text="Путникова").click()
    expect(staff_page.locator(".payments-review__image")).to_be_visible()
    shoot(staff_page, "4-receipt-review-desktop")
    staff_page.get_by_role("button", name="Подтвердить оплату").click()
    expect(staff_page.locator("table.payments-queue tbody tr")).to_have_count(0)
    staff_context.close()

    # --- the cabinet and the code card say so ------------------------------------------
    member = User.objects.get(email=APPLICANT)
    assert is_active_member(member)
    until = f"31.12.{local_today().year + (1 if local_today().month == 12 else 0)}"
    page.goto(f"{base}/cabinet/membership/")
    expect(page.locator("main")).to_contain_text(f"член общества до {until}")
    shoot(page, "5-member-phone")
    page.goto(f"{base}/cabinet/code/")
    expect(page.locator("[data-member-status]")).to_contain_text(
        f"член общества до {until}", ignore_case=True
    )
    page.goto(f"{base}/cabinet/code/print/")
    expect(page.locator(".member-card [data-member-status]")).to_contain_text(
        f"член общества до {until}", ignore_case=True
    )
    assert any("Квитанция" in m.subject or "квитанц" in m.body for m in mail.outbox)
    phone.close()
