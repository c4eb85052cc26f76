"""The PDFs (read back with pypdf: the Cyrillic text is really there), the cards'
QR codes and the public verification page."""

import io
import random

import pytest
import segno
from pypdf import PdfReader

from credits import codes
from credits.pdf import fastqr
from credits.pdf.common import short_entry_url
from credits.pdf.sheet import code_sheet_pdf
from tests.credits.factories import credited_event, give_credits, make_codes
from tests.members.factories import make_member

pytestmark = pytest.mark.django_db


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


@pytest.fixture
def event(home):
    return credited_event(home, title="Конгресс «Урология сегодня»", credits=6)


def test_fast_qr_matches_segno_module_for_module():
    rng = random.Random(7)
    hosts = ["HTTPS://EXAMPLE.ORG", "HTTP://127.0.0.1:8000", "HTTPS://UROLOGY.RU/SITE"]
    seen_versions = set()
    for number in range(300):
        host = hosts[number % 3] + "/X" * rng.randint(0, 65)
        text = f"{host}/C/{codes.display(codes.generate())}"
        matrix = fastqr.matrix(text)
        if matrix is None:  # longer than version 6 holds
            assert len(text) > 154
            continue
        version = (len(matrix) - 17) // 4
        seen_versions.add(version)
        reference = segno.make_qr(
            text, error="m", version=version, mask=fastqr.MASK, boost_error=False
        )
        assert [list(row) for row in reference.matrix] == matrix, text
    assert seen_versions >= {2, 3, 4, 5, 6}


def test_fast_qr_leaves_what_it_cannot_encode_to_segno():
    assert fastqr.matrix("https://lower.case/") is None
    assert fastqr.matrix("A" * 200) is None


def test_card_qr_opens_the_short_entry_url_in_compact_form(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://ooorou.ru"
    assert short_entry_url("K7MD9-QX4TR") == "HTTPS://OOOROU.RU/C/K7MD9QX4TR/"
    assert fastqr.matrix(short_entry_url("K7MD9-QX4TR")) is not None


def test_code_sheet_has_the_event_the_codes_and_where_to_enter_them(event):
    batch = make_codes(event, 12, label="день 2")[0].batch
    text, pages = pdf_text(code_sheet_pdf(batch=batch, issuer="Общество урологов"))
    assert pages == 2  # 10 cards a page
    assert "Конгресс «Урология сегодня»" in text
    assert "день 2" in text
    assert "6 ЗЕТ" in text or "6 CME" in text
    assert "/cabinet/credits/" in text
    for code in batch.codes.all():
        assert code.display in text


def test_certificate_names_the_member_event_credits_and_verification(client, event):
    member = make_member(
        last_name="Смирнова", first_name="Ольга", patronymic="Петровна"
    )
    record = give_credits(member, event, "4.5")
    client.force_login(member)
    content = client.get(
        f"/cabinet/credits/certificate/{record.certificate_id}.pdf"
    ).content
    text, pages = pdf_text(content)
    assert pages == 1
    assert "Смирнова Ольга Петровна" in text
    assert "Урология сегодня" in text
    assert "4,5" in text
    assert f"/credits/verify/{record.certificate_id}/" in text


def test_transcript_lists_the_period_with_totals(client, home):
    member = make_member(last_name="Смирнова", first_name="Ольга")
    first = credited_event(home, title="Школа урологов")
    second = credited_event(index=first.get_parent().specific, title="Конференция")
    give_credits(member, first, "6")
    give_credits(member, second, "1.5")
    client.force_login(member)
    content = client.get(
        "/cabinet/credits/transcript.pdf", {"start": "2020-01-01", "end": "2035-12-31"}
    ).content
    text, _pages = pdf_text(content)
    assert "Смирнова Ольга" in text
    assert "Школа урологов" in text and "Конференция" in text
    assert "7,5" in text


def test_verification_page_confirms_with_initials_only(client, event):
    member = make_member(
        last_name="Смирнова", first_name="Ольга", patronymic="Петровна"
    )
    record = give_credits(member, event)
    response = client.get(f"/credits/verify/{record.certificate_id}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "С. О. П." in page
    assert "Смирнова" not in page and "Ольга" not in page
    assert event.title in page.replace("&laquo;", "«").replace("&raquo;", "»")
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize(
    "certificate_id",
    ["unknown-id-1234567", "x", "A" * 40, "%00", "' OR 1=1 --", "<script>"],
)
def test_unknown_or_forged_ids_say_so(client, event, certificate_id):
    give_credits(make_member(), event)
    response = client.get(f"/credits/verify/{certificate_id}/")
    assert response.status_code == 404
    assert "Сертификата с таким номером нет" in response.content.decode()


def test_a_tampered_real_id_is_unknown(client, event):
    record = give_credits(make_member(), event)
    forged = record.certificate_id[:-1] + (
        "A" if record.certificate_id[-1] != "A" else "B"
    )
    assert client.get(f"/credits/verify/{forged}/").status_code == 404
