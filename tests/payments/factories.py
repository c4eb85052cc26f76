"""Builders for the payments tests: settings, payments in each state, files, staff."""

import datetime
import io
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import Site

from core.uploads import clean_upload
from payments import receipts, services
from payments.models import PaymentKind, PaymentSettings
from tests.factories import UserFactory
from tests.members.factories import make_member

FEE = Decimal("1500.00")
YEAR_START = datetime.date(2027, 1, 1)
YEAR_END = datetime.date(2027, 12, 31)

BANK = {
    "recipient": "Общероссийская общественная организация «Общество урологов»",
    "inn": "7701234567",
    "kpp": "770101001",
    "account": "40703810900000001234",
    "bank_name": "ПАО Сбербанк",
    "bic": "044525225",
    "correspondent_account": "30101810400000000225",
}


def bank_settings(**overrides):
    site = Site.objects.get(is_default_site=True)
    payment_settings, _ = PaymentSettings.objects.update_or_create(
        site=site, defaults={**BANK, **overrides}
    )
    return payment_settings


def make_payment(user=None, *, amount=FEE, period_start=YEAR_START, **kwargs):
    user = user or make_member()
    return services.payment_create(
        user=user,
        kind=PaymentKind.DUES,
        amount=amount,
        currency="RUB",
        period_start=period_start,
        period_end=kwargs.pop(
            "period_end",
            period_start.replace(month=12, day=31) if period_start else None,
        ),
        description=kwargs.pop("description", "Членский взнос за 2027 год"),
        **kwargs,
    )


def png_bytes(size=(40, 30), color=(200, 30, 30), **save_kwargs):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG", **save_kwargs)
    return buffer.getvalue()


def jpeg_bytes(size=(40, 30), color=(30, 200, 30), exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(buffer, format="JPEG", exif=exif)
    else:
        image.save(buffer, format="JPEG")
    return buffer.getvalue()


def pdf_bytes(extra_catalog=b""):
    """A small valid one-page PDF; `extra_catalog` is added to its catalog."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + extra_catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


def uploaded(data, name="receipt.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def submit_receipt(payment, *, data=None, name="чек.png", **kwargs):
    upload = clean_upload(uploaded(data or png_bytes(), name), prefix="receipts")
    return receipts.receipt_submit(
        payment=payment, user=payment.user, upload=upload, **kwargs
    )


def make_reviewer(**fields):
    """Staff in the "Бухгалтерия" role: admin access and receipt review."""
    user = UserFactory(**fields)
    group, _ = Group.objects.get_or_create(name="Бухгалтерия")
    group.permissions.add(
        Permission.objects.get(codename="review_receipt"),
        Permission.objects.get(codename="access_admin"),
    )
    user.groups.add(group)
    return user


def make_staff_without_review(**fields):
    """Staff who may use the admin but not review receipts."""
    user = UserFactory(**fields)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def pdf_with_js_in_object_stream():
    """A PDF 1.5 whose JavaScript action sits inside a compressed object stream:
    a byte scan sees nothing; only reading the PDF's objects finds it."""
    import zlib

    out = io.BytesIO()
    out.write(b"%PDF-1.5\n")
    offsets = {}

    def write_object(number, body):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    write_object(1, b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>")
    write_object(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    write_object(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>")
    hidden = b"<< /S /JavaScript /JS (app.alert(1)) >>"
    header = b"4 0 "
    packed = zlib.compress(header + hidden)
    write_object(
        5,
        b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\n"
        b"stream\n" % (len(header), len(packed)) + packed + b"\nendstream",
    )
    xref_offset = out.tell()
    rows = [bytes([0]) + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")]
    for number in (1, 2, 3):
        rows.append(bytes([1]) + offsets[number].to_bytes(4, "big") + b"\0\0")
    rows.append(bytes([2]) + (5).to_bytes(4, "big") + (0).to_bytes(2, "big"))
    rows.append(bytes([1]) + offsets[5].to_bytes(4, "big") + b"\0\0")
    rows.append(bytes([1]) + xref_offset.to_bytes(4, "big") + b"\0\0")
    table = b"".join(rows)
    out.write(
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\n"
        b"stream\n" % len(table) + table + b"\nendstream\nendobj\n"
    )
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref_offset)
    return out.getvalue()
