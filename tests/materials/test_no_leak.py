"""A unique word in a private material: search, sitemap, menus, feeds, the page
cache; outsiders never meet it, readers do."""

import pytest
from django.test import override_settings
from django.urls import reverse
from freezegun import freeze_time

from tests.materials.factories import FROZEN, PEOPLE, SECRET, make_area, make_material

OUTSIDE = ["anonymous", "applicant", "unpaid", "expired"]


@pytest.fixture
def material(home):
    return make_material(make_area(home), title="Протокол Quibblezorn")


def _as(client, person):
    user = PEOPLE[person]()
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize(
    ("person", "found"), [*((p, False) for p in OUTSIDE), ("active", True)]
)
def test_search_finds_the_unique_word_only_for_readers(client, material, person, found):
    with freeze_time(FROZEN):
        _as(client, person)
        body = client.get("/search/", {"q": SECRET}).content.decode()
        by_title = client.get("/search/", {"q": "Quibblezorn"}).content.decode()
    assert (material.url in body) is found
    assert (material.url in by_title) is found


@pytest.mark.parametrize(
    ("person", "shown"), [*((p, False) for p in OUTSIDE), ("active", True)]
)
def test_menu_shows_the_area_only_to_readers(client, material, person, shown):
    with freeze_time(FROZEN):
        _as(client, person)
        body = client.get("/").content.decode()
    assert ('href="/members-area/"' in body) is shown


def test_menu_for_readers_does_not_leak_into_the_public_cache(client, material):
    """The menu is cached site-wide per audience: a reader's visit first must not
    put the area into the menu anonymous visitors get."""
    with freeze_time(FROZEN):
        _as(client, "active")
        assert 'href="/members-area/"' in client.get("/").content.decode()
        client.logout()
        assert 'href="/members-area/"' not in client.get("/").content.decode()


@pytest.mark.parametrize("person", ["anonymous", "active"])
def test_sitemap_never_lists_materials(client, material, person):
    with freeze_time(FROZEN):
        _as(client, person)
        body = client.get("/sitemap.xml").content.decode()
    assert material.slug not in body
    assert "members-area" not in body


def test_feeds_never_carry_materials(client, material):
    body = client.get(reverse("events:feed")).content.decode()
    assert SECRET not in body and "Quibblezorn" not in body


def test_removing_the_restriction_does_not_open_search_or_menus(client, material):
    """Even if an editor removes the area's login restriction in the privacy dialog,
    outsiders find nothing (core.visibility excludes the audience's pages)."""
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.all().delete()
    body = client.get("/search/", {"q": SECRET}).content.decode()
    assert material.url not in body
    assert 'href="/members-area/"' not in client.get("/").content.decode()
    response = client.get(material.url)
    assert response.status_code == 302
    assert SECRET not in response.content.decode()


@override_settings(PAGE_CACHE_SECONDS=600)
def test_page_cache_never_stores_a_material(client, material):
    from ops.pagecache import storable

    with freeze_time(FROZEN):
        _as(client, "active")
        for url in (material.url, material.get_parent().url):
            response = client.get(url)
            assert response.status_code == 200
            assert "private" in response["Cache-Control"]
            assert "no-store" in response["Cache-Control"]
            assert not storable(response.wsgi_request, response)
