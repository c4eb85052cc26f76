"""In Chromium: a non-member sees the teaser and the invitation; the same person,
once staff confirm the dues receipt, reads the material and downloads the PDF
stamped with their code.

BROWSER_SCREENSHOTS=<dir> keeps a picture of every screen checked.
"""

import io
import os

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from core.time import local_today
from tests.factories import make_home
from tests.materials.factories import (
    SECRET,
    approved,
    make_area,
    make_document,
    make_material,
)
from tests.members.factories import code_of
from tests.membership.factories import receipt_under_review, year
from tests.membership.test_browser import signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def shoot(page, name):
    if shots := os.environ.get("BROWSER_SCREENSHOTS"):
        page.screenshot(path=os.path.join(shots, f"{name}.png"), full_page=True)


def test_invitation_then_reading_and_the_stamped_pdf(live_server, browser):
    from payments.receipts import receipt_confirm
    from tests.payments.factories import make_reviewer

    home = make_home()
    material = make_material(make_area(home), document=make_document())
    person = approved("reader@example.org")
    payment = receipt_under_review(person, year(local_today().year))

    context = signed_in(browser, live_server.url, person)
    page = context.new_page()
    page.goto(live_server.url + material.url)
    expect(page.locator("h1")).to_have_text("Клинические рекомендации")
    expect(page.get_by_text("Краткое описание для всех")).to_be_visible()
    expect(page.locator('[data-marker="members-only"]')).to_be_visible()
    expect(page.get_by_role("link", name="Моё членство")).to_be_visible()
    assert SECRET not in page.content()
    shoot(page, "materials-invitation")

    receipt_confirm(payment=payment, by=make_reviewer(email="buh@example.org"))

    page.reload()
    expect(page.get_by_text(SECRET)).to_be_visible()
    shoot(page, "materials-material")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Протокол").click()
    download = download_info.value
    assert download.suggested_filename == "Протокол.pdf"
    with open(download.path(), "rb") as handle:
        text = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    code = code_of(person).code
    assert f"{code[:4]}-{code[4:]}" in text
    assert "Original society text 1" in text
    context.close()
