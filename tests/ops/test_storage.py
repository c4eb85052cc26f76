"""Files on S3: plain URLs for public renditions, signed ones for everything else;
S3 down → a clear page and nothing saved."""

import io

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import override_settings
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from config.settings.files import file_storages
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BUCKET = "society-test"


def s3_storages(**extra):
    """STORAGES for a bucket; static files stay as the tests have them."""
    return {
        **file_storages(s3_env(**extra), "/nonexistent"),
        "staticfiles": settings.STORAGES["staticfiles"],
    }


def s3_env(**extra):
    values = {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_S3_CUSTOM_DOMAIN": "cdn.society.example.org",
        **extra,
    }
    return lambda name, default=None: values.get(name, default)


@pytest.fixture
def s3():
    from moto import mock_aws

    with mock_aws():
        import boto3

        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        with override_settings(STORAGES=s3_storages()):
            yield


def test_public_storage_gives_plain_urls_on_the_cdn_domain(s3):
    name = storages["public"].save("images/logo.png", ContentFile(b"png"))
    url = storages["public"].url(name)

    assert url == f"https://cdn.society.example.org/public/{name}"


def test_private_storage_gives_short_lived_signed_urls_off_the_cdn(s3):
    name = storages["private"].save("receipts/r.pdf", ContentFile(b"%PDF-1.4"))
    url = storages["private"].url(name)

    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=60" in url
    assert "cdn.society.example.org" not in url
    assert f"/private/{name}?" in url


def test_default_storage_for_documents_and_originals_is_signed_too(s3):
    name = storages["default"].save("documents/programme.pdf", ContentFile(b"%PDF"))

    assert "X-Amz-Signature=" in storages["default"].url(name)


def test_image_renditions_go_to_the_public_storage():
    assert settings.WAGTAILIMAGES_RENDITION_STORAGE == "public"


def test_private_objects_are_stored_with_a_private_acl(s3):
    import boto3

    name = storages["private"].save("receipts/r.pdf", ContentFile(b"%PDF-1.4"))
    grants = boto3.client("s3", region_name="us-east-1").get_object_acl(
        Bucket=BUCKET, Key=f"private/{name}"
    )["Grants"]

    assert all("AllUsers" not in str(grant["Grantee"]) for grant in grants)


def png_upload():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (10, 20, 30)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="photo.png")


def test_upload_while_s3_is_down_gets_a_clear_page_and_saves_nothing(client, home):
    # Nothing listens on port 1: every S3 call is refused.
    down = s3_storages(AWS_S3_ENDPOINT_URL="http://127.0.0.1:1")
    editor = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(editor)

    with override_settings(STORAGES=down):
        response = client.post(
            reverse("wagtailimages:add"),
            {
                "title": "Фото",
                "file": png_upload(),
                # More than one collection (the members' one): the form asks which.
                "collection": Collection.get_first_root_node().pk,
            },
        )

    assert response.status_code == 503
    assert "Хранилище файлов временно недоступно" in response.content.decode()
    assert get_image_model().objects.count() == 0
