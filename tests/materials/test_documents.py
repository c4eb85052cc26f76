"""Stamped PDFs, the download log, S3's signed redirect and bad input on the
document view: never a 500, never the file."""

import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from freezegun import freeze_time
from pypdf import PdfReader
from wagtail.models import Collection, CollectionViewRestriction

from materials.models import DocumentDownload, MaterialDocument
from materials.selectors import download_count
from tests.materials.factories import (
    FROZEN,
    PEOPLE,
    make_area,
    make_document,
    make_material,
)
from tests.members.factories import code_of
from tests.ops.test_storage import s3  # noqa: F401 (fixture)


@pytest.fixture
def document(home):
    document = make_document()
    make_material(make_area(home), document=document)
    return document


@pytest.fixture
def member(client, document):
    with freeze_time(FROZEN):
        person = PEOPLE["active"]()
    client.force_login(person)
    return person


def url_of(document_id):
    return reverse("materials:document", args=[document_id])


def test_member_gets_a_pdf_stamped_with_their_code_on_every_page(
    client, document, member
):
    with freeze_time(FROZEN):
        response = client.get(url_of(document.pk))
    code = code_of(member).code
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Выдано: Иванов И. И., {code[:4]}-{code[4:]}, 15.06.2026" in text
        assert f"Original society text {number}" in text
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    with document.open_file() as handle:
        assert response.content != handle.read()


def test_each_download_is_logged_and_counted_per_member(client, document, member):
    with freeze_time(FROZEN):
        client.get(url_of(document.pk))
        client.get(url_of(document.pk))
        other = PEOPLE["staff"]()
    client.force_login(other)
    client.get(url_of(document.pk))
    assert DocumentDownload.objects.filter(document=document).count() == 3
    assert download_count(document) == 2


def test_the_admin_document_page_shows_how_many_members_downloaded(
    client, document, member
):
    from tests.membership.factories import make_board_member

    with freeze_time(FROZEN):
        client.get(url_of(document.pk))
    editor = make_board_member(email="editor@example.org", is_superuser=True)
    client.force_login(editor)
    body = client.get(reverse("wagtaildocs:edit", args=[document.pk])).content
    assert 'data-marker="downloads">1<' in body.decode()


def test_wagtail_document_url_never_serves_a_members_document(client, document):
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["unpaid"]())
        assert client.get(document.url).status_code == 404


def _public_document(home, document):
    return make_document(title="Открытый", filename="open.pdf")


def _restricted_document(home, document):
    """Attached to a material but in a collection for one staff group only."""
    root = Collection.get_first_root_node()
    board = root.add_child(name="Только для правления")
    restriction = CollectionViewRestriction.objects.create(
        collection=board, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Правление"))
    other = make_document(title="Правление", filename="board.pdf", collection=board)
    MaterialDocument.objects.create(
        page=make_material(make_area(home), title="Ещё"), document=other
    )
    return other


def _unpublished_material_document(home, document):
    other = make_document(title="Черновик", filename="draft.pdf")
    page = make_material(make_area(home), title="Черновик", document=other)
    page.unpublish()
    return other


@pytest.mark.parametrize(
    "make",
    [_public_document, _restricted_document, _unpublished_material_document],
    ids=["public", "other_restriction", "unpublished_material"],
)
def test_documents_that_are_not_members_materials_are_404(
    client, home, document, member, make
):
    other = make(home, document)
    with freeze_time(FROZEN):
        response = client.get(url_of(other.pk))
    assert response.status_code == 404
    assert b"%PDF" not in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/members-documents/999999/",
        "/members-documents/99999999999999999999999999/",
        "/members-documents/-1/",
        "/members-documents/..%2F1/",
        "/members-documents/../1/",
        "/members-documents/%2e%2e/1/",
        "/members-documents/1%00/",
        "/members-documents/1/../../media/",
    ],
)
def test_bad_document_urls_are_404_not_500(client, document, member, path):
    with freeze_time(FROZEN):
        response = client.get(path)
    assert response.status_code == 404
    assert b"%PDF" not in response.content


def test_head_and_range_never_500_never_a_raw_slice(client, document):
    url = url_of(document.pk)
    assert client.head(url).status_code == 404
    assert client.get(url, HTTP_RANGE="bytes=0-10").status_code == 404
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["active"]())
        head = client.head(url)
        ranged = client.get(url, HTTP_RANGE="bytes=0-10")
    assert head.status_code == 200
    assert head.content == b""
    assert ranged.status_code == 200  # the whole stamped file, never a slice
    assert PdfReader(io.BytesIO(ranged.content)).pages[0].extract_text()
    assert DocumentDownload.objects.count() == 1  # HEAD logs nothing
    assert client.post(url).status_code == 405


def test_on_s3_other_files_are_a_short_lived_signed_redirect(client, home, s3):  # noqa: F811
    other = make_document(title="Таблица", data=b"a,b\n1,2\n", filename="t.csv")
    make_material(make_area(home), document=other)
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["active"]())
        response = client.get(url_of(other.pk))
    assert response.status_code == 302
    location = response["Location"]
    assert "X-Amz-Signature=" in location
    assert "X-Amz-Expires=60" in location
    assert "response-content-disposition=attachment" in location
    assert "cdn.society.example.org" not in location
    assert response["Cache-Control"] == "private, no-store"
