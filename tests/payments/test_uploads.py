"""Receipt files are judged by their bytes; each attack is refused with a reason."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from core.uploads import clean_upload, sanitize_filename
from tests.payments.factories import (
    jpeg_bytes,
    pdf_bytes,
    pdf_with_js_in_object_stream,
    png_bytes,
    uploaded,
)


def refusal(data, name="receipt.png", content_type="image/png"):
    with pytest.raises(ValidationError) as caught:
        clean_upload(uploaded(data, name, content_type))
    return caught.value


def test_png_with_html_appended_is_reencoded_clean():
    polyglot = png_bytes() + b"<html><script>alert(document.cookie)</script></html>"
    clean = clean_upload(uploaded(polyglot))
    data = clean.content.read()
    assert b"<script" not in data and b"<html" not in data
    assert data.startswith(b"\x89PNG")
    assert clean.content_type == "image/png"
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (40, 30)


def test_exif_is_stripped_and_orientation_applied():
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x8825] = {1: "N"}  # GPS
    exif[0x0112] = 6  # rotated 90°: the clean picture is turned upright
    clean = clean_upload(
        uploaded(jpeg_bytes(size=(40, 30), exif=exif.tobytes()), "photo.jpg")
    )
    data = clean.content.read()
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert image.size == (30, 40)
    assert b"Camera maker" not in data


def test_svg_is_refused():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    error = refusal(svg, "receipt.svg", "image/svg+xml")
    assert error.code == "markup"
    assert "SVG" in error.messages[0]


def test_html_renamed_jpg_is_refused():
    error = refusal(
        b"<!DOCTYPE html><html><body>hi</body></html>", "чек.jpg", "image/jpeg"
    )
    assert error.code == "markup"


def test_plain_text_renamed_pdf_is_refused():
    error = refusal(b"just some text", "receipt.pdf", "application/pdf")
    assert error.code == "type"


@pytest.mark.parametrize(
    "catalog",
    [
        b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
        b"/Names << /JavaScript << /Names [(x) << /S /JavaScript /JS (a) >>] >> >>",
        b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>",
        b"/OpenAction << /S /Launch /F (calc.exe) >>",
        b"/AcroForm << /XFA 5 0 R >>",
    ],
    ids=["open-action-js", "names-js", "hex-escaped-js", "launch", "xfa"],
)
def test_pdf_with_active_content_is_refused(catalog):
    error = refusal(pdf_bytes(catalog), "receipt.pdf", "application/pdf")
    assert error.code == "pdf"
    assert "PDF со скриптами" in error.messages[0]


def test_pdf_with_javascript_hidden_in_a_compressed_object_stream_is_refused():
    """The byte scan cannot see inside a compressed object stream; the walk does."""
    data = pdf_with_js_in_object_stream()
    assert b"JavaScript" not in data
    error = refusal(data, "receipt.pdf", "application/pdf")
    assert error.code == "pdf"
    assert "PDF со скриптами" in error.messages[0]


def test_clean_pdf_is_accepted_unchanged():
    data = pdf_bytes()
    clean = clean_upload(uploaded(data, "квитанция.pdf", "application/pdf"))
    assert clean.content.read() == data
    assert clean.content_type == "application/pdf"
    assert clean.content.name.endswith(".pdf")


def test_eleven_megabytes_is_refused(settings):
    data = png_bytes() + b"\0" * (11 * 1024 * 1024)
    error = refusal(data)
    assert error.code == "too_large"
    assert "10" in error.messages[0]


def test_empty_file_is_refused():
    assert refusal(b"").code == "empty"


def test_path_traversal_filename_is_only_metadata():
    clean = clean_upload(uploaded(png_bytes(), "../../etc/passwd\x00.png"))
    assert clean.original_name == "passwd.png"
    # Django's upload objects drop folders already; other callers get the same.
    assert sanitize_filename("../../etc/passwd") == "passwd"
    assert re.fullmatch(r"uploads/\d{4}/\d{2}/[0-9a-f]{32}\.png", clean.content.name)


def test_windows_path_and_control_characters_are_removed():
    assert sanitize_filename("C:\\Users\\Иван\\Чек\u202e.jpg") == "Чек.jpg"
    assert sanitize_filename("") == "file"
    assert sanitize_filename("....") == "file"


def test_storage_key_is_generated_not_chosen():
    first = clean_upload(uploaded(png_bytes(), "mine.png"), prefix="receipts")
    second = clean_upload(uploaded(png_bytes(), "mine.png"), prefix="receipts")
    assert first.content.name != second.content.name
    assert first.content.name.startswith("receipts/")
    assert first.content.name.endswith(".png")


def test_webp_is_accepted():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (1, 2, 3)).save(buffer, format="WEBP")
    clean = clean_upload(uploaded(buffer.getvalue(), "photo.webp", "image/webp"))
    assert clean.content_type == "image/webp"


def test_heic_photo_becomes_a_jpeg():
    from pillow_heif import register_heif_opener

    register_heif_opener()
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 120, 200)).save(buffer, format="HEIF")
    clean = clean_upload(uploaded(buffer.getvalue(), "IMG_0001.HEIC", "image/heic"))
    assert clean.content_type == "image/jpeg"
    assert clean.content.read().startswith(b"\xff\xd8\xff")


def test_truncated_image_is_refused():
    error = refusal(png_bytes()[:60])
    assert error.code == "image"


def test_pdf_with_javascript_outside_the_cross_reference_table_is_refused():
    """Lenient viewers rebuild a broken PDF by scanning its bytes; so do we."""
    data = pdf_bytes() + b"7 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n"
    error = refusal(data, "receipt.pdf", "application/pdf")
    assert "PDF со скриптами" in error.messages[0]
