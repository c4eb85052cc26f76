"""Stamped PDFs, download log, and bad input on the document view."""

import io

import pytest
from django.urls import reverse
from freezegun import freeze_time
from pypdf import PdfReader

from materials.models import DocumentDownload
from tests.materials.factories import (
    FROZEN,
    PEOPLE,
    make_area,
    make_document,
    make_material,
)
from tests.members.factories import code_of


@pytest.fixture
def document(home):
    document = make_document()
    make_material(make_area(home), document=document)
    return document


def test_member_gets_a_pdf_stamped_with_their_code_on_every_page(client, document):
    with freeze_time(FROZEN):
        member = PEOPLE["active"]()
        client.force_login(member)
        response = client.get(reverse("materials:document", args=[document.pk]))
    code = code_of(member).code
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    for page in reader.pages:
        text = page.extract_text()
        assert f"{code[:4]}-{code[4:]}" in text
        assert "Выдано" in text
        assert "15.06.2026" in text
        assert "Original society text" in text
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    with document.open_file() as handle:
        assert response.content != handle.read()
    assert DocumentDownload.objects.filter(user=member, document=document).count() == 1


def test_wagtail_document_url_refuses_a_members_document(client, document):
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["active"]())
    response = client.get(document.url)
    assert response.status_code == 404


@pytest.mark.parametrize("kind", ["missing", "public"])
def test_unknown_or_unattached_document_is_404(client, home, document, kind):
    other = make_document(title="Открытый", filename="open.pdf")
    document_id = 999999 if kind == "missing" else other.pk
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["active"]())
        response = client.get(reverse("materials:document", args=[document_id]))
    assert response.status_code == 404


def test_head_and_range_never_500(client, document):
    url = reverse("materials:document", args=[document.pk])
    assert client.head(url).status_code == 404
    assert client.get(url, HTTP_RANGE="bytes=0-10").status_code == 404
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["active"]())
        head = client.head(url)
        ranged = client.get(url, HTTP_RANGE="bytes=0-10")
    assert head.status_code == 200
    assert ranged.status_code == 200
    assert ranged.content.startswith(b"%PDF")
    assert b"/Type" in ranged.content  # the whole stamped file, never a raw slice
    assert client.get("/members-documents/..%2F1/").status_code == 404
