"""Checking files people upload (receipts, attachments) by what they contain.

`clean_upload(file)` accepts JPEG, PNG, WebP and HEIC photos and PDF scans of at most
MAX_UPLOAD_MB (10 MB), judged by their bytes, never by the name or the content type
the browser sent. Images are decoded and re-encoded with Pillow, which drops EXIF
(location, camera) and anything glued to the file (HTML after a PNG, a polyglot);
HEIC becomes JPEG so that every browser can show it. PDFs are kept as sent, but
refused when they carry JavaScript, launch actions or embedded files, or are
encrypted. SVG, HTML, XML and everything else are refused. The file gets a generated
storage key; the original name is kept only as sanitized metadata.

Each refusal is a `ValidationError` whose message says why, in the user's language.
"""

import hashlib
import io
import re
import unicodedata
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_PIXELS = 60_000_000  # a 60 MP photo; larger images are decompression bombs
ORIGINAL_NAME_LENGTH = 120

# Names in a PDF that make a viewer run something or carry another file.
PDF_ACTIVE_NAMES = (
    b"/JavaScript",
    b"/JS",
    b"/Launch",
    b"/EmbeddedFile",
    b"/EmbeddedFiles",
    b"/RichMedia",
    b"/XFA",
    b"/SubmitForm",
    b"/ImportData",
)
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
MARKUP_START = re.compile(
    rb"^\s*(<\?xml|<!doctype|<html|<svg|<script|<head|<body|<)", re.I
)


@dataclass(frozen=True)
class CleanUpload:
    """A checked file ready to store: `content` is named with a generated key."""

    content: ContentFile
    original_name: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str
    pillow_format: str | None  # None: not an image (PDF)


JPEG = Kind("image/jpeg", "jpg", "JPEG")
PNG = Kind("image/png", "png", "PNG")
WEBP = Kind("image/webp", "webp", "WEBP")
HEIC = Kind("image/heic", "jpg", "HEIF")  # stored re-encoded as JPEG
PDF = Kind("application/pdf", "pdf", None)


def max_upload_bytes():
    return getattr(settings, "MAX_UPLOAD_MB", 10) * 1024 * 1024


def sniff(head):
    """The kind of file these first bytes begin, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return HEIC
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def sanitize_filename(name):
    """The member's file name, safe to show: no folders, no control characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".").strip()
    if len(name) > ORIGINAL_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        if dot and len(ext) <= 10:
            name = stem[: ORIGINAL_NAME_LENGTH - len(ext) - 1] + "." + ext
        else:
            name = name[:ORIGINAL_NAME_LENGTH]
    return name or "file"


def generated_key(prefix, extension):
    """`<prefix>/2026/05/<32 hex>.<ext>`: nothing a member chose."""
    today = timezone.now()
    return f"{prefix}/{today:%Y/%m}/{uuid.uuid4().hex}.{extension}"


def clean_upload(file, *, prefix="uploads"):
    """Check `file` (an UploadedFile or any file object with a name) and return a
    CleanUpload, or raise ValidationError saying why it is refused."""
    size = getattr(file, "size", None)
    limit = max_upload_bytes()
    if size is not None and size > limit:
        raise _too_large()
    file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise _too_large()
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    kind = sniff(data[:32])
    if kind is None:
        if MARKUP_START.match(data[:512]):
            raise ValidationError(
                _("SVG, HTML and XML files are not accepted. Upload a photo or a PDF."),
                code="markup",
            )
        raise ValidationError(
            _(
                "This file is not a JPEG, PNG, WebP or HEIC photo or a PDF "
                "(its contents were checked, not its name)."
            ),
            code="type",
        )
    if kind.pillow_format is None:
        _check_pdf(data)
        clean, content_type, extension = data, kind.content_type, kind.extension
    else:
        clean, content_type, extension = _reencode_image(data, kind)
    return CleanUpload(
        content=ContentFile(clean, name=generated_key(prefix, extension)),
        original_name=sanitize_filename(getattr(file, "name", "")),
        content_type=content_type,
        size=len(clean),
        sha256=hashlib.sha256(clean).hexdigest(),
    )


def _too_large():
    return ValidationError(
        _("The file is larger than %(mb)s MB.") % {"mb": settings.MAX_UPLOAD_MB},
        code="too_large",
    )


def _unreadable_image():
    return ValidationError(
        _("The picture could not be read. Take the photo again or upload a PDF."),
        code="image",
    )


def _reencode_image(data, kind):
    """Decode and re-encode: only the pixels survive (no EXIF, no trailing data)."""
    from PIL import Image, ImageOps

    if kind is HEIC:
        from pillow_heif import register_heif_opener

        register_heif_opener()
    try:
        with Image.open(io.BytesIO(data), formats=[kind.pillow_format]) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise _unreadable_image()
            probe.verify()
        with Image.open(io.BytesIO(data), formats=[kind.pillow_format]) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            target = "JPEG" if kind is HEIC else kind.pillow_format
            clean = _pixels_only(image, target)
            out = io.BytesIO()
            if target == "JPEG":
                clean.save(out, format="JPEG", quality=90, optimize=True)
            elif target == "PNG":
                clean.save(out, format="PNG", optimize=True)
            else:
                clean.save(out, format="WEBP", quality=90)
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _unreadable_image() from None
    content_type = "image/jpeg" if target == "JPEG" else kind.content_type
    extension = "jpg" if target == "JPEG" else kind.extension
    return out.getvalue(), content_type, extension


def _pixels_only(image, target):
    """A new image holding only the pixels, in a mode `target` can store."""
    from PIL import Image

    keep_alpha = target != "JPEG" and (
        image.mode in ("RGBA", "LA") or "transparency" in image.info
    )
    mode = "RGBA" if keep_alpha else ("L" if image.mode in ("1", "L") else "RGB")
    converted = image.convert(mode)
    clean = Image.new(mode, converted.size)
    clean.paste(converted)
    return clean


def _pdf_refused(message):
    return ValidationError(message, code="pdf")


def _check_pdf(data):
    """Refuse PDFs that can run code or smuggle files, and ones we cannot read."""
    normalized = _decode_pdf_name_escapes(data)
    for name in PDF_ACTIVE_NAMES:
        if re.search(re.escape(name) + rb"(?![A-Za-z0-9])", normalized):
            raise _pdf_refused(_active_pdf_message())
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _pdf_refused(
                _("Password-protected PDFs are not accepted. Upload it without one.")
            )
        if len(reader.pages) < 1:
            raise _pdf_refused(_("The PDF has no pages."))
        _walk_pdf(reader.trailer, set(), 0)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError, OSError):
        raise _pdf_refused(
            _("The PDF could not be read. Save it again or upload a photo.")
        ) from None


def _active_pdf_message():
    return _(
        "PDFs with scripts, actions or attached files are not accepted. Print the "
        "receipt to PDF again or upload a photo."
    )


def _decode_pdf_name_escapes(data):
    """`/J#61vaScript` is `/JavaScript` to a PDF reader; decode #xx in names."""
    return re.sub(
        rb"/[^\s/<>\[\]()]*#[0-9A-Fa-f]{2}[^\s/<>\[\]()]*",
        lambda m: re.sub(
            rb"#([0-9A-Fa-f]{2})", lambda h: bytes([int(h.group(1), 16)]), m.group(0)
        ),
        data,
    )


def _walk_pdf(obj, seen, depth):
    """Look through every object reachable from the trailer, compressed object
    streams included, for active names."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    if depth > 200:
        raise _pdf_refused(_active_pdf_message())
    if isinstance(obj, IndirectObject):
        key = (obj.idnum, obj.generation)
        if key in seen:
            return
        seen.add(key)
        obj = obj.get_object()
    if isinstance(obj, DictionaryObject):
        for key, value in obj.items():
            if key.encode() in PDF_ACTIVE_NAMES:
                raise _pdf_refused(_active_pdf_message())
            if (
                key == "/S"
                and isinstance(value, NameObject)
                and value.encode() in PDF_ACTIVE_NAMES
            ):
                raise _pdf_refused(_active_pdf_message())
            if key in ("/Parent", "/P"):
                continue
            _walk_pdf(value, seen, depth + 1)
    elif isinstance(obj, ArrayObject):
        for item in obj:
            _walk_pdf(item, seen, depth + 1)
