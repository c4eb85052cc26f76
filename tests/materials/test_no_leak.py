"""A unique word in a private material: search, sitemap, menus and the page cache."""

import pytest
from django.test import override_settings
from freezegun import freeze_time

from tests.materials.factories import FROZEN, PEOPLE, SECRET, make_area, make_material


@pytest.fixture
def material(home):
    return make_material(make_area(home))


@pytest.mark.parametrize(
    ("person", "found"),
    [("anonymous", False), ("applicant", False), ("expired", False), ("active", True)],
)
def test_search_finds_the_unique_word_only_for_readers(client, material, person, found):
    with freeze_time(FROZEN):
        user = PEOPLE[person]()
        if user is not None:
            client.force_login(user)
        response = client.get("/search/", {"q": SECRET})
    assert (material.title in response.content.decode()) is found


def test_sitemap_never_lists_materials(client, material):
    body = client.get("/sitemap.xml").content.decode()
    assert material.slug not in body
    assert "members-area" not in body


@pytest.mark.parametrize(("person", "shown"), [("applicant", False), ("active", True)])
def test_menu_shows_the_area_only_to_readers(client, material, person, shown):
    with freeze_time(FROZEN):
        client.force_login(PEOPLE[person]())
        response = client.get("/")
    assert ("/members-area/" in response.content.decode()) is shown


@override_settings(PAGE_CACHE_SECONDS=600)
def test_page_cache_never_stores_a_material(client, material):
    from django.core.cache import cache

    from ops.pagecache import ENTRY_PREFIX

    for url in (material.url, material.get_parent().url):
        client.get(url)
    redis_keys = getattr(cache, "keys", None)
    if redis_keys:
        assert not list(redis_keys(ENTRY_PREFIX + "*"))
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["active"]())
        response = client.get(material.url)
    assert response["Cache-Control"] == "private, no-store"
