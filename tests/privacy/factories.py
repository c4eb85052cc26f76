"""Builders for the privacy tests: a person with data in every category."""

import datetime
import io
import zipfile
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.utils import timezone

from core.uploads import clean_upload
from credits.models import CheckIn, CreditProfile, NmoCode
from members.services import consent_record
from membership.models import ReminderSent
from membership.services import application_submit
from payments import receipts
from privacy import services
from tests.credits.factories import (
    credited_event,
    give_credits,
    make_codes,
    make_nmo_codes,
)
from tests.factories import UserFactory
from tests.members.factories import make_consent_page, make_member
from tests.membership.factories import make_period
from tests.payments.factories import (
    bank_settings,
    make_payment,
    make_reviewer,
    png_bytes,
    uploaded,
)


def make_handler(**fields):
    """Staff who handle personal-data requests (admin access and the right)."""
    user = UserFactory(is_staff=True, **fields)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="handle_datarequest"),
    )
    return user


def person_with_everything(home, **fields):
    """A member with rows in every category and two uploaded files (an
    application's attachment, an accepted and a rejected receipt)."""
    user = make_member(
        last_name="Иванов", first_name="Иван", patronymic="Ильич", **fields
    )
    consent_record(user=user, page=make_consent_page(home), ip="10.0.0.1")
    attachment = clean_upload(
        uploaded(png_bytes(), "рекомендация.png"), prefix="applications"
    )
    application_submit(user=user, comment="Прошу принять", attachment=attachment)
    make_period(user, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    ReminderSent.objects.create(
        user=user, kind="before_30", period_end=datetime.date(2026, 12, 31)
    )
    bank_settings()
    reviewer = make_reviewer()
    rejected = make_payment(user, period_start=datetime.date(2026, 1, 1))
    receipts.receipt_submit(
        payment=rejected,
        user=user,
        upload=clean_upload(uploaded(png_bytes(color=(1, 2, 3)), "чек-1.png")),
    )
    receipts.receipt_reject(payment=rejected, by=reviewer, reason="Не читается")
    accepted = make_payment(user)
    receipts.receipt_submit(
        payment=accepted,
        user=user,
        upload=clean_upload(uploaded(png_bytes(), "чек-2.png")),
        paid_amount=Decimal("1500.00"),
    )
    receipts.receipt_confirm(payment=accepted, by=reviewer)
    event = credited_event(home)
    record = give_credits(user, event)
    CheckIn.objects.create(event=event, user=user, checked_in_at=timezone.now())
    from materials.models import DocumentDownload
    from tests.materials.factories import make_document

    DocumentDownload.objects.create(user=user, document=make_document())
    code = make_codes(event, 1)[0]
    code.used_by, code.used_at, code.status = user, timezone.now(), "used"
    code.save()
    make_nmo_codes(event, ["NMO-1"])
    NmoCode.objects.filter(code="NMO-1").update(
        assigned_to=user, assigned_at=timezone.now()
    )
    CreditProfile.objects.create(user=user, cycle_start=datetime.date(2024, 1, 1))
    services.request_create(user=user, kind="access")
    from core.models import StaffExport

    StaffExport.objects.create(
        kind="credits.event_report_csv", params={"event": event.pk}, requested_by=user
    )
    return user, record


def archive_contents(response):
    """{name: bytes} of a downloaded archive."""
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}
