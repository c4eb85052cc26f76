"""Wagtail's shared passwords for private pages and documents can't be guessed
without limit: wrong passwords are throttled like failed logins."""

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests.factories import make_standard_page

pytestmark = pytest.mark.django_db

TOO_MANY = "Слишком много попыток"
SECRET = "secret-42"  # noqa: S105 (a test page's password)


def restricted_page(home, slug="private"):
    page = make_standard_page(home, title="Для своих", slug=slug)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type="password", password=SECRET
    )
    url = reverse(
        "wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]
    )
    return page, url


def try_password(client, url, password, **extra):
    return client.post(url, {"password": password, "return_url": "/"}, **extra)


def test_a_page_password_locks_after_five_wrong_tries(client, home):
    page, url = restricted_page(home)
    for _attempt in range(5):
        response = try_password(client, url, "guess")
        assert response.status_code == 200
        assert TOO_MANY not in response.content.decode()
    response = try_password(client, url, SECRET)
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    # Not let in: the page still asks for its password.
    assert 'name="password"' in client.get(page.url).content.decode()


def test_the_page_lock_holds_for_other_clients_too(client, home):
    _page, url = restricted_page(home)
    for n in range(5):
        try_password(client, url, "guess", REMOTE_ADDR=f"198.51.100.{n}")
    response = try_password(client, url, SECRET, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429


def test_one_client_is_limited_across_pages(client, home):
    urls = [restricted_page(home, slug=f"private-{n}")[1] for n in range(3)]
    for n in range(10):
        try_password(client, urls[n % 3], "guess")
    response = try_password(client, urls[0], SECRET)
    assert response.status_code == 429


def test_the_right_password_is_not_counted(client, home):
    page, url = restricted_page(home)
    for _attempt in range(6):
        response = try_password(client, url, SECRET)
        assert response.status_code == 302
    assert client.get(page.url).status_code == 200


def test_a_document_collection_password_locks_after_five_wrong_tries(client, home):
    collection = Collection.get_first_root_node().add_child(name="Для своих")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password=SECRET
    )
    get_document_model().objects.create(title="Протокол", collection=collection)
    url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])
    for _attempt in range(5):
        assert try_password(client, url, "guess").status_code == 200
    assert try_password(client, url, SECRET).status_code == 429
