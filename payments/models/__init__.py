from .notification import IssueKind, PaymentIssue, ProviderEvent
from .payment import (
    ALLOWED_TRANSITIONS,
    LIVE_STATUSES,
    OPEN_STATUSES,
    RECEIPT_STATUSES,
    RETRY_STATUSES,
    Payment,
    PaymentEvent,
    PaymentKind,
    PaymentMethod,
    PaymentStatus,
    can_transition,
)
from .receipt import RECEIPT_TRANSITIONS, Receipt, ReceiptStatus
from .refund import (
    LIVE_REFUND_STATUSES,
    REFUND_TRANSITIONS,
    Refund,
    RefundStatus,
)
from .settings import PaymentSettings

__all__ = [
    "ALLOWED_TRANSITIONS",
    "LIVE_REFUND_STATUSES",
    "LIVE_STATUSES",
    "OPEN_STATUSES",
    "RECEIPT_STATUSES",
    "RECEIPT_TRANSITIONS",
    "REFUND_TRANSITIONS",
    "RETRY_STATUSES",
    "IssueKind",
    "Payment",
    "PaymentEvent",
    "PaymentIssue",
    "PaymentKind",
    "PaymentMethod",
    "PaymentSettings",
    "PaymentStatus",
    "ProviderEvent",
    "Receipt",
    "ReceiptStatus",
    "Refund",
    "RefundStatus",
    "can_transition",
]
