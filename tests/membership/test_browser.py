"""In Chromium: the cabinet section in every state at desktop and phone width, the
application form, and the Presidium's queue with a bulk approval.

BROWSER_SCREENSHOTS=<dir> keeps a picture of every screen checked.
"""

import os
import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.browser import PHONE_WIDTH, assert_no_sideways_scroll
from tests.factories import make_home
from tests.membership.factories import (
    make_applicant,
    make_application,
    make_board_member,
)
from tests.membership.states import STATES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DESKTOP = {"width": 1280, "height": 900}


def shoot(page, name):
    if shots := os.environ.get("BROWSER_SCREENSHOTS"):
        page.screenshot(path=os.path.join(shots, f"{name}.png"), full_page=True)


def signed_in(browser, base, user, *, phone=False):
    """A browser context logged in as `user` (the session made by Django's client)."""
    client = Client()
    client.force_login(user)
    viewport = {"width": PHONE_WIDTH, "height": 844} if phone else DESKTOP
    context = browser.new_context(viewport=viewport, is_mobile=phone)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": base,
            }
        ]
    )
    return context


@pytest.fixture
def board(db):
    make_home()
    return make_board_member(email="board@example.org", last_name="Председателев")


def test_cabinet_section_in_every_state(live_server, browser, board):
    base = live_server.url
    # "waiting" raises the votes needed to two: build it last.
    order = sorted(STATES, key=lambda state: state == "waiting")
    people = {state: STATES[state](board) for state in order}
    for state, person in people.items():
        for phone in (False, True):
            context = signed_in(browser, base, person, phone=phone)
            page = context.new_page()
            page.goto(f"{base}/cabinet/membership/")
            shown = "apply" if state == "rejected" else state
            expect(page.locator(f"[data-state={shown}]")).to_be_visible()
            expect(page.locator("h1")).to_have_text("Членство и взносы")
            current = page.locator(".join-steps [aria-current=step]")
            assert current.count() <= 1
            name = f"membership-{state}-{'phone' if phone else 'desktop'}"
            if phone:
                assert_no_sideways_scroll(page, name)
            else:
                shoot(page, name)
            context.close()


def test_apply_in_the_browser(live_server, browser, board):
    base = live_server.url
    person = make_applicant(email="browser.applicant@example.org")
    context = signed_in(browser, base, person, phone=True)
    page = context.new_page()
    page.goto(f"{base}/cabinet/membership/")
    page.click("text=Подать заявку на вступление")
    page.wait_for_url(re.compile(r".*/cabinet/membership/apply/$"))
    page.click("form.form button[type=submit]")  # without the confirmation
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert_no_sideways_scroll(page, "membership-apply-error-phone")
    page.check("#id_confirm")
    page.fill("#id_comment", "Работаю урологом с 2015 года")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r".*/cabinet/membership/$"))
    expect(page.locator("[data-state=waiting]")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("Заявка отправлена в Президиум")
    assert_no_sideways_scroll(page, "membership-after-apply-phone")
    context.close()


def test_presidium_queue_and_bulk_approval(live_server, browser, board):
    base = live_server.url
    people = [
        make_applicant(email=f"queue{i}@example.org", last_name=name)
        for i, name in enumerate(["Алексеев", "Борисова", "Васильев"])
    ]
    for person in people:
        make_application(person, comment="Прошу принять")
    context = signed_in(browser, base, board)
    page = context.new_page()
    page.goto(f"{base}/admin/membership/applications/")
    expect(page.locator("text=Алексеев Иван Иванович")).to_be_visible()
    shoot(page, "presidium-queue-desktop")
    page.goto(f"{base}/admin/")
    expect(page.locator("text=3 заявки ждут решения Президиума.")).to_be_visible()
    shoot(page, "presidium-dashboard-desktop")
    page.goto(f"{base}/admin/membership/applications/")
    for person in people[:2]:
        page.locator(f"tr:has-text('{person.last_name}') input[type=checkbox]").check()
    page.click("[data-bulk-action-button]:has-text('Одобрить')")
    page.wait_for_url(re.compile(r".*/admin/bulk/membership/application/approve/.*"))
    expect(page.locator("[data-bulk-item]")).to_have_count(2)
    shoot(page, "presidium-bulk-confirm-desktop")
    page.click("button:has-text('Да, одобрить')")
    page.wait_for_url(re.compile(r".*/admin/membership/applications/.*"))
    expect(page.locator(".messages")).to_contain_text(
        "Алексеев Иван Иванович: одобрена"
    )
    shoot(page, "presidium-bulk-result-desktop")
    third = people[2].membership_applications.get()
    page.goto(f"{base}/admin/membership/applications/inspect/{third.pk}/")
    expect(page.locator("text=Ещё никто не голосовал.")).to_be_visible()
    shoot(page, "presidium-inspect-desktop")
    page.click("text=Отклонить…")
    page.fill("#id_reason", "Нет подтверждения специальности")
    shoot(page, "presidium-reject-desktop")
    page.click("button:has-text('Отклонить')")
    expect(page.locator(".messages")).to_contain_text("отклонена")
    context.close()
    phone = signed_in(browser, base, board, phone=True)
    page = phone.new_page()
    page.goto(f"{base}/admin/membership/applications/")
    shoot(page, "presidium-queue-phone")
    phone.close()
