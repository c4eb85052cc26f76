"""Paying by transfer: the receipt's life, the review deadline, staff decisions."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest

from payments import receipts, selectors
from payments.errors import PaymentsError
from payments.models import PaymentStatus, ReceiptStatus
from tests.members.factories import make_member
from tests.payments.factories import (
    bank_settings,
    jpeg_bytes,
    make_payment,
    make_reviewer,
    make_staff_without_review,
    png_bytes,
    submit_receipt,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(home):
    bank_settings()
    return make_payment()


def sent_on(day):
    """Pretend the member sends the receipt on `day` (Moscow date)."""
    return mock.patch("payments.receipts.local_today", return_value=day)


@pytest.mark.parametrize(
    ("sent", "due"),
    [
        # The Friday before the May holidays 2025 (1–4 and 8–11 May are off).
        (datetime.date(2025, 4, 25), datetime.date(2025, 5, 6)),
        # A plain week: Monday + 5 working days is the next Monday.
        (datetime.date(2025, 3, 3), datetime.date(2025, 3, 10)),
        # Sent on a Saturday: counting starts on Monday.
        (datetime.date(2025, 3, 8), datetime.date(2025, 3, 14)),
        # Saturday 1 November 2025 was a working day; 3–4 November were off.
        (datetime.date(2025, 10, 31), datetime.date(2025, 11, 10)),
        # The New Year holidays.
        (datetime.date(2025, 12, 26), datetime.date(2026, 1, 14)),
    ],
    ids=[
        "friday-before-may-holidays",
        "plain-week",
        "saturday",
        "moved-day",
        "new-year",
    ],
)
def test_the_answer_is_due_in_five_working_days(payment, sent, due):
    with sent_on(sent):
        receipt = submit_receipt(payment)
    assert receipt.review_due == due
    assert selectors.pending_receipt_for(payment.user).review_due == due


def test_review_days_come_from_the_settings(home):
    bank_settings(review_days=2)
    payment = make_payment()
    with sent_on(datetime.date(2025, 4, 25)):
        receipt = submit_receipt(payment)
    assert receipt.review_due == datetime.date(2025, 4, 29)


def test_a_receipt_puts_the_payment_under_review(payment):
    receipt = submit_receipt(
        payment, paid_on=datetime.date(2026, 11, 20), paid_amount=Decimal("1500")
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.AWAITING_REVIEW
    assert payment.method == "receipt"
    assert (receipt.version, receipt.status) == (1, ReceiptStatus.SUBMITTED)
    assert receipt.original_name == "чек.png"
    assert receipt.file.name.startswith("receipts/")
    assert "чек" not in receipt.file.name


def test_replacing_keeps_every_version_and_the_due_date(payment):
    with sent_on(datetime.date(2025, 4, 25)):
        first = submit_receipt(payment)
    with sent_on(datetime.date(2025, 4, 30)):
        second = submit_receipt(payment, data=jpeg_bytes(), name="новый.jpg")
    first.refresh_from_db()
    assert first.status == ReceiptStatus.SUPERSEDED
    assert first.file.storage.exists(first.file.name)
    assert (second.version, second.status) == (2, ReceiptStatus.SUBMITTED)
    assert second.review_due == first.review_due
    assert payment.receipts.count() == 2


def test_sending_the_same_file_twice_stores_it_once(payment):
    first = submit_receipt(payment)
    second = submit_receipt(payment)
    assert first.pk == second.pk
    assert payment.receipts.count() == 1


def test_nobody_else_can_send_a_receipt_for_a_payment(payment):
    from core.uploads import clean_upload
    from tests.payments.factories import uploaded

    with pytest.raises(PaymentsError):
        receipts.receipt_submit(
            payment=payment,
            user=make_member(),
            upload=clean_upload(uploaded(png_bytes())),
        )
    assert not payment.receipts.exists()


def test_a_paid_payment_takes_no_receipt(payment):
    from payments.services import payment_confirm

    payment_confirm(payment=payment)
    payment.refresh_from_db()
    with pytest.raises(PaymentsError) as error:
        submit_receipt(payment)
    assert "уже нельзя приложить квитанцию" in str(error.value.message)
    assert not payment.receipts.exists()


def test_staff_confirm_the_receipt(
    payment, mailoutbox, django_capture_on_commit_callbacks
):
    submit_receipt(payment)
    reviewer = make_reviewer()
    with django_capture_on_commit_callbacks(execute=True):
        receipts.receipt_confirm(payment=payment, by=reviewer)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED
    assert payment.confirmed_by == reviewer
    receipt = payment.receipts.get()
    assert (receipt.status, receipt.reviewed_by) == (ReceiptStatus.ACCEPTED, reviewer)
    assert any("Мы получили ваш платёж" in m.body for m in mailoutbox)


def test_a_double_click_on_confirm_changes_once(payment):
    submit_receipt(payment)
    reviewer = make_reviewer()
    receipts.receipt_confirm(payment=payment, by=reviewer)
    receipts.receipt_confirm(payment=payment, by=reviewer)
    assert payment.events.filter(to_status=PaymentStatus.CONFIRMED).count() == 1


def test_only_reviewers_confirm(payment):
    submit_receipt(payment)
    with pytest.raises(PaymentsError) as error:
        receipts.receipt_confirm(payment=payment, by=make_staff_without_review())
    assert "Подтверждать квитанции могут только" in str(error.value.message)
    with pytest.raises(PaymentsError):
        receipts.receipt_confirm(payment=payment, by=payment.user)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.AWAITING_REVIEW


def test_nothing_to_confirm_without_a_receipt(payment):
    with pytest.raises(PaymentsError):
        receipts.receipt_confirm(payment=payment, by=make_reviewer())
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_staff_reject_with_a_reason_the_member_reads(
    payment, mailoutbox, django_capture_on_commit_callbacks
):
    submit_receipt(payment)
    with django_capture_on_commit_callbacks(execute=True):
        receipts.receipt_reject(
            payment=payment, by=make_reviewer(), reason="Не видна сумма"
        )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REJECTED
    assert payment.status_reason == "Не видна сумма"
    assert payment.receipts.get().status == ReceiptStatus.REJECTED
    assert "Не видна сумма" in mailoutbox[-1].body


def test_a_reason_is_required(payment):
    submit_receipt(payment)
    with pytest.raises(PaymentsError):
        receipts.receipt_reject(payment=payment, by=make_reviewer(), reason="  ")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.AWAITING_REVIEW


def test_only_reviewers_reject(payment):
    submit_receipt(payment)
    with pytest.raises(PaymentsError):
        receipts.receipt_reject(
            payment=payment, by=make_staff_without_review(), reason="нет"
        )


def test_a_double_click_on_reject_changes_once(payment):
    submit_receipt(payment)
    reviewer = make_reviewer()
    receipts.receipt_reject(payment=payment, by=reviewer, reason="нечитаемо")
    receipts.receipt_reject(payment=payment, by=reviewer, reason="нечитаемо")
    assert payment.events.filter(to_status=PaymentStatus.REJECTED).count() == 1


def test_confirm_after_reject_is_refused(payment):
    submit_receipt(payment)
    reviewer = make_reviewer()
    receipts.receipt_reject(payment=payment, by=reviewer, reason="нечитаемо")
    with pytest.raises(PaymentsError):
        receipts.receipt_confirm(payment=payment, by=reviewer)


def test_after_a_rejection_the_member_pays_again(payment):
    from payments.services import payment_retry

    submit_receipt(payment)
    receipts.receipt_reject(payment=payment, by=make_reviewer(), reason="нечитаемо")
    payment.refresh_from_db()
    again = payment_retry(payment=payment, user=payment.user)
    submit_receipt(again, data=jpeg_bytes())
    again.refresh_from_db()
    assert again.status == PaymentStatus.AWAITING_REVIEW


def test_bulk_confirm_gives_each_item_its_own_result(home):
    bank_settings()
    reviewer = make_reviewer()
    waiting = make_payment()
    submit_receipt(waiting)
    already = make_payment()
    submit_receipt(already)
    receipts.receipt_confirm(payment=already, by=reviewer)
    rejected = make_payment()
    submit_receipt(rejected)
    receipts.receipt_reject(payment=rejected, by=reviewer, reason="нечитаемо")
    unpaid = make_payment()

    results = receipts.receipts_bulk_confirm(
        references=[
            waiting.reference,
            already.reference,
            rejected.reference,
            unpaid.reference,
        ],
        by=reviewer,
    )

    outcomes = {ref: outcome for ref, _payment, outcome, _message in results}
    assert outcomes == {
        str(waiting.reference): receipts.BulkResult.CONFIRMED,
        str(already.reference): receipts.BulkResult.ALREADY,
        str(rejected.reference): receipts.BulkResult.REFUSED,
        str(unpaid.reference): receipts.BulkResult.REFUSED,
    }
    statuses = {
        p.reference: p.status
        for p in type(waiting).objects.filter(
            pk__in=[waiting.pk, rejected.pk, unpaid.pk]
        )
    }
    assert statuses == {
        waiting.reference: PaymentStatus.CONFIRMED,
        rejected.reference: PaymentStatus.REJECTED,
        unpaid.reference: PaymentStatus.PENDING,
    }


def test_bulk_confirm_needs_the_permission(home):
    with pytest.raises(PaymentsError):
        receipts.receipts_bulk_confirm(references=[], by=make_staff_without_review())


def test_purpose_line_and_qr(payment):
    settings_ = bank_settings(
        purpose_template="Членский взнос {period}. {name}, код {code}"
    )
    purpose = receipts.purpose_line(
        payment, settings_, name="Иванов Иван Иванович", code="K7MD-9QX4"
    )
    assert purpose == "Членский взнос 2027 год. Иванов Иван Иванович, код K7MD-9QX4"
    qr = receipts.st00012(payment, settings_, purpose=purpose)
    assert qr.startswith("ST00012|Name=")
    fields = dict(part.split("=", 1) for part in qr.split("|")[1:])
    assert fields["Sum"] == "150000"
    assert fields["PersonalAcc"] == "40703810900000001234"
    assert fields["BIC"] == "044525225"
    assert fields["CorrespAcc"] == "30101810400000000225"
    assert fields["PayeeINN"] == "7701234567"
    assert fields["Purpose"] == purpose


def test_a_pipe_in_the_details_cannot_forge_a_qr_field(payment):
    settings_ = bank_settings(recipient="Общество|Sum=1")
    qr = receipts.st00012(payment, settings_, purpose="x|PersonalAcc=1")
    parts = qr.split("|")
    assert [p.split("=")[0] for p in parts].count("Sum") == 1
    assert [p.split("=")[0] for p in parts].count("PersonalAcc") == 1


def test_nothing_to_reject_without_a_receipt(payment):
    with pytest.raises(PaymentsError):
        receipts.receipt_reject(payment=payment, by=make_reviewer(), reason="нет")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_a_decided_receipt_cannot_change_again(payment):
    receipt = submit_receipt(payment)
    receipts.receipt_confirm(payment=payment, by=make_reviewer())
    receipt.refresh_from_db()
    with pytest.raises(PaymentsError):
        receipts._receipt_transition(receipt, ReceiptStatus.REJECTED)
    receipt.refresh_from_db()
    assert receipt.status == ReceiptStatus.ACCEPTED


def test_a_receipt_the_database_rolls_back_leaves_no_file_in_storage(payment):
    from payments.models import Receipt

    storage = Receipt.file.field.storage
    saved = []
    real_save = storage.save

    def remember(name, content, **kwargs):
        saved.append(real_save(name, content, **kwargs))
        return saved[-1]

    with (
        mock.patch.object(storage, "save", side_effect=remember),
        mock.patch(
            "payments.receipts.PaymentEvent.objects.create",
            side_effect=RuntimeError("database went away"),
        ),
        pytest.raises(RuntimeError),
    ):
        submit_receipt(payment)
    assert len(saved) == 1
    assert not storage.exists(saved[0])
    assert not Receipt.objects.exists()
