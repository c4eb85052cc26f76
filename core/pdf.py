"""Fonts for PDFs (certificates, receipts): DejaVu Sans, which has Cyrillic.

reportlab's built-in fonts have no Cyrillic letters; DejaVu comes from the Debian
package fonts-dejavu-core, which the README's set-up and `.ci/run` install.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FONT_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


def register_fonts(font_dir=None):
    """Register DejaVu Sans regular and bold with reportlab (once) and return their
    names as {"regular": ..., "bold": ...}; a clear error when the files are missing."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font_dir = Path(font_dir or FONT_DIR)
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in FONT_FILES.items():
        if name in registered:
            continue
        path = font_dir / filename
        if not path.is_file():
            raise ImproperlyConfigured(
                f"PDF font {path} is missing: install the fonts-dejavu-core package "
                "(apt-get install fonts-dejavu-core)."
            )
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return {"regular": REGULAR, "bold": BOLD}
