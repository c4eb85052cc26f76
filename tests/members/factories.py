"""Builders for the members tests: specialties, consent page, members with codes."""

from allauth.account.models import EmailAddress

from core.models import Specialty
from members.models import ConsentPage, MemberProfile, PersonalCode
from members.services import personal_code_issue
from tests.factories import UserFactory

PASSWORD = "correct-horse-42"


def make_specialty(name="Урология", slug="urology"):
    specialty, _ = Specialty.objects.get_or_create(
        name=name, defaults={"slug": slug, "sort_order": 10}
    )
    return specialty


def make_consent_page(home, version="2025-01"):
    existing = ConsentPage.objects.first()
    if existing:
        return existing
    page = ConsentPage(
        title="Согласие на обработку персональных данных",
        slug="consent",
        version=version,
        body="<p>Я даю согласие на обработку персональных данных.</p>",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_member(
    *, email=None, verified=True, code=True, phone="+79001234567", **fields
):
    """A registered person with a profile; verified and with a code by default."""
    kwargs = {"email": email} if email else {}
    user = UserFactory(**kwargs, **fields)
    MemberProfile.objects.create(
        user=user,
        phone=phone,
        city="Москва",
        specialty=make_specialty(),
        workplace="ГКБ №1",
    )
    EmailAddress.objects.create(
        user=user, email=user.email, primary=True, verified=verified
    )
    if verified and code:
        personal_code_issue(user=user)
    return user


def code_of(user):
    return PersonalCode.objects.get(user=user)


def signup_data(**overrides):
    data = {
        "email": "new.doctor@example.org",
        "password1": "Uro-logy-2025!x",
        "password2": "Uro-logy-2025!x",
        "last_name": "Петров",
        "first_name": "Пётр",
        "patronymic": "Петрович",
        "phone": "8 (916) 123-45-67",
        "city": "Казань",
        "specialty": str(make_specialty().pk),
        "workplace": "РКБ",
        "position": "врач-уролог",
        "academic_degree": "candidate",
        "consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
