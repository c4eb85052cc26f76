"""Demo content for the members app, called by `manage.py load_demo`."""

from allauth.account.models import EmailAddress
from django.db import transaction

from core.models import Specialty

from .models import ConsentPage, MemberProfile, User
from .services import consent_record, personal_code_issue

DEMO_EMAIL = "demo.member@example.org"
DEMO_PASSWORD = "demo-urolog-2025"  # noqa: S105 - printed for the demo on purpose

CONSENT_BODY = (
    "<p>Регистрируясь на сайте, я даю согласие на обработку моих персональных "
    "данных (фамилия, имя, отчество, адрес электронной почты, телефон, город, "
    "специальность, место работы, должность, учёная степень, сведения о членстве, "
    "взносах и участии в мероприятиях) в целях учёта членства в обществе, участия "
    "в его мероприятиях и начисления баллов НМО в соответствии с Федеральным "
    "законом № 152-ФЗ «О персональных данных».</p>"
    "<p>Согласие действует до его отзыва. Отозвать согласие и закрыть учётную "
    "запись можно в личном кабинете, в разделе «Мои данные», или написав на адрес "
    "электронной почты общества. Сведения о взносах общество хранит в течение "
    "срока, установленного законодательством о бухгалтерском учёте.</p>"
)


def load(*, home, stdout):
    """Create or update this app's demo content under `home`; safe to run twice."""
    consent = ConsentPage.objects.first()
    if consent is None:
        consent = ConsentPage(
            title="Согласие на обработку персональных данных",
            slug="personal-data-consent",
            version="2025-01",
            body=CONSENT_BODY,
            show_in_menus=False,
        )
        home.add_child(instance=consent)
        consent.save_revision().publish()
        consent.refresh_from_db()

    specialty = Specialty.objects.filter(is_active=True).order_by(
        "sort_order"
    ).first() or Specialty.objects.create(name="Урология", slug="urologiya")
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            email=DEMO_EMAIL,
            defaults={
                "last_name": "Демидов",
                "first_name": "Алексей",
                "patronymic": "Сергеевич",
            },
        )
        if created:
            # Only a new account gets the printed password: a password someone set
            # on an existing demo account is theirs, and a re-run leaves it alone.
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            consent_record(user=user, page=consent, ip=None)
        MemberProfile.objects.get_or_create(
            user=user,
            defaults={
                "phone": "+79001234567",
                "city": "Москва",
                "specialty": specialty,
                "workplace": "ГКБ им. С. П. Боткина",
                "position": "врач-уролог",
                "academic_degree": "candidate",
            },
        )
        EmailAddress.objects.update_or_create(
            user=user, email=DEMO_EMAIL, defaults={"verified": True, "primary": True}
        )
    code = personal_code_issue(user=user, notify=False)
    password = (
        f"password {DEMO_PASSWORD}"
        if created
        else f"password unchanged (set to {DEMO_PASSWORD} when it was created)"
    )
    stdout.write(
        f"Demo member: {DEMO_EMAIL} / {password} (personal code {code.display})\n"
    )
