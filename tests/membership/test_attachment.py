"""The optional document of an application: checked by content, private, served
only to the applicant and the Presidium."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from membership.models import Application
from tests.membership.factories import make_applicant
from tests.payments.factories import png_bytes, uploaded

pytestmark = pytest.mark.django_db


def _apply(client, person, file):
    client.force_login(person)
    return client.post(
        reverse("membership:apply"),
        {"confirm": "on", "comment": "", "attachment": file},
    )


@pytest.fixture
def with_letter(client, home, applicant):
    _apply(client, applicant, uploaded(png_bytes(), "../../рекомендация.png"))
    return Application.objects.get(user=applicant)


def test_the_letter_is_stored_privately_under_a_generated_name(with_letter):
    assert with_letter.attachment_name == "рекомендация.png"
    assert with_letter.attachment.name.startswith("applications/")
    assert "рекомендация" not in with_letter.attachment.name
    with pytest.raises(ValueError):
        _ = with_letter.attachment.url  # private storage has no public URL


def test_the_applicant_opens_their_letter(client, with_letter):
    response = client.get(reverse("membership:attachment", args=[with_letter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_another_member_gets_404(client, with_letter):
    client.force_login(make_applicant(email="other@example.org"))
    response = client.get(reverse("membership:attachment", args=[with_letter.pk]))
    assert response.status_code == 404


def test_the_presidium_opens_it_in_the_admin(client, board, with_letter):
    client.force_login(board)
    url = reverse("membership_applications:attachment", args=[with_letter.pk])
    assert client.get(url).status_code == 200
    inspect = reverse("membership_applications:inspect", args=[with_letter.pk])
    assert f'src="{url}"' in client.get(inspect).content.decode()


def test_other_staff_cannot_open_it(client, with_letter):
    staff = make_applicant(email="staff@example.org")
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    url = reverse("membership_applications:attachment", args=[with_letter.pk])
    assert client.get(url)["Location"] == "/admin/"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "x.svg", "SVG, HTML и XML"),
        (b"<html><script>alert(1)</script></html>", "letter.jpg", "SVG, HTML и XML"),
        (b"", "empty.pdf", "файл пуст"),
    ],
)
def test_unsafe_files_are_refused_with_a_reason(
    client, home, applicant, data, name, message
):
    response = _apply(client, applicant, uploaded(data, name, "image/jpeg"))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.exists()
