"""In a real browser: a new consent version at login, and «Мои данные» on a phone."""

import pytest

from members.models import Consent, ConsentPage
from members.services import consent_record
from tests.browser import assert_no_sideways_scroll
from tests.factories import make_home
from tests.members.factories import PASSWORD, make_consent_page, make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _member(email):
    home = make_home()
    page = make_consent_page(home)
    user = make_member(email=email, last_name="Соколова", first_name="Мария")
    user.set_password(PASSWORD)
    user.save()
    consent_record(user=user, page=page)
    return user, page


def _log_in(page, base, email, next_url="/cabinet/"):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("#id_password").press("Enter")


def test_a_new_consent_version_is_accepted_at_the_next_login(live_server, page):
    user, consent_page = _member("consent@example.org")
    consent_page = ConsentPage.objects.get(pk=consent_page.pk)
    consent_page.version = "2026-01"
    consent_page.body = "<p>Редакция 2026 года: добавлены сроки хранения.</p>"
    consent_page.save_revision().publish()

    _log_in(page, live_server.url, "consent@example.org")
    page.wait_for_url("**/cabinet/my-data/consent/")
    assert "Редакция 2026 года" in page.content()
    # Anything else leads back here until the new text is accepted.
    page.goto(f"{live_server.url}/cabinet/")
    page.wait_for_url("**/cabinet/my-data/consent/")
    # Submitting without the tick: a clear error, nothing recorded.
    page.click("form.form button[type=submit]")
    assert "Отметьте флажок" in page.content()
    page.check("#id_accept")
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/cabinet/")
    assert "Спасибо: согласие записано." in page.content()
    latest = Consent.objects.filter(user=user).order_by("-pk").first()
    assert latest.version.startswith("2026-01")


def test_my_data_reads_on_a_desktop_and_a_phone(live_server, browser, phone):
    _member("mydata@example.org")
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    wide = desktop.new_page()
    _log_in(wide, live_server.url, "mydata@example.org", "/cabinet/my-data/")
    wide.wait_for_url("**/cabinet/my-data/")
    assert wide.locator("h1").inner_text() == "Мои данные"
    assert_no_sideways_scroll(wide, "my data desktop", width=1280)
    desktop.close()

    small = phone()
    _log_in(small, live_server.url, "mydata@example.org", "/cabinet/my-data/")
    small.wait_for_url("**/cabinet/my-data/")
    assert "Соколова" in small.content()
    assert_no_sideways_scroll(small, "my data phone")
