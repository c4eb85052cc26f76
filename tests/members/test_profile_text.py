"""Names and other profile text: no text-direction overrides, nothing invisible."""

import pytest
from django.urls import reverse

from members.models import MemberProfile, User
from tests.members.factories import make_consent_page, make_member, signup_data

pytestmark = pytest.mark.django_db

MESSAGE = "Уберите невидимые символы или знаки направления текста"
BAD_VALUES = {
    "right-to-left override": "\u202eвонавИ",
    "left-to-right isolate": "Москва\u2066",
    "zero-width space only": "\u200b",
    "zero-width joiners only": "\u200c\u200d",
    "byte order mark": "\ufeffИванов",
    "hangul filler": "\u3164",
    "control character": "Иван\x07",
}
TEXT_FIELDS = ["last_name", "first_name", "patronymic", "city", "workplace", "position"]


def signup_refused(client, home, **data):
    make_consent_page(home)
    response = client.post(reverse("account_signup"), signup_data(**data))
    return (
        response.status_code == 200
        and MESSAGE in response.content.decode()
        and not User.objects.exists()
    )


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_signup_refuses_a_direction_override_in_every_text_field(client, home, field):
    assert signup_refused(client, home, **{field: "Иван‮овон"})


@pytest.mark.parametrize("value", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_signup_refuses_every_kind_of_invisible_text(client, home, value):
    # The patronymic may be left empty, so an invisible one must not pass as empty.
    assert signup_refused(client, home, patronymic=value)


@pytest.mark.parametrize("value", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_the_cabinet_refuses_invisible_characters(client, home, value):
    member = make_member(first_name="Иван")
    client.force_login(member)
    data = signup_data(first_name=value)
    response = client.post(reverse("members:profile_edit"), data)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    member.refresh_from_db()
    assert member.first_name == "Иван"


def test_real_names_with_hyphens_apostrophes_and_yo_are_accepted(client, home):
    member = make_member()
    client.force_login(member)
    data = signup_data(
        last_name="Салтыков-Щедрин",
        first_name="Жанна д'Арк",
        patronymic="Фёдоровна",
        city="Ростов-на-Дону",
        workplace="ГКБ № 1 им. С. П. Боткина",
    )
    response = client.post(reverse("members:profile_edit"), data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.last_name, member.patronymic) == ("Салтыков-Щедрин", "Фёдоровна")
    assert MemberProfile.objects.get(user=member).city == "Ростов-на-Дону"
