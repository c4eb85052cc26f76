"""Site-wide lookups from the cache: the same answers as Wagtail's, fresh after
every change, and far fewer queries per page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags
from wagtail.models import Page, PageViewRestriction

from home.models import SocietySettings
from ops import lookups
from tests.factories import make_standard_page

pytestmark = pytest.mark.django_db


def wagtail_public_ids():
    """What Wagtail's own `.public()` answers (its query, not the cached list)."""
    private = lookups.ORIGINALS["private_q"](Page.objects.all())
    return set(Page.objects.exclude(private).values_list("pk", flat=True))


@pytest.fixture
def tree(home):
    """home / open / {child}, home / club (login) / {inner / deep}, an alias."""
    pages = {"open": make_standard_page(home, title="Открыто", slug="open")}
    pages["child"] = make_standard_page(pages["open"], title="Дочь", slug="child")
    pages["club"] = make_standard_page(home, title="Клуб", slug="club")
    pages["inner"] = make_standard_page(pages["club"], title="Внутри", slug="inner")
    pages["deep"] = make_standard_page(pages["inner"], title="Глубже", slug="deep")
    PageViewRestriction.objects.create(
        page=pages["club"], restriction_type=PageViewRestriction.LOGIN
    )
    pages["alias"] = pages["inner"].create_alias(
        parent=pages["open"], update_slug="alias-of-inner"
    )
    return pages


def test_public_pages_are_the_same_as_wagtails_answer(tree):
    cached = set(Page.objects.public().values_list("pk", flat=True))

    assert cached == wagtail_public_ids()
    assert tree["deep"].pk not in cached
    assert tree["child"].pk in cached


def test_a_new_restriction_applies_at_once(tree):
    assert tree["child"].pk in set(Page.objects.public().values_list("pk", flat=True))

    PageViewRestriction.objects.create(
        page=tree["open"], restriction_type=PageViewRestriction.LOGIN
    )

    public = set(Page.objects.public().values_list("pk", flat=True))
    assert tree["child"].pk not in public
    assert public == wagtail_public_ids()


@pytest.mark.parametrize("name", ["open", "child", "club", "inner", "deep"])
def test_view_restrictions_of_a_page_are_the_same_as_wagtails(tree, name):
    page = Page.objects.get(pk=tree[name].pk)
    original = lookups.ORIGINALS["get_view_restrictions"]

    assert list(page.get_view_restrictions()) == list(original(page))


def test_an_unrestricted_page_is_checked_without_queries(tree):
    page = Page.objects.get(pk=tree["child"].pk)
    lookups.restrictions()  # cached

    with CaptureQueriesContext(connection) as queries:
        restrictions = list(page.get_view_restrictions())

    assert restrictions == []
    assert len(queries) == 0


def test_an_alias_takes_the_restrictions_of_its_sources_section(tree):
    """Wagtail alone checks only the source page itself: the alias of a page inside a
    login-only section would be public (its restrictions list would be empty)."""
    alias = Page.objects.get(pk=tree["alias"].pk)
    original = lookups.ORIGINALS["get_view_restrictions"]

    assert list(original(alias)) == []
    assert [r.page_id for r in alias.get_view_restrictions()] == [tree["club"].pk]


def test_an_alias_of_a_members_only_page_is_members_only_too(client, tree):
    alias = Page.objects.get(pk=tree["alias"].pk)

    response = client.get(alias.url)

    assert response.status_code == 302  # to the login page


def test_menu_shows_a_newly_published_page_and_drops_a_restricted_one(client, home):
    assert "Новости" not in client.get("/").content.decode()  # menu now cached
    news = make_standard_page(home, title="Новости", slug="news", show_in_menus=True)
    news.save_revision().publish()

    assert "Новости" in client.get("/").content.decode()

    PageViewRestriction.objects.create(
        page=news, restriction_type=PageViewRestriction.LOGIN
    )
    assert "Новости" not in client.get("/").content.decode()


def test_changed_society_settings_show_on_the_next_page(client, home):
    client.get("/")
    society = SocietySettings.objects.get()
    society.phone = "+7 (900) 765-43-21"
    society.save()

    assert "+7 (900) 765-43-21" in strip_tags(
        client.get("/").content.decode()
    )  # the number wraps between its parts


def test_site_settings_are_fresh_instances_not_shared_objects(home, rf):
    from wagtail.models import Site

    site = Site.objects.get()
    first = SocietySettings.for_site(site)
    first.phone = "changed in memory only"

    assert SocietySettings.for_site(site).phone != "changed in memory only"


def test_each_lookup_is_read_once_per_request(client, home, monkeypatch):
    client.get("/")  # fill the cache
    reads = []
    original = lookups.cache.get_many

    def counting(keys, *args, **kwargs):
        reads.extend(keys)
        return original(keys, *args, **kwargs)

    monkeypatch.setattr(lookups.cache, "get_many", counting)
    client.get("/")

    lookup_keys = [key for key in reads if key != lookups.GENERATION_KEY]
    assert len(lookup_keys) == len(set(lookup_keys))


def test_invalidate_caches_command_starts_a_new_generation(home):
    from django.core.cache import cache
    from django.core.management import call_command

    lookups.restrictions()
    before = cache.get(lookups.GENERATION_KEY)
    call_command("invalidate_caches")

    assert cache.get(lookups.GENERATION_KEY) != before


def test_a_change_while_a_lookup_is_computed_retires_it():
    """No generation stored yet (first start, eviction): a change that lands while the
    value is computed must not be hidden under a generation made up afterwards."""
    from django.core.cache import cache

    answers = iter(["старое", "новое"])

    def compute():
        value = next(answers)
        if value == "старое":
            lookups._new_generation()  # an editor's change commits meanwhile
        return value

    cache.delete(lookups.GENERATION_KEY)
    lookups.cached("race", compute)

    assert lookups.cached("race", compute) == "новое"
