"""Every state change of membership, each shaped the same way:

guard → transaction.atomic → lock → change → save(update_fields) → audit entry →
after commit: e-mails (a failed mail is logged and never undoes the change).
"""

from .applications import (
    BulkResult,
    application_approve,
    application_reject,
    application_submit,
    application_withdraw,
    applications_bulk_approve,
)
from .dues import dues_payment_start, period_create_for_payment, period_void_for_payment
from .reminders import reminders_send

__all__ = [
    "BulkResult",
    "application_approve",
    "application_reject",
    "application_submit",
    "application_withdraw",
    "applications_bulk_approve",
    "dues_payment_start",
    "period_create_for_payment",
    "period_void_for_payment",
    "reminders_send",
]
