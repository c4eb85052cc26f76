"""Continuing-education credits (НМО): one-time event codes, door check-in, the
ledger of credits per member and event, the НМО portal's codes and the settings."""

from .codes import CreditCode, CreditCodeBatch, CreditCodeStatus
from .ledger import (
    CheckIn,
    CreditProfile,
    CreditRecord,
    CreditSource,
    EventCreditPolicy,
)
from .nmo import NmoCode, NmoImport
from .settings import CertificateSettings, CreditSettings

__all__ = [
    "CertificateSettings",
    "CheckIn",
    "CreditCode",
    "CreditCodeBatch",
    "CreditCodeStatus",
    "CreditProfile",
    "CreditRecord",
    "CreditSettings",
    "CreditSource",
    "EventCreditPolicy",
    "NmoCode",
    "NmoImport",
]
