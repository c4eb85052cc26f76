"""The whole joining flow in a real browser: register, activate, code, cabinet, card."""

import re

import pytest
from django.core import mail

from members.models import PersonalCode
from tests.factories import make_home
from tests.members.factories import make_consent_page, make_specialty

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Uro-logy-2025!x"


def test_register_activate_get_code_log_in_and_print(live_server, page):
    home = make_home()
    make_consent_page(home)
    make_specialty()
    mail.outbox.clear()
    base = live_server.url
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{base}/accounts/signup/")
    assert page.locator("h1").inner_text() == "Регистрация"
    page.fill("#id_email", "flow.doctor@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_last_name", "Соколова")
    page.fill("#id_first_name", "Мария")
    page.fill("#id_patronymic", "Игоревна")
    page.fill("#id_phone", "8 912 345-67-89")
    page.fill("#id_city", "Пермь")
    page.select_option("#id_specialty", label="Урология")
    page.fill("#id_workplace", "Краевая больница")
    # Submitting without consent: refused, and every typed value is kept.
    page.click("form.form--signup button[type=submit]")
    assert "согласие на обработку персональных данных" in page.content()
    assert page.input_value("#id_last_name") == "Соколова"
    assert page.input_value("#id_phone") == "8 912 345-67-89"
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_consent")
    page.click("form.form--signup button[type=submit]")
    page.wait_for_url("**/accounts/confirm-email/")
    assert "Проверьте почту" in page.content()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    page.goto(link.group(0))
    page.click("button:has-text('Активировать аккаунт')")
    page.wait_for_url("**/accounts/login/")

    assert len(mail.outbox) == 2
    code = PersonalCode.objects.get(user__email="flow.doctor@example.org")
    assert code.display in mail.outbox[1].body
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code.display)

    page.fill("#id_login", "flow.doctor@example.org")
    page.fill("#id_password", PASSWORD)
    page.click("form.form--entrance button[type=submit]")
    page.wait_for_url("**/cabinet/")
    page.click(".cabinet__menu >> text=Персональный код")
    page.wait_for_url("**/cabinet/code/")
    assert page.locator("[data-code]").inner_text() == code.display
    qr = page.locator(".code-card__qr svg.qr")
    assert qr.count() == 1 and qr.bounding_box()["width"] > 100

    page.click("text=Карточка для печати")
    page.wait_for_url("**/cabinet/code/print/")
    card = page.locator(".member-card")
    assert "Соколова" in card.inner_text() and "Мария Игоревна" in card.inner_text()
    assert code.display in card.inner_text()
    assert "Общество урологов" in card.inner_text()
    assert card.locator("svg.qr").count() == 1
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_the_people_list_fits_a_1280px_screen_with_names_whole(live_server, page):
    from django.test import Client

    from tests.members.factories import make_member

    make_home()
    staff = make_member(
        email="staff.people@example.org", is_staff=True, is_superuser=True
    )
    for index in range(3):
        make_member(
            email=f"konstantin.konstantinopolsky{index}@example.org",
            last_name="Константинопольский",
            first_name="Константин",
            patronymic="Константинович",
            phone="+79001112233",
        )
    client = Client()
    client.force_login(staff)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/people/")
    right = page.evaluate(
        "document.querySelector('table').getBoundingClientRect().right"
    )
    assert right <= 1280
    # The name wraps between words only; the phone stays on one line.
    line_count = """e => {
        const range = document.createRange(); range.selectNodeContents(e);
        return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    }"""
    name = page.locator("td.admin-person-name a").first
    assert name.evaluate(line_count) <= len(name.inner_text().split())
    phone = page.locator("td", has_text="+7 (900) 111-22-33").first
    assert phone.evaluate(line_count) == 1
