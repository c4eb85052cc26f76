"""Closing an account deletes receipt files from S3 too (moto's S3)."""

import datetime

import boto3
import pytest
from moto import mock_aws

from payments.models import Receipt
from privacy import services
from privacy.models import AccountClosure
from tests.privacy.factories import person_with_everything

pytestmark = pytest.mark.django_db
BUCKET = "society-private"


@pytest.fixture
def s3(settings, monkeypatch):
    from core import storage as core_storage

    with mock_aws():
        settings.AWS_ACCESS_KEY_ID = "testing"
        settings.AWS_SECRET_ACCESS_KEY = "testing"
        settings.AWS_S3_REGION_NAME = "us-east-1"
        settings.AWS_PRIVATE_STORAGE_BUCKET_NAME = BUCKET
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        storage = core_storage._s3_storage()
        for model, name in ((Receipt, "file"),):
            monkeypatch.setattr(model._meta.get_field(name), "storage", storage)
        yield client


def _keys(client):
    listing = client.list_objects_v2(Bucket=BUCKET)
    return {item["Key"] for item in listing.get("Contents", [])}


def test_receipt_files_are_deleted_from_s3(s3, home):
    user, _record = person_with_everything(home)
    receipt_keys = {
        f"private/{r.file.name}" for r in Receipt.objects.filter(payment__user=user)
    }
    assert receipt_keys <= _keys(s3)
    services.account_close(user=user, actor=user)
    assert len(receipt_keys & _keys(s3)) == 1  # the accepted one, for accounting
    services.retention_run(
        today=AccountClosure.objects.get(user=user).retain_until
        + datetime.timedelta(days=1)
    )
    assert receipt_keys & _keys(s3) == set()
