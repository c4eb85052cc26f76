"""Private files never get a public URL: a folder outside the media, or S3 private."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.core.files.base import ContentFile
from moto import mock_aws

from core.storage import SIGNED_URL_SECONDS, PrivateFileSystemStorage, private_storage


def test_local_private_storage_is_outside_the_public_media(settings):
    storage = private_storage()
    assert isinstance(storage, PrivateFileSystemStorage)
    private = Path(storage.location).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    assert private != media and media not in private.parents
    with pytest.raises(ValueError):
        storage.url("receipts/2026/05/x.png")


@mock_aws
def test_s3_private_storage_is_private_signed_and_short_lived(settings):
    settings.AWS_ACCESS_KEY_ID = "testing"
    settings.AWS_SECRET_ACCESS_KEY = "testing"
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_S3_CUSTOM_DOMAIN = "cdn.example.org"  # the public media's CDN
    settings.AWS_DEFAULT_ACL = "public-read"  # even if public media were public
    settings.AWS_PRIVATE_STORAGE_BUCKET_NAME = "society-private"
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="society-private")

    storage = private_storage()
    name = storage.save("receipts/2026/05/abc.png", ContentFile(b"data"))

    acl = s3.get_object_acl(Bucket="society-private", Key=f"private/{name}")
    grants = {
        (g["Grantee"].get("URI", "owner"), g["Permission"]) for g in acl["Grants"]
    }
    assert all("AllUsers" not in uri for uri, _perm in grants)
    url = storage.url(name)
    assert "cdn.example.org" not in url
    query = parse_qs(urlsplit(url).query)
    # Signature version 4 (the project's setting): a signed lifetime in seconds.
    assert "X-Amz-Signature" in query
    assert int(query["X-Amz-Expires"][0]) <= SIGNED_URL_SECONDS  # minutes, not days
