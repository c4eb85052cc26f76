"""Builders for the materials tests: an area, materials, a PDF, people in each state."""

import datetime
import io

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from materials.models import MaterialDocument, MaterialPage, MembersAreaPage
from tests.membership.factories import (
    make_applicant,
    make_application,
    paid,
    receipt_under_review,
    year,
)

TODAY = datetime.date(2026, 6, 15)
FROZEN = "2026-06-15 12:00:00+03:00"
SECRET = "Zyxwarblefrobnic"


def make_pdf(text="Original society text", pages=2):
    from reportlab.pdfgen import canvas

    from core.pdf import register_fonts

    fonts = register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number in range(pages):
        pdf.setFont(fonts["regular"], 14)
        pdf.drawString(72, 720, f"{text} {number + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_document(title="Протокол", data=None, filename="protocol.pdf", **fields):
    document = get_document_model()(title=title, **fields)
    document.file.save(filename, ContentFile(data or make_pdf()), save=False)
    document.save()
    return document


def make_area(home, title="Для членов общества", slug="members-area"):
    area = MembersAreaPage.objects.first()
    if area:
        return area
    area = MembersAreaPage(title=title, slug=slug, show_in_menus=True)
    home.add_child(instance=area)
    area.save_revision().publish()
    return area


def make_material(
    area,
    *,
    title="Клинические рекомендации",
    day=None,
    secret=SECRET,
    document=None,
    **fields,
):
    page = MaterialPage(
        title=title,
        teaser="Краткое описание для всех",
        date=day or TODAY,
        body=[("paragraph", f"<p>Закрытый текст {secret}</p>")],
        **fields,
    )
    area.add_child(instance=page)
    if document is not None:
        page.attachments.add(MaterialDocument(document=document))
        page.save()
    page.save_revision().publish()
    return page


def approved(email):
    from membership.services import application_approve
    from tests.membership.factories import make_board_member

    board = make_board_member(email=f"board-{email}")
    person = make_applicant(email=email)
    application_approve(application=make_application(person), actor=board)
    return person


def staff_user():
    from tests.members.factories import make_member

    user = make_member(email="staff@example.org")
    user.is_staff = True
    user.save()
    return user


def _receipt(email, *, provisional):
    from membership.selectors import dues_settings

    settings = dues_settings()
    settings.provisional_access = provisional
    settings.save()
    person = approved(email)
    receipt_under_review(person, year(TODAY.year))
    return person


def _paid(person, period):
    paid(person, period)
    return person


# Every kind of person the access rule must answer for (build inside freeze_time).
PEOPLE = {
    "anonymous": lambda: None,
    "unverified": lambda: make_applicant(
        email="unverified@example.org", verified=False, code=False
    ),
    "applicant": lambda: make_applicant(email="applicant@example.org"),
    "unpaid": lambda: approved("unpaid@example.org"),
    "receipt": lambda: _receipt("receipt@example.org", provisional=False),
    "provisional": lambda: _receipt("provisional@example.org", provisional=True),
    "active": lambda: _paid(approved("active@example.org"), year(TODAY.year)),
    "expired": lambda: _paid(
        approved("expired@example.org"),
        (datetime.date(2025, 6, 15), TODAY - datetime.timedelta(days=1)),
    ),
    "staff": staff_user,
}
READERS = {"provisional", "active", "staff"}
OUTSIDERS = {"unverified", "applicant", "unpaid", "receipt", "expired"}


def bulk_materials(area, count, *, specialty=None, topic=None):
    """`count` live materials under `area` in a handful of queries (the tree rows
    written in bulk, as tests/events/factories.bulk_events does)."""
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Page

    from materials.models import MaterialTag

    area.refresh_from_db()
    content_type = ContentType.objects.get_for_model(MaterialPage)
    now = timezone.now()
    base = []
    for number in range(count):
        slug = f"bulk-{uuid.uuid4().hex[:12]}"
        base.append(
            Page(
                title=f"Материал № {number + 1}",
                draft_title=f"Материал № {number + 1}",
                slug=slug,
                content_type=content_type,
                path=Page._get_path(
                    area.path, area.depth + 1, area.numchild + 1 + number
                ),
                depth=area.depth + 1,
                numchild=0,
                url_path=f"{area.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                locale_id=area.locale_id,
                translation_key=uuid.uuid4(),
            )
        )
    created = Page.objects.bulk_create(base, batch_size=200)
    if any(page.pk is None for page in created):
        created = list(
            Page.objects.filter(path__in=[p.path for p in base]).order_by("path")
        )
    materials = [
        MaterialPage(
            page_ptr_id=page.pk,
            teaser="Краткое описание для всех",
            date=TODAY - datetime.timedelta(days=number),
            specialty=specialty,
            body=[],
            video_url="",
        )
        for number, page in enumerate(created)
    ]
    fields = MaterialPage._meta.local_concrete_fields
    for offset in range(0, len(materials), 100):
        MaterialPage._base_manager._insert(
            materials[offset : offset + 100], fields=fields
        )
    if topic is not None:
        MaterialTag.objects.bulk_create(
            [MaterialTag(content_object_id=page.pk, tag=topic) for page in created]
        )
    Page.objects.filter(pk=area.pk).update(numchild=area.numchild + count)
    area.refresh_from_db()
    return count
