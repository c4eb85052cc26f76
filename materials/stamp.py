"""Members' PDFs stamped on every page: «Выдано: Фамилия И. О., CODE, date»."""

import hashlib
import io
import math

from django.core.cache import cache
from django.utils.translation import gettext as _

from core.pdf import register_fonts
from core.time import format_date, local_today

CACHE_SECONDS = 24 * 60 * 60
# Stamped copies larger than this are made afresh on every download: the cache is
# the shared Redis (sessions, rate limits), not a file store.
CACHE_MAX_BYTES = 2 * 1024 * 1024
NAME_MAX = 40  # characters of the name on the stamp (150 would push the code off)
MARGIN = 24
FONT_SIZE, FONT_SIZE_MIN = 8, 4


class UnreadablePdf(Exception):
    """The PDF can't be opened for stamping (encrypted with a password, broken)."""


def short_name(user):
    """Фамилия И. О., cut to NAME_MAX characters with «…»."""
    initials = " ".join(
        f"{part[0]}." for part in (user.first_name, user.patronymic) if part
    )
    name = " ".join(part for part in (user.last_name, initials) if part) or user.email
    return name if len(name) <= NAME_MAX else name[: NAME_MAX - 1].rstrip() + "…"


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
    size = fitting_size(text, fonts["regular"], width - 2 * MARGIN)
    pdf.setFont(fonts["regular"], size)
    pdf.setFillGray(0.35)
    pdf.drawString(MARGIN, 14, text)
    pdf.save()
    buffer.seek(0)
    return buffer


def fitting_size(text, font, room):
    """The font size (8 down to 4 points) at which `text` fits in `room` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    width = stringWidth(text, font, FONT_SIZE)
    if width <= room:
        return FONT_SIZE
    return max(FONT_SIZE_MIN, math.floor(FONT_SIZE * room / width * 10) / 10)


def open_pdf(data):
    """A pypdf reader for `data`; UnreadablePdf when it is broken or locked with a
    password (an empty user password, as in permission-only PDFs, is fine)."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadablePdf("encrypted")
        len(reader.pages)  # reads the page tree: broken files fail here
    except (PyPdfError, DependencyError, ValueError, KeyError) as error:
        raise UnreadablePdf(str(error)) from error
    return reader


def stamp_pdf(original, text):
    """The PDF bytes `original` with `text` drawn at the foot of every page."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import DependencyError, PyPdfError

    try:
        writer = PdfWriter(clone_from=open_pdf(original))
        overlays = {}
        for page in writer.pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            if (width, height) not in overlays:
                overlay = PdfReader(_overlay(text, width, height))
                overlays[(width, height)] = overlay.pages[0]
            page.merge_page(overlays[(width, height)])
        out = io.BytesIO()
        writer.write(out)
    except (PyPdfError, DependencyError, ValueError, KeyError) as error:
        raise UnreadablePdf(str(error)) from error
    return out.getvalue()


def cache_key(user, document):
    """One cache entry per member and document version, whatever the name on it."""
    return f"materials:stamped:{document.pk}:{document.file_hash or ''}:{user.pk}"


def stamped_for(user, document):
    """The stamped copy for this member and document, cached per pair: the entry
    remembers its stamp line and is replaced when the line changes (new day, new
    name); copies over CACHE_MAX_BYTES are not cached. UnreadablePdf when the file
    can't be stamped."""
    line = stamp_line(user)
    digest = hashlib.sha256(line.encode()).hexdigest()[:16]
    key = cache_key(user, document)
    cached = cache.get(key)
    if isinstance(cached, tuple) and cached[0] == digest:
        return cached[1]
    with document.open_file() as handle:
        data = stamp_pdf(handle.read(), line)
    if len(data) <= CACHE_MAX_BYTES:
        cache.set(key, (digest, data), CACHE_SECONDS)
    else:
        cache.delete(key)
    return data
