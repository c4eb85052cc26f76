"""A request body over the limit is refused before it is read, on the site's page."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_a_body_over_the_limit_gets_413_and_the_sites_page(client, home):
    too_big = settings.MAX_REQUEST_BYTES + 1

    response = client.generic(
        "POST",
        "/accounts/login/",
        data=b"x",
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(too_big),
    )

    assert response.status_code == 413
    html = response.content.decode()
    assert "Файл слишком большой" in html
    assert f"до {settings.MAX_UPLOAD_MB} МБ" in html
    assert 'class="site-header' in html  # the site's own design


def test_a_body_within_the_limit_reaches_the_view(client, home):
    response = client.post(
        "/accounts/login/", {"login": "a@example.org", "password": "x"}
    )

    assert response.status_code == 200
