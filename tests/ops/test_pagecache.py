"""The page cache for anonymous visitors: what it stores, what it never stores, and
that editors' changes show at once."""

import io

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags
from wagtail.models import PageViewRestriction

from home.models import SocietySettings
from tests.factories import make_standard_page
from tests.members.factories import make_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def page_cache_on():
    with override_settings(PAGE_CACHE_SECONDS=600):
        yield


@pytest.fixture
def about(home):
    page = make_standard_page(home, title="О нас", slug="about")
    page.save_revision().publish()
    return page


def test_anonymous_public_page_sets_no_cookie_and_may_be_shared(client, about):
    response = client.get(about.url)

    assert response.status_code == 200
    assert not response.cookies
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"].startswith('"')
    assert "Cookie" in response["Vary"]  # the language and a11y cookies matter


def test_second_visit_is_served_from_the_cache_without_queries(client, about):
    first = client.get(about.url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(about.url)

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_revalidating_browser_gets_304(client, about):
    etag = client.get(about.url)["ETag"]

    response = client.get(about.url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""


def test_language_and_accessibility_choices_get_their_own_pages(client, about):
    client.get(about.url)  # Russian, standard, now cached

    client.get("/language/", {"lang": "en", "next": "/"})
    english = client.get(about.url)
    client.get("/accessibility/", {"mode": "on", "next": "/"})
    large = client.get(about.url)

    assert '<html lang="en"' in english.content.decode()
    assert english["X-Page-Cache"] == "miss"
    assert 'class="a11y a11y-size-large' in large.content.decode()
    assert large["X-Page-Cache"] == "miss"


def test_unrelated_cookies_do_not_split_the_cache(client, about):
    client.get(about.url)
    client.cookies["_ym_uid"] = "12345"

    assert client.get(about.url)["X-Page-Cache"] == "hit"


def test_signed_in_people_never_get_or_fill_the_cache(client, about):
    client.get(about.url)  # the anonymous page is cached
    client.force_login(make_member())

    response = client.get(about.url)

    assert "X-Page-Cache" not in response
    assert "Личный кабинет" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_members_only_page_is_never_cached(client, home):
    private = make_standard_page(home, title="Для членов", slug="members-only")
    private.save_revision().publish()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )

    first = client.get(private.url)
    client.force_login(make_member())
    member = client.get(private.url)
    client.logout()
    again = client.get(private.url)

    assert first.status_code == 302  # to the login page
    assert member.status_code == 200
    assert again.status_code == 302
    assert again.get("X-Page-Cache") != "hit"


def test_a_response_that_sets_a_cookie_is_never_stored(rf):
    from django.http import HttpResponse

    from ops.pagecache import PageCacheMiddleware

    def view(request):
        response = HttpResponse("<p>Спасибо</p>")
        response.set_cookie("voted", "1")
        return response

    middleware = PageCacheMiddleware(view)
    first = middleware(rf.get("/poll/"))
    second = middleware(rf.get("/poll/"))

    assert first["X-Page-Cache"] == "bypass"
    assert second["X-Page-Cache"] == "bypass"
    assert "public" not in first.get("Cache-Control", "")


def test_password_protected_page_is_never_cached(client, home):
    page = make_standard_page(home, title="По паролю", slug="password")
    page.save_revision().publish()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    first = client.get(page.url)  # the password form, with a CSRF cookie
    client.cookies.clear()
    second = client.get(page.url)

    assert first.status_code == 200
    assert "csrftoken" in first.cookies
    assert second["X-Page-Cache"] == "bypass"
    assert "csrftoken" in second.cookies  # rendered again, not a stale token


def test_messages_cookie_and_unknown_query_parameters_bypass(client, about):
    client.get(about.url)

    tracked = client.get(about.url, {"utm_source": "mail"})
    client.cookies["messages"] = "x"
    with_messages = client.get(about.url)

    assert tracked.get("X-Page-Cache") is None  # not even looked up
    assert with_messages.get("X-Page-Cache") is None


# --- editors' changes show at once ---------------------------------------------------


def test_publishing_a_page_shows_the_new_version(
    client, about, django_capture_on_commit_callbacks
):
    client.get(about.url)
    about.title = "О нашем обществе"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()

    response = client.get(about.url)

    assert response["X-Page-Cache"] == "miss"
    assert "О нашем обществе" in response.content.decode()


def test_unpublishing_a_page_removes_it(
    client, about, django_capture_on_commit_callbacks
):
    client.get(about.url)
    with django_capture_on_commit_callbacks(execute=True):
        about.unpublish()

    assert client.get(about.url).status_code == 404


def test_deleting_a_page_removes_it_and_its_menu_link(
    client, home, django_capture_on_commit_callbacks
):
    page = make_standard_page(
        home, title="Конгрессы", slug="congresses", show_in_menus=True
    )
    page.save_revision().publish()
    assert "Конгрессы" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()

    assert "Конгрессы" not in client.get("/").content.decode()


def test_moving_a_page_shows_it_at_its_new_address(
    client, home, about, django_capture_on_commit_callbacks
):
    section = make_standard_page(home, title="Раздел", slug="section")
    old_url = about.url
    client.get(old_url)
    with django_capture_on_commit_callbacks(execute=True):
        about.move(section, pos="last-child")

    moved = client.get(old_url)
    assert moved.status_code == 301  # Wagtail's automatic redirect, not the old page
    assert moved["Location"] == "/section/about/"
    assert client.get("/section/about/").status_code == 200


def test_saving_site_settings_shows_on_every_page(
    client, about, django_capture_on_commit_callbacks
):
    client.get(about.url)
    settings = SocietySettings.objects.get()
    settings.phone = "+7 (900) 123-45-67"
    with django_capture_on_commit_callbacks(execute=True):
        settings.save()

    assert "+7 (900) 123-45-67" in strip_tags(client.get(about.url).content.decode())


def test_saving_a_snippet_starts_a_new_generation(
    client, about, django_capture_on_commit_callbacks
):
    from wagtail.snippets.models import get_snippet_models

    client.get(about.url)
    snippet_model = get_snippet_models()[0]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        snippet_model.objects.create(**{"name": "Андрология", "slug": "andrologiya"})

    assert callbacks
    assert client.get(about.url)["X-Page-Cache"] == "miss"


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "ops.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
)
def test_pages_are_rendered_when_the_cache_is_down(client, about):
    assert client.get(about.url).status_code == 200
    assert client.get(about.url).status_code == 200


def test_a_change_while_a_page_renders_is_not_hidden_by_a_fresh_generation(rf):
    """No generation stored yet (first start, or Redis evicted it): an editor's change
    that lands while the first page renders must still retire that page."""
    from django.core.cache import cache
    from django.http import HttpResponse

    from ops import pagecache

    versions = iter(["<p>старая версия</p>", "<p>новая версия</p>"])

    def view(request):
        content = next(versions)
        if content == "<p>старая версия</p>":
            pagecache._new_generation()  # the editor's publish commits meanwhile
        return HttpResponse(content)

    middleware = pagecache.PageCacheMiddleware(view)
    cache.delete(pagecache.GENERATION_KEY)
    middleware(rf.get("/news/"))
    second = middleware(rf.get("/news/"))

    assert second["X-Page-Cache"] == "miss"
    assert second.content.decode() == "<p>новая версия</p>"


def test_every_public_demo_page_sets_no_cookie_and_may_be_shared(client):
    """Home, guides, the calendar (also filtered), events, search: an anonymous visit
    sets no cookie (no CSRF token in the base template), so a cache may keep it."""
    from django.core.management import call_command
    from wagtail.models import Page

    call_command("load_demo", stdout=io.StringIO())
    urls = ["/", "/search/?q=НМО"]
    urls += [page.url for page in Page.objects.live().public().filter(depth__gt=2)]
    calendar = next(
        url for url in urls if "/events/" in url or "/meropriyatiya/" in url
    )
    urls.append(calendar + "?when=past&type=congress")

    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue
        assert not response.cookies, url
        assert response.get("Cache-Control", "").startswith("public, max-age="), (
            url,
            response.get("X-Page-Cache"),
        )
    assert len(urls) > 8
