"""Staff in a real browser: a failed e-mail in Settings → Outgoing e-mail is sent
again, and the decision shows in the site history in Russian."""

import os
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core import mail as django_mail
from django.db import transaction

from core.mail import send_mail
from core.models import OutgoingMail
from tests.factories import UserFactory, make_home

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Staff-pass-2026!"


def shot(page, name):
    if folder := os.environ.get("BROWSER_SCREENSHOTS"):
        page.screenshot(path=os.path.join(folder, f"core-{name}.png"), full_page=True)


def test_staff_send_a_failed_mail_again(live_server, page):
    make_home()
    staff = UserFactory(
        email="staff@example.org", is_staff=True, is_superuser=True, password=PASSWORD
    )
    # The admin login refuses addresses that were never confirmed.
    EmailAddress.objects.create(
        user=staff, email=staff.email, primary=True, verified=True
    )
    # The task runs when the transaction commits (immediate backend): SMTP is down.
    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send",
            side_effect=ConnectionRefusedError("smtp down"),
        ),
        transaction.atomic(),
    ):
        stored = send_mail(
            to="doctor@example.org",
            template_prefix="account/email/unknown_account",
            context={"email": "doctor@example.org", "signup_url": "https://x/s/"},
        )
    django_mail.outbox.clear()
    base = live_server.url

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "staff@example.org")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{base}/admin/outgoing-mail/")
    listing = page.locator("table.listing").inner_text()
    assert "doctor@example.org" in listing and "Не отправлено" in listing
    shot(page, "outgoing-mail-index")

    page.click("table.listing a:has-text('восстановление пароля')")
    page.wait_for_url("**/outgoing-mail/inspect/**")
    shot(page, "outgoing-mail-inspect")
    assert "ConnectionRefusedError: smtp down" in page.locator("main").inner_text()
    page.click("text=Отправить снова")
    shot(page, "outgoing-mail-confirm")
    page.click("button:has-text('Да, выполнить')")
    # Wait for the page the confirmation leads to, then read its message.
    page.get_by_text("снова поставлено в очередь").wait_for()
    stored.refresh_from_db()
    assert stored.status == OutgoingMail.Status.SENT
    assert [m.to for m in django_mail.outbox] == [["doctor@example.org"]]

    page.goto(f"{base}/admin/reports/site-history/")
    assert "Письмо отправлено повторно" in page.locator("table.listing").inner_text()
    shot(page, "site-history")


def test_every_rich_text_editor_is_named_by_its_label(live_server, page):
    from tests.factories import make_guide, make_guide_index

    home = make_home()
    guide = make_guide(make_guide_index(home))
    staff = UserFactory(
        email="editor@example.org", is_staff=True, is_superuser=True, password=PASSWORD
    )
    EmailAddress.objects.create(
        user=staff, email=staff.email, primary=True, verified=True
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor@example.org")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/admin/pages/{guide.pk}/edit/")
    editors = page.locator("[contenteditable=true]")
    editors.first.wait_for()
    names = [
        editor.evaluate(
            "e => (document.getElementById(e.getAttribute('aria-labelledby')) || {})"
            ".innerText"
        )
        for editor in editors.all()
    ]
    assert len(names) >= 2
    assert all(name and name.strip() for name in names), names
    # A step's body is announced as its field, «Текст».
    assert page.get_by_role("textbox", name="Текст").count() >= 1
