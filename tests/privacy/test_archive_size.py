"""A big archive is streamed: 10,000 rows and a large upload never sit in memory."""

import io
import json
import os
import tempfile
import tracemalloc
import zipfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.utils import timezone
from wagtail.models import ModelLogEntry

from core.storage import private_storage
from payments.models import Receipt
from privacy.archive import write_zip
from tests.members.factories import make_member
from tests.payments.factories import make_payment

pytestmark = pytest.mark.django_db

ROWS = 10_000
UPLOAD_MB = 40


def test_10000_rows_and_a_large_upload_are_streamed(home):
    user = make_member()
    content_type = ContentType.objects.get_for_model(user)
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=content_type,
            object_id=str(user.pk),
            label="x",
            timestamp=timezone.now(),
            action="privacy.account.logged_in",
            data={"target_user": str(user.pk), "ip": "10.0.0.1"},
        )
        for _ in range(ROWS)
    )
    payment = make_payment(user)
    with tempfile.TemporaryFile() as big:
        for _ in range(UPLOAD_MB):
            big.write(os.urandom(1024 * 1024))
        big.seek(0)
        name = private_storage().save("receipts/big.pdf", File(big, name="big.pdf"))
    Receipt.objects.create(
        payment=payment,
        version=1,
        file=name,
        original_name="скан.pdf",
        content_type="application/pdf",
        size=UPLOAD_MB * 1024 * 1024,
        sha256="0" * 64,
        review_due="2026-12-10",
        uploaded_by=user,
    )
    with tempfile.TemporaryFile() as target:
        tracemalloc.start()
        write_zip(target, user=user)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        target.seek(0)
        with zipfile.ZipFile(target) as zf:
            data = json.load(io.TextIOWrapper(zf.open("data.json"), "utf-8"))
            stored = zf.getinfo(next(n for n in zf.namelist() if "скан" in n))
    assert len(data["categories"]["members.history"]["rows"]) >= ROWS
    assert stored.file_size == UPLOAD_MB * 1024 * 1024
    assert peak < 25 * 1024 * 1024  # well under the upload's 40 MB
