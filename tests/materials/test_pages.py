"""The members' area lists materials newest first, filters by topic and specialty,
pages; bad filter values are an empty or full list, never a 500; a video whose
provider can't be reached leaves a plain link."""

import datetime

import pytest
from freezegun import freeze_time

from tests.materials.factories import FROZEN, PEOPLE, TODAY, make_area, make_material
from tests.members.factories import make_specialty


@pytest.fixture
def area(home):
    area = make_area(home)
    uro = make_specialty()
    onko = make_specialty(name="Онкология", slug="oncology")
    for day, (title, specialty, topic) in enumerate(
        [
            ("Новый вебинар", uro, "вебинар"),
            ("Протокол собрания", onko, "собрание"),
            ("Старый вебинар", onko, "вебинар"),
        ]
    ):
        page = make_material(
            area,
            title=title,
            day=TODAY - datetime.timedelta(days=day),
            specialty=specialty,
        )
        page.topics.add(topic)
        page.save_revision().publish()
    area.specialties = (uro, onko)
    return area


def titles(client, area, params=None):
    with freeze_time(FROZEN):
        response = client.get(area.url, params or {})
    assert response.status_code == 200
    body = response.content.decode().split('data-marker="materials-list"')[1]
    names = ["Новый вебинар", "Протокол собрания", "Старый вебинар"]
    found = [name for name in names if name in body]
    return sorted(found, key=body.index)


@pytest.fixture
def reader(client):
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["active"]())


def test_newest_first(client, area, reader):
    assert titles(client, area) == [
        "Новый вебинар",
        "Протокол собрания",
        "Старый вебинар",
    ]


def test_filter_by_topic_and_specialty(client, area, reader):
    from taggit.models import Tag

    slug = Tag.objects.get(name="вебинар").slug
    uro, onko = area.specialties
    assert titles(client, area, {"topic": slug}) == ["Новый вебинар", "Старый вебинар"]
    assert titles(client, area, {"specialty": onko.pk}) == [
        "Протокол собрания",
        "Старый вебинар",
    ]
    assert titles(client, area, {"topic": slug, "specialty": uro.pk}) == [
        "Новый вебинар"
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"topic": "\x00'\""},
        {"topic": "я" * 10_000},
        {"specialty": "99999999999999999999999"},
        {"specialty": "-1"},
        {"page": "999999999999"},
        {"page": "abc"},
    ],
)
def test_bad_filter_values_never_500(client, area, reader, params):
    found = titles(client, area, params)
    assert found in ([], ["Новый вебинар", "Протокол собрания", "Старый вебинар"])


def test_pagination_keeps_the_filter(client, home, reader):
    from materials.models import PER_PAGE
    from tests.materials.factories import bulk_materials

    area = make_area(home)
    specialty = make_specialty()
    bulk_materials(area, PER_PAGE + 1, specialty=specialty)
    with freeze_time(FROZEN):
        body = client.get(area.url, {"specialty": specialty.pk}).content.decode()
    assert f"?page=2&amp;specialty={specialty.pk}" in body


def test_unreachable_video_leaves_a_link_and_is_not_asked_again(
    client, home, reader, monkeypatch
):
    from wagtail.embeds import embeds
    from wagtail.embeds.exceptions import EmbedNotFoundException

    calls = []

    def unreachable(url, *args, **kwargs):
        calls.append(url)
        raise EmbedNotFoundException

    monkeypatch.setattr(embeds, "get_embed", unreachable)
    video = "https://www.youtube.com/watch?v=abcdefghijk"
    material = make_material(make_area(home), video_url=video)
    with freeze_time(FROZEN):
        first = client.get(material.url)
        client.get(material.url)
    assert first.status_code == 200
    assert f'href="{video}"' in first.content.decode()
    assert len(calls) == 1
