"""Bad input anywhere is a 400, a 404 or an empty result, never a 500.

The URL resolver is walked, so a URL added later is swept too: every parameter of
every route (the Wagtail admin aside) gets NUL bytes, quotes, huge numbers, 10 KB
strings and broken UTF-8, and every page gets the same in its query string.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import PageViewRestriction

from tests.events.factories import (
    attach_document,
    make_document,
    make_event,
    make_event_index,
)
from tests.factories import make_guide, make_guide_index, make_standard_page
from tests.members.factories import make_consent_page, make_member

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
LONG = "a" * 10_000
# Already percent-encoded: they travel in the URL as an attacker would send them.
TEXTS = [
    "%00",
    "x%00y",
    "%22x",
    "'",
    "%27%22%3C%3E",
    "%FF",
    "%C3%28",
    "%ED%A0%80",
    "%F4%90%80%80",
    "%2e%2e",
    "%25",
    LONG,
    HUGE,
    "-1",
]
NUMBERS = [HUGE, "9223372036854775808", "18446744073709551616", "0", "0" * 30 + "1"]
QUERY_NAMES = ["q", "page", "next", "when", "type", "city", "specialty", "month"]
QUERY_NAMES += ["mode", "size", "scheme", "images", "key", "token", "email"]
SKIPPED_PREFIXES = ("admin/",)
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def routes(patterns=None, prefix=""):
    """Every route of the URL configuration as a string, with its resolver prefix."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def route_urls(route):
    """URLs that fill each parameter of a `path()` route with bad values.

    Regular-expression routes (Wagtail's page serving, allauth's few) are cut at
    their first group and fed the same values as a path segment.
    """
    if route.startswith("^") or "(?P" in route or "(" in route:
        head = re.split(r"[\^(\[\\$]", route.lstrip("^"))[0]
        return [f"/{head}{value}/" for value in TEXTS]
    parameters = list(PARAMETER.finditer(route))
    if not parameters:
        return []
    urls = []
    for index, match in enumerate(parameters):
        values = NUMBERS if match["converter"] == "int" else TEXTS + NUMBERS
        for value in values:
            url = route
            for other_index, other in enumerate(parameters):
                filler = value if other_index == index else "1"
                url = url.replace(other.group(0), filler, 1)
            urls.append("/" + url)
    return urls


def swept_urls():
    urls = []
    for route in routes():
        if route.startswith(SKIPPED_PREFIXES):
            continue
        urls.extend(route_urls(route))
    return urls


@pytest.fixture
def site_with_every_page_type(home):
    """One page of each type, a private page and a document, so every view runs."""
    index = make_event_index(home)
    event = make_event(index, "Конгресс урологов")
    attach_document(event, make_document())
    make_guide(make_guide_index(home))
    make_consent_page(home)
    private = make_standard_page(home, title="Для своих", slug="private")
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="secret"
    )
    make_standard_page(home, title="О нас", slug="about")
    return home


def assert_no_server_error(client, urls, methods=("get", "post")):
    client.raise_request_exception = False
    errors = []
    for url in urls:
        for method in (getattr(client, name) for name in methods):
            response = method(url)
            if response.status_code >= 500:
                errors.append(f"{method.__name__.upper()} {url[:120]}")
    assert errors == []


def test_every_route_parameter_survives_bad_values(client, site_with_every_page_type):
    urls = swept_urls()
    assert any(url.startswith("/events-calendar/") for url in urls)
    assert any(url.startswith("/documents/") for url in urls)
    assert_no_server_error(client, urls)


def test_the_reported_calendar_file_overflow_is_a_404(client, home):
    assert client.get(f"/events-calendar/{HUGE}.ics").status_code == 404


def with_bad_queries(bases):
    """Each base URL with every parameter name the site reads set to each value."""
    return [
        base + "?" + "&".join(f"{name}={value}" for name in QUERY_NAMES)
        for base in bases
        for value in TEXTS + NUMBERS
    ]


def page_urls(home):
    return [page.url for page in home.get_descendants(inclusive=True).live()]


def test_every_page_survives_bad_query_values(client, site_with_every_page_type):
    fixed = ["/accessibility/", "/sitemap.xml", "/accounts/login/", "/cabinet/"]
    bases = page_urls(site_with_every_page_type) + fixed
    assert_no_server_error(client, with_bad_queries(bases), methods=("get",))


def test_the_cabinet_survives_bad_query_values(client, site_with_every_page_type):
    client.force_login(make_member())
    sections = ("", "profile/", "profile/edit/", "code/", "code/print/")
    urls = with_bad_queries(f"/cabinet/{section}" for section in sections)
    assert_no_server_error(client, urls, methods=("get",))


def test_search_survives_bad_query_values(client, home):
    assert_no_server_error(client, with_bad_queries(["/search/"]), methods=("get",))
