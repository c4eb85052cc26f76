"""The personal cabinet: login required, own data only, profile edit, code pages."""

import re

import pytest
import segno
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from members.models import MemberProfile
from tests.factories import UserFactory
from tests.members.factories import PASSWORD, code_of, make_member, make_specialty

pytestmark = pytest.mark.django_db


def qr_path_for(data):
    """The drawing segno makes for `data`: equal paths mean equal QR content."""
    svg = segno.make(data, error="m", micro=False).svg_inline(border=2, omitsize=True)
    return re.search(r' d="([^"]+)"', svg).group(1)


CABINET_URLS = [
    "members:index",
    "members:profile",
    "members:profile_edit",
    "members:code",
    "members:code_print",
    "account_email",
    "account_change_password",
]


@pytest.mark.parametrize("name", CABINET_URLS)
def test_cabinet_needs_login(client, home, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_cabinet_shows_own_code_qr_and_navigation(client, home):
    member = make_member(email="a@example.org")
    client.force_login(member)
    html = client.get(reverse("members:code")).content.decode()
    code = code_of(member)
    assert code.display in html
    # The QR picture encodes the opaque token (not an id, not the code).
    expected_path = qr_path_for(code.qr_token)
    assert expected_path in html
    assert code.qr_token not in html
    for label in ("Профиль", "Персональный код", "Пароль", "Личный кабинет"):
        assert label in html
    assert "style=" not in html.split("<main")[1].split("</main>")[0]
    response = client.get(reverse("members:code"))
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


def test_print_view_is_a_card_with_society_name_and_code(client, home):
    member = make_member(email="a@example.org", last_name="Сидорова", first_name="Анна")
    client.force_login(member)
    html = client.get(reverse("members:code_print")).content.decode()
    assert 'class="member-card"' in html
    assert "Общество урологов" in html
    assert "Сидорова" in html and "Анна" in html
    assert code_of(member).display in html
    assert qr_path_for(code_of(member).qr_token) in html


def test_member_sees_only_own_data(client, home):
    alice = make_member(email="alice@example.org", last_name="Алисова")
    bob = make_member(email="bob@example.org", last_name="Бобров", phone="+79991112233")
    client.force_login(alice)
    for name in CABINET_URLS:
        html = client.get(reverse(name)).content.decode()
        assert "Бобров" not in html and "bob@example.org" not in html, name
        assert code_of(bob).display not in html, name
        assert "+7 (999) 111-22-33" not in html, name


def test_member_cannot_change_another_members_data(client, home):
    alice = make_member(email="alice@example.org", last_name="Алисова")
    bob = make_member(email="bob@example.org", last_name="Бобров")
    client.force_login(alice)
    data = {
        "last_name": "Взломов",
        "first_name": "Иван",
        "phone": "+7 900 000 00 00",
        "city": "Омск",
        "specialty": make_specialty().pk,
        "workplace": "—",
        # Fields that try to point at someone else are ignored.
        "user": bob.pk,
        "user_id": bob.pk,
        "email": "bob@example.org",
    }
    response = client.post(reverse("members:profile_edit"), data)
    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.last_name == "Бобров"
    assert MemberProfile.objects.get(user=bob).city == "Москва"
    alice.refresh_from_db()
    assert alice.last_name == "Взломов" and alice.email == "alice@example.org"


def test_profile_edit_saves_normalised_and_audits(client, home):
    member = make_member()
    client.force_login(member)
    page = client.get(reverse("members:profile_edit")).content.decode()
    assert 'value="+7 (900) 123-45-67"' in page
    response = client.post(
        reverse("members:profile_edit"),
        {
            "last_name": "Иванов",
            "first_name": "Иван",
            "patronymic": "",
            "phone": "8 (495) 765-43-21",
            "city": "Тверь",
            "specialty": make_specialty().pk,
            "workplace": "ОКБ",
            "position": "заведующий",
            "academic_degree": "doctor",
        },
    )
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=member)
    assert (profile.phone, profile.city, profile.academic_degree) == (
        "+74957654321",
        "Тверь",
        "doctor",
    )
    entry = ModelLogEntry.objects.get(action="members.profile.updated")
    assert set(entry.data["fields"]) >= {"phone", "city", "patronymic"}
    html = client.get(reverse("members:profile")).content.decode()
    assert "+7 (495) 765-43-21" in html and "Доктор медицинских наук" in html


def test_profile_edit_with_errors_keeps_values(client, home):
    member = make_member()
    client.force_login(member)
    response = client.post(
        reverse("members:profile_edit"),
        {"last_name": "Новиков", "first_name": "", "phone": "abc", "city": "Тула"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        'value="Новиков"' in html and 'value="abc"' in html and 'value="Тула"' in html
    )
    assert "Исправьте ошибки ниже." in html
    assert (
        "Введите российский номер: +7 или 8 и ещё 10 цифр, "
        "например +7 900 123-45-67." in html
    )


def test_code_mail_resend_is_limited(client, home, django_capture_on_commit_callbacks):
    member = make_member()
    client.force_login(member)
    mail.outbox.clear()
    for _ in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("members:code_resend"), follow=True)
    assert len(mail.outbox) == 3
    assert "Попробуйте через час" in response.content.decode()


def test_email_change_page_in_cabinet(client, home):
    member = make_member()
    client.force_login(member)
    html = client.get(reverse("account_email")).content.decode()
    assert "Сменить e-mail" in html and member.email in html
    assert 'class="cabinet__nav"' in html


def test_wrong_current_password_is_called_wrong(client, home):
    member = make_member(email="a@example.org")
    client.force_login(member)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "not-my-password",
            "password1": "Uro-logy-2025!new",
            "password2": "Uro-logy-2025!new",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Неверный текущий пароль." in html
    assert "Пожалуйста, введите свой текущий пароль." not in html
    assert 'href="#id_oldpassword"' in html
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_code_page_speaks_of_cme_points(client, home):
    client.force_login(make_member(email="a@example.org"))
    html = client.get(reverse("members:code")).content.decode()
    assert "баллы НМО будут учтены" in html
    assert "кредит" not in html


def test_print_card_has_a_print_button_favicon_and_no_inline_code(client, home):
    client.force_login(make_member(email="a@example.org"))
    html = client.get(reverse("members:code_print")).content.decode()
    assert re.search(
        r'<button type="button" class="[^"]*" data-print hidden>Распечатать</button>',
        html,
    )
    assert re.search(r'<link rel="icon" href="[^"]*img/favicon\.svg"', html)
    assert re.search(r'<script src="[^"]*js/site\.js" defer></script>', html)
    assert "<script>" not in html and "style=" not in html


PROFILE_DATA = {
    "last_name": "Админов",
    "first_name": "Админ",
    "patronymic": "",
    "phone": "8 (495) 765-43-21",
    "city": "Москва",
    "workplace": "Общество",
    "position": "",
    "academic_degree": "",
}


def test_account_without_profile_can_view_the_cabinet_and_create_its_profile(
    client, home
):
    # e.g. a superuser made with createsuperuser: no profile, no code, no address.
    admin = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    for name in ("members:index", "members:profile", "members:code"):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("members:profile_edit")).status_code == 200
    response = client.post(
        reverse("members:profile_edit"),
        {**PROFILE_DATA, "specialty": make_specialty().pk},
    )
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=admin)
    assert (profile.phone, profile.city) == ("+74957654321", "Москва")
    admin.refresh_from_db()
    assert admin.last_name == "Админов"
    entry = ModelLogEntry.objects.get(action="members.profile.created")
    assert entry.user == admin and entry.data["target_user"] == str(admin.pk)
    assert not ModelLogEntry.objects.filter(action="members.profile.updated").exists()
    html = client.get(reverse("members:profile")).content.decode()
    assert "+7 (495) 765-43-21" in html
    # A second save updates the profile it created.
    response = client.post(
        reverse("members:profile_edit"),
        {**PROFILE_DATA, "city": "Тверь", "specialty": make_specialty().pk},
    )
    assert response.status_code == 302
    assert MemberProfile.objects.get(user=admin).city == "Тверь"
    assert ModelLogEntry.objects.filter(action="members.profile.updated").count() == 1
