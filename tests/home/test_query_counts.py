"""A page costs the same number of queries however much content it has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import HomePageFeaturedGuide
from ops import lookups
from tests.factories import (
    make_guide,
    make_guide_index,
    make_image,
    make_standard_page,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    """(queries when nothing is cached, queries when the page's fragments are)."""
    client.get(url)  # warm per-process caches (site root paths, renditions)
    lookups.invalidate()  # a new content generation: every fragment and lookup missed
    with CaptureQueriesContext(connection) as cold:
        response = client.get(url)
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    return len(cold), len(warm)


def test_guide_queries_do_not_grow_with_steps_screenshots_or_faq(client, home):
    index = make_guide_index(home)
    small = make_guide(
        index, title="Маленькая", slug="small", steps=2, faqs=1, images=1
    )
    large = make_guide(
        index, title="Большая", slug="large", steps=25, faqs=15, images=12
    )

    assert count_queries(client, small.url) == count_queries(client, large.url)


def test_standard_page_queries_do_not_grow_with_blocks(client, home):
    def body(n):
        blocks = []
        for i in range(n):
            blocks += [
                ("heading", {"text": f"Раздел {i}", "level": "h2"}),
                ("paragraph", f"<p>Абзац {i}</p>"),
                (
                    "image",
                    {
                        "image": make_image(f"Фото {i}"),
                        "alt_text": f"Фото {i}",
                        "caption": "",
                    },
                ),
            ]
        return blocks

    small = make_standard_page(home, title="Мало", slug="few", body=body(1))
    large = make_standard_page(home, title="Много", slug="many", body=body(20))

    assert count_queries(client, small.url) == count_queries(client, large.url)


def test_home_and_index_queries_do_not_grow_with_child_pages(client, home):
    index = make_guide_index(home)
    guide = make_guide(index, slug="first")
    HomePageFeaturedGuide.objects.create(home=home, page=guide)
    for i in range(2):
        make_standard_page(
            home, title=f"Раздел {i}", slug=f"section-{i}", show_in_menus=True
        )
    home_before = count_queries(client, "/")
    index_before = count_queries(client, index.url)

    for i in range(2, 15):
        make_standard_page(
            home, title=f"Раздел {i}", slug=f"section-{i}", show_in_menus=True
        )
    for i in range(5):
        extra = make_guide(index, title=f"Инструкция {i}", slug=f"guide-{i}", steps=1)
        HomePageFeaturedGuide.objects.create(home=home, page=extra)

    assert count_queries(client, "/") == home_before
    assert count_queries(client, index.url) == index_before
