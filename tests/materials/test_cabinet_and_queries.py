"""The cabinet block and query counts that do not grow with the number of materials."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from tests.materials.factories import FROZEN, PEOPLE, TODAY, make_area, make_material


def test_cabinet_shows_three_newest_to_members(client, home):
    area = make_area(home)
    for day in range(4):
        make_material(
            area, title=f"Материал {day}", day=TODAY - datetime.timedelta(days=day)
        )
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["active"]())
        body = client.get(reverse("members:index")).content.decode()
    assert "Материал 0" in body and "Материал 2" in body
    assert "Материал 3" not in body


def test_cabinet_tells_non_members_why_not(client, home):
    make_material(make_area(home), title="Материал X")
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["unpaid"]())
        body = client.get(reverse("members:index")).content.decode()
    assert "cabinet-materials" in body
    assert "Материал X" not in body
    assert reverse("membership:index") in body


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("kind", ["area", "material"])
def test_query_counts_constant(client, home, kind):
    area = make_area(home)
    material = make_material(area)
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["active"]())
        url = area.url if kind == "area" else material.url
        _count(client, url)  # warm caches (site, settings)
        few = _count(client, url)
        for number in range(45):
            make_material(area, title=f"Материал {number}")
        many = _count(client, url)
    assert few == many
