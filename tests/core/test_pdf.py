"""PDFs can write Russian: DejaVu Sans from the system's fonts-dejavu-core."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.pdf import register_fonts


def test_registered_fonts_write_cyrillic_that_reads_back():
    from pypdf import PdfReader
    from reportlab.pdfgen import canvas

    fonts = register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont(fonts["bold"], 16)
    pdf.drawString(72, 720, "Сертификат участника")
    pdf.setFont(fonts["regular"], 12)
    pdf.drawString(72, 700, "Баллы НМО: 6")
    pdf.save()
    text = PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text()
    assert "Сертификат участника" in text and "Баллы НМО: 6" in text


def test_missing_fonts_name_the_package_to_install(tmp_path, monkeypatch):
    from reportlab.pdfbase import pdfmetrics

    monkeypatch.setattr(pdfmetrics, "getRegisteredFontNames", lambda: [])
    with pytest.raises(ImproperlyConfigured, match="fonts-dejavu-core"):
        register_fonts(font_dir=tmp_path)
