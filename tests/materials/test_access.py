"""The access matrix: every members-only URL × every kind of person, from one table."""

import pytest
from django.urls import reverse
from freezegun import freeze_time

from materials.models import MaterialDocument
from tests.materials.factories import (
    FROZEN,
    OUTSIDERS,
    PEOPLE,
    READERS,
    SECRET,
    make_area,
    make_document,
    make_material,
)

TXT_SECRET = b"Plain text only members may read"
LOGIN = "login"  # a redirect to the login page that comes back

# url -> {group: (status, marker that must be in the body)}; groups: "anonymous",
# "outsider" (logged in, not an active member) and "reader".
EXPECTED = {
    "area": {
        "anonymous": (302, LOGIN),
        "outsider": (200, 'data-marker="members-only"'),
        "reader": (200, 'data-marker="materials-list"'),
    },
    "material": {
        "anonymous": (302, LOGIN),
        "outsider": (200, 'data-marker="members-only"'),
        "reader": (200, SECRET),
    },
    "document": {
        "anonymous": (404, None),
        "outsider": (404, None),
        "reader": (200, TXT_SECRET.decode()),
    },
    "stamped_pdf": {
        "anonymous": (404, None),
        "outsider": (404, None),
        "reader": (200, "%PDF"),
    },
    "wagtail_document_url": {
        "anonymous": (404, None),
        "outsider": (404, None),
        "reader": (302, "/members-documents/"),
    },
}


def group_of(person):
    if person == "anonymous":
        return "anonymous"
    return "reader" if person in READERS else "outsider"


def test_every_person_is_in_exactly_one_group():
    assert READERS.isdisjoint(OUTSIDERS)
    assert {"anonymous"} | READERS | OUTSIDERS == set(PEOPLE)


@pytest.fixture
def urls(home):
    pdf = make_document()
    txt = make_document(title="Памятка", data=TXT_SECRET, filename="memo.txt")
    area = make_area(home)
    material = make_material(area, document=pdf)
    MaterialDocument.objects.create(page=material, document=txt)
    return {
        "area": area.url,
        "material": material.url,
        "document": reverse("materials:document", args=[txt.pk]),
        "stamped_pdf": reverse("materials:document", args=[pdf.pk]),
        "wagtail_document_url": pdf.url,
    }


def check(response, url, person):
    """The differences between `response` and the table's row (empty when none)."""
    status, marker = EXPECTED[url][group_of(person)]
    if response.status_code != status:
        return [f"{url}: status {response.status_code}, expected {status}"]
    problems = []
    body = response.content.decode("latin-1" if url == "stamped_pdf" else "utf-8")
    location = response.get("Location", "")
    if marker == LOGIN:
        if not location.startswith(reverse("account_login") + "?next="):
            problems.append(f"{url}: redirected to {location}, not the login")
    elif status == 302:
        if not location.startswith(marker):
            problems.append(f"{url}: redirected to {location}")
    elif marker and marker not in body:
        problems.append(f"{url}: {marker!r} missing")
    if status in (200, 302):
        control = response.get("Cache-Control", "")
        if "private" not in control or "no-store" not in control:
            problems.append(f"{url}: Cache-Control {control!r}")
    if group_of(person) != "reader":
        for secret in (SECRET, "%PDF", TXT_SECRET.decode()):
            if secret in body:
                problems.append(f"{url}: {secret!r} shown to {person}")
    return problems


@pytest.mark.parametrize("person", PEOPLE)
def test_access_matrix(client, urls, person):
    """Each person × every URL of the table (one person built per test: fast)."""
    problems = []
    with freeze_time(FROZEN):
        user = PEOPLE[person]()
        if user is not None:
            client.force_login(user)
        for url in EXPECTED:
            problems += check(client.get(urls[url]), url, person)
    assert problems == []


def test_access_ends_the_day_after_without_a_job(client, home):
    material = make_material(make_area(home))
    with freeze_time(FROZEN):
        person = PEOPLE["expired"]()
    client.force_login(person)
    with freeze_time("2026-06-14 23:59:00+03:00"):
        assert SECRET in client.get(material.url).content.decode()
    with freeze_time("2026-06-15 00:00:30+03:00"):
        assert SECRET not in client.get(material.url).content.decode()


def test_non_member_is_invited_to_join_and_to_the_cabinet(client, home):
    from tests.factories import make_guide, make_guide_index

    guide = make_guide(make_guide_index(home), title="Как вступить в общество")
    area = make_area(home)
    area.join_guide = guide
    area.save()
    material = make_material(area)
    with freeze_time(FROZEN):
        client.force_login(PEOPLE["unpaid"]())
        body = client.get(material.url).content.decode()
    assert f'href="{reverse("membership:index")}"' in body
    assert f'href="{guide.url}"' in body
    assert "Краткое описание для всех" in body  # the teaser
