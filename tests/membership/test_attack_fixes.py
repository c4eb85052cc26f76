"""Fixes after the attack on the site: provisional access covers the first receipt
only; an application whose save fails leaves no file behind."""

from unittest import mock

import pytest

from membership.selectors import dues_settings, is_active_member, member_standing
from membership.services import application_approve
from payments.services import payment_retry
from tests.membership.factories import (
    make_application,
    receipt_under_review,
    reject_receipt,
    year,
)
from tests.payments.factories import submit_receipt

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected_then_retried(home, board, applicant):
    """An approved applicant whose first receipt was rejected, and who started a new
    payment for the same year and uploaded another receipt."""
    application_approve(application=make_application(applicant), actor=board)
    settings = dues_settings()
    settings.provisional_access = True
    settings.save()
    payment = receipt_under_review(applicant, year(2026))
    assert is_active_member(applicant)  # the first receipt: provisional access
    reject_receipt(payment)
    payment.refresh_from_db()
    new = payment_retry(payment=payment, user=applicant)
    submit_receipt(new)
    return applicant


def test_a_new_receipt_after_a_rejection_gives_no_provisional_access(
    rejected_then_retried,
):
    assert not is_active_member(rejected_then_retried)


def test_the_cabinet_does_not_call_it_provisional_either(rejected_then_retried):
    standing = member_standing(rejected_then_retried)
    assert standing.receipt is not None
    assert standing.provisional is False


@pytest.mark.parametrize(
    "failing",
    [
        "membership.services.applications.Application.save",  # inside the insert
        "membership.services.applications.audit_log",  # after it, same transaction
    ],
)
def test_an_application_the_database_rolls_back_leaves_no_file_in_storage(
    home, applicant, failing
):
    from core.uploads import clean_upload
    from membership.models import Application
    from membership.services import application_submit
    from tests.payments.factories import png_bytes, uploaded

    storage = Application.attachment.field.storage
    saved = []
    real_save = storage.save

    def remember(name, content, **kwargs):
        saved.append(real_save(name, content, **kwargs))
        return saved[-1]

    upload = clean_upload(uploaded(png_bytes(), "письмо.png"), prefix="applications")
    with (
        mock.patch.object(storage, "save", side_effect=remember),
        mock.patch(failing, side_effect=RuntimeError("database went away")),
        pytest.raises(RuntimeError),
    ):
        application_submit(user=applicant, attachment=upload)
    assert len(saved) == 1
    assert not storage.exists(saved[0])
    assert not Application.objects.exists()
