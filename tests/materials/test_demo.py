"""The demo members' area: through core's registry, four materials (a PDF, a video,
a specialty each), who can and cannot read them printed; twice is safe."""

import io

import pytest

from core.demo import demo_loaders
from materials.models import MaterialDocument, MaterialPage, MembersAreaPage
from membership import demo as membership_demo
from tests.members.factories import make_specialty

pytestmark = pytest.mark.django_db


def test_demo_area_and_who_can_read(home):
    make_specialty()
    make_specialty(name="Онкология", slug="oncology")
    membership_demo.load(home=home, stdout=io.StringIO())
    loader = next(loader for loader in demo_loaders() if loader.name == "materials")
    out = io.StringIO()
    loader.load(home=home, stdout=out)
    loader.load(home=home, stdout=io.StringIO())  # a second run changes nothing

    area = MembersAreaPage.objects.get()
    materials = MaterialPage.objects.child_of(area).live()
    assert materials.count() == 4
    assert materials.exclude(video_url="").count() == 1
    assert MaterialDocument.objects.count() == 1
    assert materials.filter(specialty__isnull=True).count() == 0
    printed = out.getvalue()
    readers, outsiders = printed.split("can read:")[1].split("cannot read")
    assert "demo.chlen@example.org" in readers
    assert "demo.istek@example.org" in outsiders
    assert "demo.odobren@example.org" in outsiders
    assert "demo.chlen@example.org" not in outsiders
