"""Demo content for the payments app, called by `manage.py load_demo`: bank details
for receipts (clearly not real ones) and an accountant who reviews receipts."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Site

from .models import PaymentSettings

REVIEWER_EMAIL = "demo.buh@example.org"
REVIEWER_PASSWORD = "demo-buh-2025"  # noqa: S105 - printed for the demo on purpose
REVIEWERS_GROUP = "Бухгалтерия"

DEMO_BANK = {
    "recipient": "Общероссийская общественная организация «Общество урологов» (ДЕМО)",
    "inn": "7700000000",
    "kpp": "770001001",
    "account": "40703810000000000000",
    "bank_name": "ДЕМО-БАНК (реквизиты не настоящие)",
    "bic": "044500000",
    "correspondent_account": "30101810000000000000",
}


def reviewers_group():
    """The group the data migration creates (made again if someone deleted it)."""
    from django.contrib.auth.models import Permission

    group, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["payments", "wagtailadmin"],
            codename__in=["review_receipt", "access_admin"],
        )
    )
    return group


def load(*, home, stdout):
    """Fill empty bank details and create the accountant; safe to run twice."""
    site = Site.objects.filter(root_page=home).first() or Site.objects.get(
        is_default_site=True
    )
    payment_settings = PaymentSettings.for_site(site)
    if not payment_settings.has_bank_details:
        for field, value in DEMO_BANK.items():
            setattr(payment_settings, field, value)
        payment_settings.save()
    with transaction.atomic():
        user, created = get_user_model().objects.get_or_create(
            email=REVIEWER_EMAIL,
            defaults={
                "last_name": "Счетова",
                "first_name": "Анна",
                "patronymic": "Павловна",
            },
        )
        if created:
            user.set_password(REVIEWER_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(reviewers_group())
        EmailAddress.objects.update_or_create(
            user=user,
            email=REVIEWER_EMAIL,
            defaults={"verified": True, "primary": True},
        )
    password = (
        f"password {REVIEWER_PASSWORD}"
        if created
        else f"password unchanged (set to {REVIEWER_PASSWORD} when it was created)"
    )
    stdout.write(
        f"Demo accountant (reviews receipts at /admin/payments/receipts/): "
        f"{REVIEWER_EMAIL} / {password}\n"
    )
