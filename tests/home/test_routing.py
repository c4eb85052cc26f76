"""The front page finds a page below it by its stored address (HomePage.route) and
answers exactly as Wagtail's level-by-level walk does, in fewer queries."""

import hashlib

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from home.models import InstructionIndexPage
from ops import lookups
from tests.factories import make_guide, make_guide_index

pytestmark = pytest.mark.django_db


def route(home, path, *, wagtail=False):
    """(page id, args) that `path` routes to, or "404"; with Wagtail's own walk
    when `wagtail`."""
    request = RequestFactory().get("/" + path)
    components = [part for part in path.split("/") if part]
    router = Page.route if wagtail else type(home).route
    try:
        result = router(home, request, components)
    except Http404:
        return "404"
    return result.page.pk, result.args, result.kwargs


@pytest.fixture
def tree(home):
    guides = make_guide_index(home)
    join = make_guide(guides, "Как вступить", slug="kak-vstupit")
    draft = make_guide(guides, "Черновик", slug="chernovik")
    draft.unpublish()
    hidden = InstructionIndexPage(title="Архив", slug="arkhiv")
    home.add_child(instance=hidden)
    old = make_guide(hidden, "Старая инструкция", slug="staraya")
    hidden.unpublish()  # its child stays live: Wagtail still routes to it
    return {"guides": guides, "join": join, "old": old}


PATHS = [
    "",
    "guides/",
    "guides/kak-vstupit/",
    "guides/kak-vstupit",
    "guides/chernovik/",
    "guides/net-takoi/",
    "guides/kak-vstupit/lishnee/",
    "arkhiv/staraya/",
    "arkhiv/",
    "GUIDES/kak-vstupit/",
    "net/",
]


@pytest.mark.parametrize("path", PATHS)
def test_routes_as_wagtails_walk(home, tree, path):
    assert route(home, path) == route(home, path, wagtail=True)


def test_a_guide_two_levels_down_is_found_in_two_queries_then_one(home, tree):
    home = Page.objects.get(pk=home.pk).specific  # nothing cached on it
    with CaptureQueriesContext(connection) as first:
        found = route(home, "guides/kak-vstupit/")
    with CaptureQueriesContext(connection) as again:
        found_again = route(home, "guides/kak-vstupit/")

    assert found[0] == found_again[0] == tree["join"].pk
    assert (len(first), len(again)) == (2, 1)  # the address is remembered


def test_a_moved_page_is_found_at_its_new_address_only(home, tree):
    join = Page.objects.get(pk=tree["join"].pk)
    join.move(home, pos="last-child")

    assert route(home, "kak-vstupit/")[0] == join.pk
    assert route(home, "guides/kak-vstupit/") == "404"


def test_a_remembered_address_is_forgotten_when_its_page_moves(home, tree):
    assert route(home, "guides/kak-vstupit/")[0] == tree["join"].pk  # remembered

    Page.objects.get(pk=tree["join"].pk).move(home, pos="last-child")

    assert route(home, "guides/kak-vstupit/") == "404"


def test_a_remembered_address_of_an_unpublished_page_is_404(home, tree):
    assert route(home, "guides/kak-vstupit/")[0] == tree["join"].pk

    Page.objects.filter(pk=tree["join"].pk).update(live=False)  # no signal at all

    assert route(home, "guides/kak-vstupit/") == "404"


def test_a_remembered_address_of_a_deleted_page_is_404(home, tree):
    assert route(home, "guides/kak-vstupit/")[0] == tree["join"].pk

    Page.objects.get(pk=tree["join"].pk).delete()

    assert route(home, "guides/kak-vstupit/") == "404"


def route_key(home, path):
    url_path = home.url_path + path
    digest = hashlib.sha1(url_path.encode(), usedforsecurity=False).hexdigest()
    return f"lookups:route:{home.pk}:{digest}"


def test_an_address_that_names_no_page_is_not_remembered(home, tree):
    """Made-up addresses (scanners, typos) must not fill the shared cache."""
    assert route(home, "guides/net-takoi/") == "404"
    assert route(home, "guides/kak-vstupit/")[0] == tree["join"].pk  # the control

    assert cache.get(route_key(home, "guides/net-takoi/")) is None
    assert cache.get(route_key(home, "guides/kak-vstupit/")) is not None


def test_a_remembered_address_whose_page_is_gone_falls_back_to_the_walk(home, tree):
    """A page deleted between the cache's read and the load (another server):
    Wagtail's walk answers, no error."""
    name = route_key(home, "guides/kak-vstupit/").removeprefix("lookups:")
    lookups.cached(name, lambda: ("home.InstructionPage", 10**9))  # a stale entry

    assert route(home, "guides/kak-vstupit/")[0] == tree["join"].pk
