"""Every state change of the credits app (see each module)."""

from .codes import (
    credit_code_redeem,
    credit_code_revoke,
    credit_codes_generate,
    credit_codes_revoke_unused,
    default_valid_until,
)
from .ledger import checkin_record, credit_adjust, credit_cycle_set, event_policy_set
from .nmo import (
    nmo_code_assign,
    nmo_code_mark_entered,
    nmo_codes_hand_out,
    nmo_codes_import,
    nmo_reminders_send,
)

__all__ = [
    "checkin_record",
    "credit_adjust",
    "credit_code_redeem",
    "credit_code_revoke",
    "credit_codes_generate",
    "credit_codes_revoke_unused",
    "credit_cycle_set",
    "default_valid_until",
    "event_policy_set",
    "nmo_code_assign",
    "nmo_code_mark_entered",
    "nmo_codes_hand_out",
    "nmo_codes_import",
    "nmo_reminders_send",
]
