"""`{% contentcache %}`: the header, the footer and the body of public pages are
rendered once per content generation and kept in the shared cache. What a visitor
sees must never be someone else's fragment: each test below shows the fragment was
cached, then that the value it varies on gives the right markup."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Site

from home.models import HomePage, SocietySettings
from tests.events.factories import make_event, make_event_index
from tests.factories import (
    cached_fragment_keys,
    make_guide,
    make_guide_index,
    make_standard_page,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def get(client, url, host="localhost", **params):
    response = client.get(url, params, HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def guide(home):
    return make_guide(make_guide_index(home), "Как вступить", slug="kak-vstupit")


def test_a_repeated_guide_visit_reuses_its_rendered_body(client, guide):
    """The control: the body is really cached (the steps are not queried again)."""
    client.get(guide.url)
    with CaptureQueriesContext(connection) as first:
        client.get(guide.url)
    steps = [q for q in first.captured_queries if "instructionstep" in q["sql"]]

    assert steps == []
    assert guide.steps.first().title in get(client, guide.url)


def test_a_published_change_shows_on_the_cached_guide_at_once(client, guide):
    client.get(guide.url)

    guide.title = "Как стать членом общества"
    guide.save_revision().publish()

    assert "Как стать членом общества" in get(client, guide.url)


def test_a_signed_in_visitor_gets_the_cabinet_link_not_the_cached_login_link(
    client, guide
):
    anonymous = get(client, guide.url)
    assert "Войти" in anonymous  # the anonymous header is now cached

    user = get_user_model().objects.create_user(
        email="doctor@example.org", password="x" * 12
    )
    client.force_login(user)
    signed_in = get(client, guide.url)

    assert "Личный кабинет" in signed_in
    assert "Войти" not in signed_in


def current_menu_item(html):
    match = re.search(r'<a href="([^"]+)" aria-current="page"', html)
    return match and match.group(1)


def test_the_menu_marks_the_section_of_each_page_not_of_the_first_one_cached(
    client, home
):
    about = make_standard_page(home, title="О нас", slug="o-nas", show_in_menus=True)
    contacts = make_standard_page(
        home, title="Контакты", slug="kontakty", show_in_menus=True
    )

    assert current_menu_item(get(client, about.url)) == about.url
    assert current_menu_item(get(client, contacts.url)) == contacts.url


def test_the_search_box_shows_this_search_not_the_last_one(client, home):
    get(client, "/search/", q="взнос")

    page = get(client, "/search/", q="конгресс")

    assert 'value="конгресс"' in page
    assert 'value="взнос"' not in page


def test_the_english_visitor_gets_the_english_header_and_body(client, guide):
    get(client, guide.url)  # the Russian fragments are now cached

    client.get("/language/", {"lang": "en", "next": "/"})
    page = get(client, guide.url)

    assert "Contents" in page and "Log in" in page
    assert "Содержание" not in page


def test_each_site_gets_its_own_header_and_footer(client, home):
    root = Page.get_first_root_node()
    other_home = HomePage(title="Другое общество", slug="other", hero_title="Другое")
    root.add_child(instance=other_home)
    other = Site.objects.create(hostname="other.example", root_page=other_home, port=80)
    SocietySettings.objects.create(
        site=other, full_name="Общество онкологов", short_name="ОО"
    )
    assert "Общество урологов" in get(client, "/")  # cached for the first site

    page = get(client, "/", host="other.example")

    assert "Общество онкологов" in page
    assert "Общество урологов" not in page


@pytest.fixture
def event(home):
    index = make_event_index(home)
    return make_event(
        index,
        "Конгресс урологов",
        start=timezone.now() + 2 * DAY,
        end=timezone.now() + 3 * DAY,
    )


def test_an_event_that_has_ended_says_so_though_its_page_was_cached(client, event):
    assert "Мероприятие завершилось" not in get(client, event.url)

    # The clock moves on; nothing is published (so the generation stays).
    type(event).objects.filter(pk=event.pk).update(
        start=timezone.now() - 3 * DAY, end=timezone.now() - 2 * DAY
    )
    page = get(client, event.url)

    assert "Мероприятие завершилось" in page


def test_a_preview_is_never_served_from_or_stored_in_the_cache(client, guide):
    from wagtail.models import Page as WagtailPage

    get(client, guide.url)  # cached
    page = WagtailPage.objects.get(pk=guide.pk).specific
    page.title = "Черновик заголовка"
    request = client.get("/").wsgi_request
    request.is_preview = True
    preview = page.serve_preview(request, "").render().content.decode()

    assert re.search(r"<h1[^>]*>Черновик заголовка</h1>", preview)  # the body too
    assert "Черновик заголовка" not in get(client, guide.url)


def test_a_search_does_not_keep_a_header_of_its_own(client, home):
    """Any text can be searched for: a header per query would fill the cache."""
    get(client, "/")
    before = cached_fragment_keys()

    get(client, "/search/", q="взнос")
    get(client, "/search/", q="конгресс")

    assert cached_fragment_keys() == before  # the footer is the home page's


def test_the_footer_turns_the_year_at_new_year_though_it_was_cached(client, home):
    from freezegun import freeze_time

    with freeze_time("2026-12-31 20:59:00"):  # 23:59 in Moscow
        assert "© 2026" in get(client, "/")
    with freeze_time("2026-12-31 21:01:00"):
        page = get(client, "/")

    assert "© 2027" in page


def test_the_event_data_for_search_engines_names_the_site_not_the_visitors_host(
    client, home
):
    from tests.factories import make_image

    index = make_event_index(home)
    event = make_event(
        index,
        "Конгресс урологов",
        start=timezone.now() + 5 * DAY,
        cover_image=make_image("Обложка"),
    )
    get(client, event.url, host="evil.example")  # the default site answers it

    page = get(client, event.url)
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)

    assert "http://localhost/" in data.group(1)
    assert "evil.example" not in data.group(1)


def event_with_document(home, title):
    """An event showing one document, and the document."""
    from tests.events.factories import attach_document, make_document

    event = make_event(
        make_event_index(home), "Конгресс урологов", start=timezone.now() + 5 * DAY
    )
    document = make_document(title)
    attach_document(event, document)
    return event, document


def test_a_renamed_document_shows_on_the_cached_event_page_at_once(client, home):
    event, document = event_with_document(home, "Программа (черновик)")
    assert "Программа (черновик)" in get(client, event.url)

    document.title = "Программа конгресса"
    document.save()
    page = get(client, event.url)

    assert "Программа конгресса" in page
    assert "Программа (черновик)" not in page


def test_a_deleted_document_leaves_the_cached_event_page_at_once(client, home):
    event, document = event_with_document(home, "Список участников")
    assert "Список участников" in get(client, event.url)

    document.delete()

    assert "Список участников" not in get(client, event.url)
