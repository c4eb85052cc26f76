"""Demo people in every state of the joining road, for `manage.py load_demo`.

Each state is reached through the same services the site uses (apply, vote,
pay, upload a receipt, confirm); only the overdue receipt's dates are moved back.
Safe to run twice: existing demo accounts are left as they are.
"""

import datetime
import io

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw

from core.models import Specialty
from core.time import local_today
from core.uploads import clean_upload
from core.workdays import add_working_days
from members.models import MemberProfile, User
from members.services import personal_code_issue
from payments import receipts as payment_receipts
from payments import services as payment_services

from . import selectors, services

PASSWORD = "demo-chlen-2026"  # noqa: S105 - printed for the demo on purpose
BOARD_EMAIL = "demo.presidium@example.org"

PEOPLE = [
    # (state, e-mail, last name, first name, patronymic, city, workplace)
    (
        "applicant",
        "demo.zayavka@example.org",
        "Заявкина",
        "Ольга",
        "Петровна",
        "Казань",
        "РКБ Республики Татарстан",
    ),
    (
        "approved",
        "demo.odobren@example.org",
        "Одобренов",
        "Сергей",
        "Ильич",
        "Самара",
        "СОКБ им. В. Д. Середавина",
    ),
    (
        "receipt",
        "demo.kvitanciya@example.org",
        "Квитанцев",
        "Андрей",
        "Викторович",
        "Пермь",
        "ПККБ",
    ),
    (
        "overdue",
        "demo.prosrochka@example.org",
        "Срокова",
        "Наталья",
        "Андреевна",
        "Тверь",
        "ОКБ Твери",
    ),
    (
        "active",
        "demo.chlen@example.org",
        "Членов",
        "Михаил",
        "Юрьевич",
        "Москва",
        "ГКБ им. С. П. Боткина",
    ),
    (
        "expired",
        "demo.istek@example.org",
        "Истекова",
        "Елена",
        "Сергеевна",
        "Омск",
        "ОКБ Омска",
    ),
    (
        "rejected",
        "demo.otkaz@example.org",
        "Отказов",
        "Павел",
        "Николаевич",
        "Томск",
        "Клиники СибГМУ",
    ),
]


def load(*, home, stdout):
    """Create the demo people and the board member; print their logins."""
    board = _board_member()
    lines = [f"  Президиум (board member): {BOARD_EMAIL} / {PASSWORD}"]
    for state, email, *names in PEOPLE:
        user, created = _person(email, *names)
        if created:
            STATES[state](user, board)
        lines.append(f"  {LABELS[state]}: {email} / {PASSWORD}")
    stdout.write("Membership demo accounts:\n" + "\n".join(lines) + "\n")


def _person(email, last_name, first_name, patronymic, city, workplace):
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "last_name": last_name,
                "first_name": first_name,
                "patronymic": patronymic,
            },
        )
        if created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        specialty = Specialty.objects.order_by("sort_order").first()
        if specialty is None:
            specialty = Specialty.objects.create(name="Урология", slug="urologiya")
        MemberProfile.objects.get_or_create(
            user=user,
            defaults={
                "phone": "+79001112233",
                "city": city,
                "specialty": specialty,
                "workplace": workplace,
                "position": "врач-уролог",
            },
        )
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    personal_code_issue(user=user, notify=False)
    return user, created


def _board_member():
    user, created = _person(
        BOARD_EMAIL, "Президиумов", "Виктор", "Алексеевич", "Москва", "НИИ урологии"
    )
    if created:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name="Президиум"))
    return user


def _receipt_image():
    """A picture of a paid bank receipt, made up for the demo."""
    image = Image.new("RGB", (600, 360), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle([10, 10, 590, 350], outline=(40, 40, 40), width=3)
    draw.text((30, 40), "PLATEZHNOE PORUCHENIE / DEMO", fill=(0, 0, 0))
    draw.text((30, 90), "Summa: 1500.00 RUB", fill=(0, 0, 0))
    draw.text((30, 140), "Oplacheno", fill=(0, 120, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("kvitanciya.png", buffer.getvalue(), "image/png")


def _apply(user):
    return services.application_submit(user=user, comment="Прошу принять меня в РОУ.")


def _approve(user, board):
    services.application_approve(application=_apply(user), actor=board)


def _with_receipt(user, board):
    _approve(user, board)
    payment = services.dues_payment_start(user=user)
    upload = clean_upload(_receipt_image(), prefix="receipts")
    return payment_receipts.receipt_submit(payment=payment, user=user, upload=upload)


def _overdue(user, board):
    """A receipt sent two weeks ago whose answer date has passed."""
    receipt = _with_receipt(user, board)
    sent = local_today() - datetime.timedelta(days=14)
    type(receipt).objects.filter(pk=receipt.pk).update(
        review_due=add_working_days(sent, 5)
    )


def _paid_for(user, start, end):
    payment = payment_services.payment_create(
        user=user,
        kind="dues",
        amount=selectors.dues_settings().fee,
        currency="RUB",
        period_start=start,
        period_end=end,
        description=f"Членский взнос за {start.year} год",
    )
    payment = payment_services.payment_confirm(payment=payment)
    services.period_create_for_payment(payment=payment)


def _active(user, board):
    _approve(user, board)
    year = local_today().year
    _paid_for(user, datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def _expired(user, board):
    _approve(user, board)
    year = local_today().year - 1
    _paid_for(user, datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def _rejected(user, board):
    services.application_reject(
        application=_apply(user),
        actor=board,
        reason="Не указано место работы по специальности; уточните профиль.",
    )


STATES = {
    "applicant": lambda user, board: _apply(user),
    "approved": _approve,
    "receipt": _with_receipt,
    "overdue": _overdue,
    "active": _active,
    "expired": _expired,
    "rejected": _rejected,
}

LABELS = {
    "applicant": "заявка на рассмотрении (applicant)",
    "approved": "одобрен, взнос не оплачен (approved, unpaid)",
    "receipt": "квитанция на проверке (receipt under review)",
    "overdue": "квитанция, срок проверки прошёл (receipt overdue)",
    "active": "действующий член (active)",
    "expired": "членство истекло (expired)",
    "rejected": "заявка отклонена (rejected)",
}
