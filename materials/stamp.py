"""Members' PDFs stamped on every page: «Выдано: Фамилия И. О., CODE, date»."""

import hashlib
import io

from django.core.cache import cache
from django.utils.translation import gettext as _

from core.pdf import register_fonts
from core.time import format_date, local_today

CACHE_SECONDS = 24 * 60 * 60


def short_name(user):
    """Фамилия И. О."""
    initials = " ".join(
        f"{part[0]}." for part in (user.first_name, user.patronymic) if part
    )
    return " ".join(part for part in (user.last_name, initials) if part) or user.email


def personal_code(user):
    """The reader's personal code as printed on their card (K7MD-9QX4)."""
    from members.codes import format_code

    code = getattr(getattr(user, "personal_code", None), "code", "")
    return format_code(code) if code else "—"


def stamp_line(user, on=None):
    return _("Issued: %(name)s, %(code)s, %(date)s") % {
        "name": short_name(user),
        "code": personal_code(user),
        "date": format_date(on or local_today()),
    }


def _overlay(text, width, height):
    from reportlab.pdfgen import canvas

    fonts = register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setFont(fonts["regular"], 8)
    pdf.setFillGray(0.35)
    pdf.drawString(24, 14, text)
    pdf.save()
    buffer.seek(0)
    return buffer


def stamp_pdf(original, text):
    """The PDF bytes `original` with `text` drawn at the foot of every page."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(original)))
    overlays = {}
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        if (width, height) not in overlays:
            overlay = PdfReader(_overlay(text, width, height))
            overlays[(width, height)] = overlay.pages[0]
        page.merge_page(overlays[(width, height)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def stamped_for(user, document):
    """The stamped copy for this member and document, cached per pair (and day)."""
    line = stamp_line(user)
    digest = hashlib.sha256(line.encode()).hexdigest()[:16]
    key = (
        f"materials:stamped:{document.pk}:{document.file_hash or ''}:{user.pk}:{digest}"
    )
    data = cache.get(key)
    if data is None:
        with document.open_file() as handle:
            data = stamp_pdf(handle.read(), line)
        cache.set(key, data, CACHE_SECONDS)
    return data
