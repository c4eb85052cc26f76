"""Demo members' area: four materials, one with a PDF, one with a video."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models import Q
from wagtail.documents import get_document_model
from wagtail.models import Page

from core.models import Specialty
from core.time import local_today

from .access import can_read
from .models import MaterialDocument, MaterialPage, MembersAreaPage
from .selectors import members_collection

MATERIALS = [
    # (slug, title, teaser, days ago, topics, with pdf, video)
    (
        "klinicheskie-rekomendatsii-2026",
        "Клинические рекомендации 2026: обзор изменений",
        "Что изменилось в рекомендациях этого года и как это применять.",
        3,
        ["рекомендации"],
        True,
        "",
    ),
    (
        "zapis-vebinara",
        "Запись вебинара «Сложный клинический случай»",
        "Разбор случая с обсуждением участников.",
        10,
        ["вебинар"],
        False,
        # Vimeo's own example video from its API documentation; editors put the
        # society's recording here.
        "https://vimeo.com/76979871",
    ),
    (
        "protokol-sobraniya",
        "Протокол общего собрания членов общества",
        "Решения собрания и план работы на год.",
        20,
        ["собрание"],
        False,
        "",
    ),
    (
        "shkola-molodogo-vracha",
        "Школа молодого врача: материалы лекций",
        "Слайды и конспекты лекций цикла.",
        30,
        ["обучение"],
        False,
        "",
    ),
]


BODY = (
    "<h2>Главное</h2><p>Материал подготовлен правлением общества для членов "
    "общества. Полный текст, записи и документы доступны членам общества с "
    "оплаченным взносом.</p>"
)


def _pdf():
    from reportlab.pdfgen import canvas

    from core.pdf import register_fonts

    fonts = register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number in (1, 2):
        pdf.setFont(fonts["bold"], 16)
        pdf.drawString(72, 760, "Клинические рекомендации 2026")
        pdf.setFont(fonts["regular"], 12)
        pdf.drawString(72, 730, f"Демонстрационный документ, страница {number}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def load(*, home, stdout):
    """The members' area and its materials (kept when they exist), then which demo
    logins can and cannot read them."""
    area = MembersAreaPage.objects.child_of(home).first()
    if area is None:
        area = MembersAreaPage(
            title="Для членов общества",
            slug="members-area",
            introduction="Материалы, открытые членам общества с оплаченным взносом.",
            show_in_menus=True,
            join_guide=Page.objects.filter(slug="kak-vstupit").first(),
        )
        home.add_child(instance=area)
        area.save_revision().publish()
    specialties = list(Specialty.objects.order_by("sort_order")[: len(MATERIALS)])
    today = local_today()
    for number, (slug, title, teaser, days, topics, with_pdf, video) in enumerate(
        MATERIALS
    ):
        if MaterialPage.objects.child_of(area).filter(slug=slug).exists():
            continue
        page = MaterialPage(
            title=title,
            slug=slug,
            teaser=teaser,
            date=today - datetime.timedelta(days=days),
            specialty=specialties[number % len(specialties)] if specialties else None,
            video_url=video,
            body=[("paragraph", BODY)],
        )
        page.topics.add(*topics)
        if with_pdf:
            document = get_document_model()(
                title="Клинические рекомендации 2026 (PDF)",
                collection=members_collection(),
            )
            document.file.save(
                "recommendations-2026.pdf", ContentFile(_pdf()), save=False
            )
            document.save()
            page.attachments.add(MaterialDocument(document=document))
        area.add_child(instance=page)
        page.save_revision().publish()
    readers, outsiders = [], []
    people = get_user_model().objects.filter(
        Q(email__startswith="demo") | Q(is_staff=True)
    )
    for user in people.order_by("email"):
        (readers if can_read(user) else outsiders).append(user.email)
    stdout.write(
        f"Members' area {area.url_path.removeprefix(home.url_path[:-1])}\n"
        f"  can read: {', '.join(readers) or '-'}\n"
        f"  cannot read (see the teasers and how to join): "
        f"{', '.join(outsiders) or '-'}\n"
    )
