"""Registration, activation and the personal-code mail, through the real views."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django import forms
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from members.adapter import AccountAdapter
from members.emails import send_personal_code_email
from members.models import Consent, MemberProfile, PersonalCode, User
from tests.members.factories import make_consent_page, make_member, signup_data

pytestmark = pytest.mark.django_db

with translation.override("ru"):
    REQUIRED = str(forms.Field.default_error_messages["required"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
ACTIVATION_LINK = re.compile(r"https?://\S+/accounts/confirm-email/[^/\s]+/")


@pytest.fixture
def consent_page(home):
    return make_consent_page(home)


def signup(client, capture, **overrides):
    with capture(execute=True):
        return client.post(reverse("account_signup"), signup_data(**overrides))


def activation_link(message):
    return ACTIVATION_LINK.search(message.body).group(0)


def test_signup_page_in_russian_with_consent_link(client, consent_page):
    response = client.get(reverse("account_signup"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Регистрация" in html and "Отчество" in html and "Место работы" in html
    assert f'href="{consent_page.url}"' in html
    assert (
        'name="consent"' in html
        and "checked" not in html.split('name="consent"')[1][:80]
    )
    assert "style=" not in html  # the page's CSP forbids inline styles


def test_signup_stores_profile_normalised_phone_and_consent(
    client, consent_page, django_capture_on_commit_callbacks
):
    response = signup(
        client, django_capture_on_commit_callbacks, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.doctor@example.org")
    assert (user.last_name, user.first_name, user.patronymic) == (
        "Петров",
        "Пётр",
        "Петрович",
    )
    profile = MemberProfile.objects.get(user=user)
    assert profile.phone == "+79161234567"
    assert (profile.city, profile.workplace, profile.academic_degree) == (
        "Казань",
        "РКБ",
        "candidate",
    )
    consent = Consent.objects.get(user=user)
    assert consent.page == consent_page
    assert consent.version.startswith("2025-01")
    assert str(consent_page.live_revision_id) in consent.version
    assert consent.created_at is not None
    assert not PersonalCode.objects.filter(user=user).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.doctor@example.org"]
    assert "Активировать аккаунт" in message.body
    html = message.alternatives[0][0]
    assert "Общество урологов" in html and "+7 (900) 000-00-02" in html


def test_consent_ip_is_recorded(
    client, consent_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), signup_data(), REMOTE_ADDR="203.0.113.7")
    assert Consent.objects.get().ip == "203.0.113.7"


def test_consent_is_required(client, consent_page, django_capture_on_commit_callbacks):
    response = signup(client, django_capture_on_commit_callbacks, consent=None)
    assert response.status_code == 200
    assert "согласие на обработку персональных данных" in response.content.decode()
    assert not User.objects.exists() and not Consent.objects.exists()
    assert mail.outbox == []


def test_form_with_errors_keeps_every_value_and_speaks_russian(
    client, consent_page, django_capture_on_commit_callbacks
):
    response = signup(
        client,
        django_capture_on_commit_callbacks,
        email="not-an-email",
        phone="12-34",
        city="",
        password1="12345678",
        password2="12345678",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Введите правильный адрес электронной почты." in html
    assert "Введите российский номер: +7 или 8 и ещё 10 цифр" in html
    assert REQUIRED in html
    assert "Введённый пароль слишком широко распространён." in html
    for value in (
        "not-an-email",
        "12-34",
        "Петров",
        "Пётр",
        "Петрович",
        "РКБ",
        "врач-уролог",
    ):
        assert f'value="{value}"' in html, value
    assert 'value="candidate" selected' in html
    assert re.search(r'<input type="checkbox" name="consent"[^>]* checked', html)
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "doctor@@example", "Введите правильный адрес электронной почты."),
        ("phone", "+1 202 555 0101", "+7"),
        ("last_name", "", REQUIRED),
        ("specialty", "", REQUIRED),
        ("workplace", "", REQUIRED),
        ("password1", "short", "Введённый пароль слишком короткий."),
    ],
)
def test_bad_input_gets_a_clear_russian_message(
    client, consent_page, django_capture_on_commit_callbacks, field, value, message
):
    overrides = {field: value}
    if field == "password1":
        overrides["password2"] = value
    response = signup(client, django_capture_on_commit_callbacks, **overrides)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Петрович"' in html
    assert not User.objects.exists()


def _page_after(client, response, typed):
    """The page a visitor lands on, with the typed address and CSRF token masked."""
    html = client.get(response["Location"]).content.decode()
    return CSRF.sub("", html).replace(typed, "ADDRESS")


def test_signup_does_not_reveal_a_registered_address(
    client, consent_page, django_capture_on_commit_callbacks
):
    make_member(email="known@example.org")
    mail.outbox.clear()
    known = signup(
        client, django_capture_on_commit_callbacks, email="known@example.org"
    )
    page_known = _page_after(client, known, "known@example.org")
    unknown = signup(
        client, django_capture_on_commit_callbacks, email="unknown@example.org"
    )
    page_unknown = _page_after(client, unknown, "unknown@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert page_known == page_unknown
    assert "ADDRESS" in page_known  # "we sent an e-mail to …" for both
    # Each address got exactly one mail; only its owner learns which kind.
    assert [m.to[0] for m in mail.outbox] == [
        "known@example.org",
        "unknown@example.org",
    ]
    assert User.objects.filter(email__iexact="known@example.org").count() == 1


def test_login_does_not_reveal_a_registered_address(client, home):
    make_member(email="known@example.org")
    url = reverse("account_login")
    known = client.post(url, {"login": "known@example.org", "password": "wrong-1"})
    unknown = client.post(url, {"login": "nobody@example.org", "password": "wrong-1"})
    assert known.status_code == unknown.status_code == 200
    with translation.override("ru"):
        error = str(AccountAdapter.error_messages["email_password_mismatch"])
    assert "пароль" in error
    assert error in known.content.decode() and error in unknown.content.decode()
    assert CSRF.sub("", known.content.decode()).replace("known@", "X@") == CSRF.sub(
        "", unknown.content.decode()
    ).replace("nobody@", "X@")


def test_reset_does_not_reveal_a_registered_address(
    client, home, django_capture_on_commit_callbacks
):
    make_member(email="known@example.org")
    mail.outbox.clear()
    url = reverse("account_reset_password")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "known@example.org"})
    page_known = _page_after(client, known, "known@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(url, {"email": "unknown@example.org"})
    page_unknown = _page_after(client, unknown, "unknown@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert page_known == page_unknown
    assert [m.to for m in mail.outbox] == [
        ["known@example.org"],
        ["unknown@example.org"],
    ]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


def test_activation_issues_code_and_mails_it(
    client, consent_page, django_capture_on_commit_callbacks
):
    signup(client, django_capture_on_commit_callbacks)
    link = activation_link(mail.outbox[0])
    page = client.get(link)
    assert "Активировать аккаунт" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    assert response.status_code == 302
    user = User.objects.get(email="new.doctor@example.org")
    code = PersonalCode.objects.get(user=user)
    assert EmailAddress.objects.get(user=user).verified
    second = mail.outbox[-1]
    assert len(mail.outbox) == 2
    assert code.display in second.body
    assert "/cabinet/code/print/" in second.body
    assert code.display in second.alternatives[0][0]
    assert "Общество урологов" in second.body
    code.refresh_from_db()
    assert code.mail_sent_at is not None


def test_reused_activation_link_is_refused_and_no_second_code(
    client, consent_page, django_capture_on_commit_callbacks
):
    signup(client, django_capture_on_commit_callbacks)
    link = activation_link(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    first = PersonalCode.objects.get()
    again = client.get(link)
    assert "устарела или уже была использована" in again.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    assert PersonalCode.objects.get().code == first.code
    assert len(mail.outbox) == 2


def test_expired_activation_link_is_refused(
    client, consent_page, django_capture_on_commit_callbacks
):
    signup(client, django_capture_on_commit_callbacks)
    link = activation_link(mail.outbox[0])
    later = timezone.now() + timedelta(days=4)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.get(link)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(link)
    assert "устарела или уже была использована" in response.content.decode()
    assert not PersonalCode.objects.exists()
    assert not EmailAddress.objects.get().verified


def test_mail_failure_loses_nothing(
    client, consent_page, django_capture_on_commit_callbacks, caplog
):
    signup(client, django_capture_on_commit_callbacks)
    link = activation_link(mail.outbox[0])
    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send",
            side_effect=ConnectionRefusedError("smtp down"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(link)
    assert response.status_code == 302
    code = PersonalCode.objects.get()
    assert code.mail_failed_at is not None and code.mail_sent_at is None
    assert "Could not send stored mail" in caplog.text
    client.post(
        reverse("account_login"),
        {"login": "new.doctor@example.org", "password": "Uro-logy-2025!x"},
    )
    page = client.get(reverse("members:code")).content.decode()
    assert code.display in page
    assert "Отправить письмо с кодом ещё раз" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:code_resend"))
    assert code.display in mail.outbox[-1].body
    assert ModelLogEntry.objects.filter(
        action="members.personal_code.mail_resent"
    ).exists()


def _error_summary(html):
    """The focusable summary of errors above the form."""
    match = re.search(r"<div[^>]*data-error-summary[^>]*>(.*?)</div>", html, re.S)
    assert match, "no error summary"
    return match.group(0)


def test_failed_signup_has_a_focusable_summary_linking_each_error(
    client, consent_page, django_capture_on_commit_callbacks
):
    response = signup(
        client,
        django_capture_on_commit_callbacks,
        email="not-an-email",
        city="",
        consent=None,
    )
    html = response.content.decode()
    summary = _error_summary(html)
    assert 'tabindex="-1"' in summary and 'role="alert"' in summary
    assert "Исправьте ошибки ниже." in summary
    assert (
        '<a href="#id_email">Адрес электронной почты: '
        "Введите правильный адрес электронной почты.</a>" in summary
    )
    assert f'<a href="#id_city">Город или регион: {REQUIRED}</a>' in summary
    assert 'href="#id_consent"' in summary and "согласие" in summary
    # The link to the consent text stays in the field's label, not in the summary.
    assert "<a href" not in summary.split('href="#id_consent">')[1].split("</a>")[0]
    for href in re.findall(r'href="#([^"]+)"', summary):
        assert f'id="{href}"' in html, href
    # The script that moves the focus comes from a static file (CSP: no inline code).
    assert re.search(r'<script src="[^"]*js/site\.js" defer>', html)
    assert "<script>" not in html


def test_signup_without_errors_has_no_summary(client, consent_page):
    html = client.get(reverse("account_signup")).content.decode()
    assert "data-error-summary" not in html
    assert "Исправьте ошибки ниже." not in html


def test_password_rules_are_not_repeated_under_their_errors(
    client, consent_page, django_capture_on_commit_callbacks
):
    rule = "Ваш пароль должен содержать как минимум 8 символов."
    # Before any error the rules are listed under the field.
    assert rule in client.get(reverse("account_signup")).content.decode()
    response = signup(
        client, django_capture_on_commit_callbacks, password1="ab1", password2="ab1"
    )
    html = response.content.decode()
    assert "Введённый пароль слишком короткий." in html
    assert rule not in html
    assert 'id="id_password1_helptext"' not in html
    # Other fields keep their help next to their errors.
    response = signup(client, django_capture_on_commit_callbacks, phone="12-34")
    html = response.content.decode()
    assert 'id="id_phone_helptext"' in html and rule in html


def test_code_mail_greets_by_name_and_patronymic_and_speaks_of_cme_points(
    client, consent_page, django_capture_on_commit_callbacks
):
    signup(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(activation_link(mail.outbox[0]))
    message = mail.outbox[-1]
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert "Здравствуйте, Пётр Петрович!" in text
        assert "Уважаем" not in text
        assert "баллы НМО" in text
        assert "кредит" not in text


@pytest.mark.parametrize(
    ("names", "greeting"),
    [
        ({"first_name": "Анна", "patronymic": "Сергеевна"}, "Анна Сергеевна"),
        ({"first_name": "Анна", "patronymic": ""}, "Анна"),
        ({"first_name": "", "patronymic": "Сергеевна"}, ""),
    ],
)
def test_greeting_name_is_first_name_and_patronymic(names, greeting):
    assert User(last_name="Иванова", **names).get_greeting_name() == greeting


def test_code_mail_without_a_first_name_greets_without_a_name(
    home, django_capture_on_commit_callbacks
):
    member = make_member(email="x@example.org", first_name="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_personal_code_email(personal_code=member.personal_code)
    body = mail.outbox[0].body
    assert body.startswith("Здравствуйте!")
    assert "Здравствуйте, " not in body


def test_consent_page_shows_its_text_and_version(client, home):
    page = make_consent_page(home, version="2026-11")
    html = client.get(page.url).content.decode()
    assert "2026-11" in html
    assert page.title in html


@pytest.mark.parametrize("step", ["member_signup_complete", "consent_record"])
def test_failed_profile_or_consent_leaves_no_user_and_the_address_free(
    client, consent_page, django_capture_on_commit_callbacks, monkeypatch, step
):
    from members import services

    def fail(**kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(services, step, fail)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), signup_data())
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    assert not MemberProfile.objects.exists() and not Consent.objects.exists()
    assert mail.outbox == []
    monkeypatch.undo()
    response = signup(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    user = User.objects.get(email="new.doctor@example.org")
    assert MemberProfile.objects.filter(user=user).exists()
    assert Consent.objects.filter(user=user).exists()


def test_signup_is_refused_while_no_consent_text_is_published(
    client, home, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level("ERROR", logger="members"):
        response = signup(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Регистрация временно недоступна: не опубликован текст согласия на "
        "обработку персональных данных. Сообщите администрации."
    ) in html
    assert not User.objects.exists() and not Consent.objects.exists()
    assert mail.outbox == []
    assert any(r.levelname == "ERROR" for r in caplog.records)


def test_consent_is_never_recorded_without_its_text(home):
    from members.services import MembersError, consent_record

    user = make_member(email="a@example.org")
    with pytest.raises(MembersError):
        consent_record(user=user, page=None)
    assert not Consent.objects.exists()


def test_signup_page_warns_before_typing_when_no_consent_text_is_published(
    client, home
):
    html = client.get(reverse("account_signup")).content.decode()
    assert "Регистрация временно недоступна" in html
