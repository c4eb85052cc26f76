"""Fixes after the attack on members-only documents: the members' collection keeps
documents private on Wagtail's own URL after detaching, in drafts and after the
material is deleted; encrypted PDFs; very long names on the stamp; the stamp cache."""

import io

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from freezegun import freeze_time
from pypdf import PdfReader, PdfWriter
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    streamfield,
)

from materials.models import DocumentDownload, MaterialDocument, MaterialPage
from materials.selectors import members_collection
from tests.materials.factories import (
    FROZEN,
    PEOPLE,
    make_area,
    make_document,
    make_material,
    make_pdf,
)

pytestmark = pytest.mark.django_db


def checked_url(document):
    return reverse("materials:document", args=[document.pk])


@pytest.fixture
def private_document():
    return make_document(title="Протокол правления", collection=members_collection())


def _detached(home, document):
    page = make_material(make_area(home), document=document)
    page.attachments.clear()
    page.save_revision().publish()
    assert not MaterialDocument.objects.filter(document=document).exists()


def _only_in_a_draft(home, document):
    page = make_material(make_area(home))
    page.attachments.add(MaterialDocument(document=document))
    page.save_revision()  # a draft: no attachment row until it is published
    assert not MaterialDocument.objects.filter(document=document).exists()


def _material_deleted(home, document):
    make_material(make_area(home), document=document).delete()
    assert not MaterialDocument.objects.filter(document=document).exists()


@pytest.mark.parametrize(
    "situation",
    [_detached, _only_in_a_draft, _material_deleted],
    ids=["detached", "draft_only", "material_deleted"],
)
def test_members_documents_stay_private_on_wagtails_url(
    client, home, private_document, situation
):
    situation(home, private_document)
    response = client.get(private_document.url)
    assert response.status_code == 404
    assert b"%PDF" not in response.content
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["unpaid"]())
        assert client.get(private_document.url).status_code == 404
        client.force_login(PEOPLE["active"]())
        redirected = client.get(private_document.url)
        assert redirected.status_code == 302
        assert redirected["Location"] == checked_url(private_document)
        checked = client.get(checked_url(private_document))
    assert checked.status_code == 200
    assert (
        "Выдано: Иванов"
        in PdfReader(io.BytesIO(checked.content)).pages[0].extract_text()
    )


def test_the_members_collection_carries_a_restriction_outsiders_cannot_pass(
    private_document,
):
    """Wagtail's own check on the collection keeps a logged-in outsider out even
    without our hook (a groups restriction with no group: superusers only)."""
    from wagtail.documents.wagtail_hooks import check_view_restrictions

    collection = members_collection()
    assert collection.name == "Для членов общества"
    restriction = CollectionViewRestriction.objects.get(collection=collection)
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    request = RequestFactory().get(private_document.url)
    with freeze_time(FROZEN):
        request.user = PEOPLE["unpaid"]()
    response = check_view_restrictions(private_document, request)
    assert response is not None and response.status_code == 302


def test_documents_of_a_sub_collection_are_private_too(client):
    below = members_collection().add_child(name="Протоколы")
    document = make_document(title="Протокол", collection=below)
    assert client.get(document.url).status_code == 404
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["active"]())
        assert client.get(checked_url(document)).status_code == 200


def test_a_public_document_stays_public_and_out_of_the_checked_view(client):
    document = make_document(title="Устав", filename="charter.pdf")
    assert client.get(document.url).status_code == 200
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["active"]())
        assert client.get(checked_url(document)).status_code == 404


@pytest.fixture
def editor_client(client):
    from tests.membership.factories import make_board_member

    client.force_login(make_board_member(email="editor@example.org", is_superuser=True))
    return client


def _edit(client, page, document):
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "teaser": "Кратко",
            "date": "2026-06-15",
            "topics": "",
            "specialty": "",
            "body": streamfield([]),
            "video_url": "",
            "attachments": inline_formset([{"document": document.pk}]),
            "comments": inline_formset([]),
        }
    )
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        data,
        HTTP_ACCEPT_LANGUAGE="ru",
    )


def test_attaching_a_document_outside_the_members_collection_is_refused(
    editor_client, home, private_document
):
    page = make_material(make_area(home))
    public = make_document(title="Открытый файл", filename="open.pdf")
    refused = _edit(editor_client, page, public)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "«Открытый файл» не в коллекции для членов общества" in html
    assert not MaterialDocument.objects.filter(document=public).exists()
    assert not MaterialPage.objects.get(pk=page.pk).has_unpublished_changes
    saved = _edit(editor_client, page, private_document)
    assert saved.status_code == 302


def test_the_members_collection_cannot_be_deleted_in_the_admin(editor_client):
    collection = members_collection()
    url = reverse("wagtailadmin_collections:delete", args=[collection.pk])
    assert editor_client.post(url).status_code == 403
    assert Collection.objects.filter(pk=collection.pk).exists()


def test_demo_documents_are_in_the_members_collection(home):
    from materials import demo

    demo.load(home=home, stdout=io.StringIO())
    document = MaterialDocument.objects.get().document
    assert document.collection == members_collection()


def encrypted_pdf():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    writer.encrypt("секрет-правления")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_attaching_a_password_protected_pdf_is_refused(editor_client, home):
    page = make_material(make_area(home))
    locked = make_document(
        title="Запертый",
        data=encrypted_pdf(),
        filename="locked.pdf",
        collection=members_collection(),
    )
    refused = _edit(editor_client, page, locked)
    assert refused.status_code == 200
    assert "«Запертый» защищён паролем или повреждён" in refused.content.decode()
    assert not MaterialDocument.objects.filter(document=locked).exists()


@pytest.mark.parametrize(
    "data", [encrypted_pdf(), b"%PDF-1.7\nnot really a pdf"], ids=["locked", "broken"]
)
def test_a_pdf_that_cannot_be_stamped_gets_a_clear_page_not_a_500(client, home, data):
    document = make_document(
        title="Запертый",
        data=data,
        filename="locked.pdf",
        collection=members_collection(),
    )
    make_material(make_area(home), document=document)  # slipped past the form
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["active"]())
        response = client.get(checked_url(document), HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 409
    html = response.content.decode()
    assert "Документ не удаётся выдать" in html
    assert "«Запертый» защищён паролем или повреждён" in html
    assert response["Cache-Control"] == "private, no-store"
    assert not DocumentDownload.objects.exists()  # nothing was handed out


def test_a_very_long_name_keeps_the_code_and_date_on_the_page(client, private_document):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from core.pdf import register_fonts
    from materials.stamp import FONT_SIZE, MARGIN, fitting_size, stamp_line

    with freeze_time(FROZEN):
        person = PEOPLE["active"]()
        person.last_name = "Константинопольский-" * 7 + "Иванов"[:10]
        person.save()
        line = stamp_line(person)
        client.force_login(person)
        response = client.get(checked_url(private_document))
    font = register_fonts()["regular"]
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    room = float(page.mediabox.width) - 2 * MARGIN
    size = fitting_size(line, font, room)
    assert size == FONT_SIZE  # the name is cut, the stamp keeps its size on A4
    assert stringWidth(line, font, size) <= room
    assert "…" in line and line.endswith("15.06.2026")
    assert line in page.extract_text()
    narrow = 105 * 72 / 25.4 - 2 * MARGIN  # an A6 page
    assert stringWidth(line, font, fitting_size(line, font, narrow)) <= narrow


def test_the_stamp_cache_keeps_one_copy_per_reader_whatever_the_name(
    client, private_document, monkeypatch
):
    from materials import stamp
    from materials.stamp import cache_key

    cache.clear()
    stored = set()
    real_set = stamp.cache.set

    def remember(key, *args, **kwargs):
        stored.add(key)
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(stamp.cache, "set", remember)
    with freeze_time(FROZEN):
        person = PEOPLE["active"]()
        client.force_login(person)
        for number in range(3):
            person.last_name = f"Петров-{number}"
            person.save()
            response = client.get(checked_url(private_document))
            text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
            assert f"Петров-{number}" in text  # never the stale name
        cached = cache.get(cache_key(person, private_document))
    assert {key for key in stored if key.startswith("materials:stamped")} == {
        cache_key(person, private_document)
    }
    assert cached[1] == response.content


def test_big_stamped_copies_are_not_cached(client, private_document, monkeypatch):
    from materials import stamp

    cache.clear()
    monkeypatch.setattr(stamp, "CACHE_MAX_BYTES", 1000)
    with freeze_time(FROZEN):
        person = PEOPLE["active"]()
        client.force_login(person)
        response = client.get(checked_url(private_document))
    assert response.status_code == 200
    assert len(response.content) > 1000
    assert cache.get(stamp.cache_key(person, private_document)) is None


def test_the_migration_moves_attached_documents_into_the_members_collection(home):
    """Documents already attached when the fix is deployed become members-only for
    good; one guarded by another restriction keeps its own collection."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    from materials.models import MembersCollection

    migration = importlib.import_module("materials.migrations.0002_members_collection")
    old = members_collection()
    MembersCollection.objects.all().delete()
    old.delete()
    board = Collection.get_first_root_node().add_child(name="Правление")
    restriction = CollectionViewRestriction.objects.create(
        collection=board, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Правление"))
    attached = make_document(title="Прикреплённый")
    guarded = make_document(title="Для правления", collection=board)
    public = make_document(title="Устав", filename="charter.pdf")
    area = make_area(home)
    make_material(area, document=attached)
    make_material(area, title="Ещё", document=guarded)

    migration.create_members_collection(apps, None)
    migration.create_members_collection(apps, None)  # a second run changes nothing

    collection = members_collection()
    assert collection.name == "Для членов общества"
    assert Collection.objects.filter(name="Для членов общества").count() == 1
    assert collection.get_parent() == Collection.get_first_root_node()
    assert collection.get_view_restrictions().get().restriction_type == "groups"
    for document in (attached, guarded, public):
        document.refresh_from_db()
    assert attached.collection == collection
    assert guarded.collection == board
    assert public.collection == Collection.get_first_root_node()
    assert not any(Collection.find_problems())  # the tree it wrote is sound
