"""Every database id in the site's own URLs goes through the `<id:>` converter (1 to
18 digits): Django's `<int:>` takes any length, and a 20-digit id overflowed SQLite's
INTEGER inside the query (a 500 instead of a 404)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

OUR_APPS = (
    "core",
    "home",
    "members",
    "membership",
    "payments",
    "credits",
    "events",
    "materials",
    "privacy",
    "ops",
)


def patterns(resolver, converters=()):
    """(route text, callback module, converters on the way) of every URL pattern."""
    for entry in resolver.url_patterns:
        found = converters + tuple(getattr(entry.pattern, "converters", {}).values())
        if isinstance(entry, URLResolver):
            yield from patterns(entry, found)
        elif isinstance(entry, URLPattern):
            module = getattr(entry.callback, "__module__", "") or ""
            yield str(entry.pattern), module, found


def test_no_url_of_ours_takes_an_unbounded_int():
    ours = [
        (route, module)
        for route, module, converters in patterns(get_resolver())
        if module.split(".")[0] in OUR_APPS
        and any(isinstance(c, IntConverter) for c in converters)
    ]
    assert ours == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/cabinet/membership/applications/99999999999999999999/attachment/",
        "/credits/checkin/99999999999999999999/",
    ],
)
def test_a_20_digit_id_is_a_404(client, path):
    from tests.members.factories import make_member

    client.force_login(make_member(email="ids@example.org"))
    assert client.get(path).status_code == 404
