import pytest

from tests.factories import make_guide, make_guide_index

pytestmark = pytest.mark.django_db


def test_guide_renders_numbered_steps(client, home):
    guide = make_guide(make_guide_index(home), steps=3, images=1)
    response = client.get(guide.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Шаг номер 3" in html
    assert 'alt="Снимок экрана шага 1"' in html
