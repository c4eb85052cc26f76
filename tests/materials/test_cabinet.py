"""The cabinet's overview: the members' area and its newest materials for readers,
why not and what to do for everyone else."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from tests.materials.factories import FROZEN, PEOPLE, TODAY, make_area, make_material


def section(client):
    body = client.get(reverse("members:index")).content.decode()
    assert 'data-marker="cabinet-materials"' in body
    return body.split('data-marker="cabinet-materials"', 1)[1].split("</section>")[0]


@pytest.fixture
def area(home):
    area = make_area(home)
    for day in range(4):
        make_material(
            area, title=f"Материал {day}", day=TODAY - datetime.timedelta(days=day)
        )
    return area


def test_cabinet_shows_the_three_newest_to_members(client, area):
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["active"]())
        html = section(client)
    assert "Материал 0" in html and "Материал 1" in html and "Материал 2" in html
    assert "Материал 3" not in html
    assert f'href="{area.url}"' in html


@pytest.mark.parametrize("person", ["applicant", "unpaid", "expired"])
def test_cabinet_tells_non_members_why_not_and_what_to_do(client, area, person):
    with freeze_time(FROZEN):
        client.force_login(PEOPLE[person]())
        html = section(client)
    assert not any(f"Материал {day}" in html for day in range(4))
    assert 'data-marker="materials-why-not"' in html
    assert f'href="{reverse("membership:index")}"' in html
    assert f'href="{area.url}"' in html  # the teasers are open to them


def test_no_area_no_section(client, home):
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["active"]())
        body = client.get(reverse("members:index")).content.decode()
    assert 'data-marker="cabinet-materials"' not in body
