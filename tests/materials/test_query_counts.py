"""Query counts of the members' area, a material and the reader's search and menu
stay the same with 5 and with 300 materials."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time
from taggit.models import Tag

from tests.materials.factories import (
    FROZEN,
    PEOPLE,
    bulk_materials,
    make_area,
    make_material,
)
from tests.members.factories import make_specialty


def count_queries(client, url, params=None):
    client.get(url, params)  # warm up: the site-wide lookups after a change
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def measure(client, area, material, specialty, topic):
    filtered = {"specialty": str(specialty.pk), "topic": topic.slug}
    return {
        "area": count_queries(client, area.url),
        "area_filtered": count_queries(client, area.url, filtered),
        "area_page_2": count_queries(client, area.url, {"page": "2"}),
        "material": count_queries(client, material.url),
        "search": count_queries(client, "/search/", {"q": "Материал"}),
        "home_menu": count_queries(client, "/"),
        "cabinet": count_queries(client, "/cabinet/"),
    }


@pytest.mark.parametrize("person", ["active", "unpaid"])
def test_query_counts_do_not_grow_with_the_number_of_materials(client, home, person):
    specialty = make_specialty()
    topic = Tag.objects.create(name="вебинар", slug="vebinar")
    area = make_area(home)
    material = make_material(area, title="Материал с документом")
    with freeze_time(FROZEN):
        client.force_login(PEOPLE[person]())
        bulk_materials(area, 4, specialty=specialty, topic=topic)
        few = measure(client, area, material, specialty, topic)
        bulk_materials(area, 300 - 5, specialty=specialty, topic=topic)
        many = measure(client, area, material, specialty, topic)
    assert few == many
