"""What every PDF of the credits app shares: fonts with Cyrillic, QR drawing, URLs."""

from pathlib import Path
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.urls import reverse
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from core.pdf import register_fonts

from . import fastqr

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
MONO = "DejaVuSansMono-Bold"


def fonts():
    """{"regular", "bold", "mono"}: DejaVu fonts registered with reportlab."""
    names = dict(register_fonts())
    if MONO not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(MONO, str(FONT_DIR / f"{MONO}.ttf")))
    names["mono"] = MONO
    return names


def base_url():
    """`https://host` of the site, for URLs printed on paper."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def short_entry_prefix():
    """`HTTPS://HOST/C/`: what every card's QR URL starts with (see short_entry_url)."""
    parts = urlsplit(base_url())
    root = f"{parts.scheme}://{parts.netloc}".upper() + parts.path.rstrip("/")
    path = reverse("credits:short", kwargs={"code": "X"})[: -len("X/")]
    return f"{root}{path.upper()}"


def short_entry_url(code, prefix=None):
    """The URL a card's QR opens: `HTTPS://HOST/C/K7MD9QX4TR/`.

    Scheme and host are case-insensitive and the short path is upper-case, so the
    whole URL fits the QR's compact alphanumeric mode (a smaller, sturdier QR).
    """
    return f"{prefix or short_entry_prefix()}{code.replace('-', '')}/"


def readable_host():
    """`example.org` for texts like «введите код на сайте example.org»."""
    return urlsplit(base_url()).netloc


def draw_qr(canvas, text, x, y, size):
    """Draw the QR for `text` with its bottom-left corner at (x, y), `size` wide.

    Alphanumeric texts go through the fast encoder as an inline 1-bit image mask;
    anything else through segno as filled rectangles.
    """
    image = fastqr.image(text)
    if image is not None:
        modules, data = image
        width = (modules + 7) // 8 * 8
        canvas.addLiteral(
            f"q {size * width / modules:.3f} 0 0 {size:.3f} {x:.3f} {y:.3f} cm "
            f"BI /W {width} /H {modules} /IM true /D [1 0] /F /AHx ID "
            f"{data.hex()}> EI Q"
        )
        return
    qr = segno.make(text, error="m", micro=False)
    matrix = qr.matrix
    module = size / len(matrix)
    path = canvas.beginPath()
    for row_number, row in enumerate(matrix):
        top = y + size - (row_number + 1) * module
        column = 0
        while column < len(row):
            if row[column]:
                start = column
                while column < len(row) and row[column]:
                    column += 1
                path.rect(x + start * module, top, (column - start) * module, module)
            else:
                column += 1
    canvas.drawPath(path, stroke=0, fill=1)


def wrap(text, font, size, width, max_lines=3):
    """`text` split into lines no wider than `width` points (the last one cut)."""
    words, lines, line = (text or "").split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if pdfmetrics.stringWidth(candidate, font, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        if len(lines) == max_lines:
            break
    if line and len(lines) < max_lines:
        lines.append(line)
    if len(lines) == max_lines and " ".join(lines) != " ".join(words):
        last = lines[-1]
        while last and pdfmetrics.stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines
