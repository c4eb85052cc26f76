"""Why YooKassa cancelled a payment (`cancellation_details.reason`), in words a
member can act on. The codes are YooKassa's published list (the SDK's
CancellationDetailsReasonCode); an unknown code reads as a general refusal."""

from django.utils.translation import gettext_lazy as _

REASONS = {
    "3d_secure_failed": _(
        "The bank did not confirm the payment (the 3-D Secure check was not "
        "passed). Try again or pay with another card."
    ),
    "call_issuer": _(
        "Your bank declined the payment without giving a reason. Please contact "
        "the bank that issued the card."
    ),
    "canceled_by_merchant": _("The payment was cancelled by the society."),
    "card_expired": _("The card has expired. Pay with another card."),
    "country_forbidden": _(
        "Cards issued in this country cannot be used here. Pay with another card."
    ),
    "deal_expired": _("The time to pay ran out. Try again."),
    "expired_on_capture": _("The time to pay ran out. Try again."),
    "expired_on_confirmation": _(
        "The time to pay ran out: the payment was not confirmed in time. Try again."
    ),
    "fraud_suspected": _(
        "The payment was blocked as suspicious. Pay with another card or by bank "
        "transfer."
    ),
    "general_decline": _(
        "The payment was declined without a detailed reason. Contact your bank or "
        "choose another way to pay."
    ),
    "identification_required": _(
        "The YooMoney wallet limit is exceeded. Identify the wallet or choose "
        "another way to pay."
    ),
    "insufficient_funds": _(
        "There is not enough money on the card or account. Top it up or choose "
        "another way to pay."
    ),
    "internal_timeout": _(
        "A technical problem at the payment provider. Try again in a few minutes."
    ),
    "invalid_card_number": _("The card number was entered incorrectly. Try again."),
    "invalid_csc": _(
        "The card's security code (CVC/CVV) was entered incorrectly. Try again."
    ),
    "issuer_unavailable": _(
        "Your bank is not answering. Try again later or choose another way to pay."
    ),
    "payment_method_limit_exceeded": _(
        "The payment limit of this card or account is reached. Choose another way "
        "to pay or try again tomorrow."
    ),
    "payment_method_restricted": _(
        "Payments with this card or account are blocked. Please contact your bank."
    ),
    "permission_revoked": _("The permission for this payment was withdrawn."),
    "unsupported_mobile_operator": _(
        "Payments from this mobile operator are not accepted. Choose another way "
        "to pay."
    ),
    "loan_declined": _(
        "The bank declined the loan or instalment plan. Choose another way to pay."
    ),
    "loan_declined_by_payer": _(
        "The loan or instalment plan was cancelled. Choose another way to pay."
    ),
    "loan_application_expired": _(
        "The loan application was not completed in time. Choose another way to pay."
    ),
    "rejected_by_timeout": _("The payment was not completed in time. Try again."),
}

UNKNOWN = _("The payment did not go through. Try again or choose another way to pay.")

#: Reasons that mean the time ran out rather than a refusal.
EXPIRED = {"expired_on_confirmation", "expired_on_capture", "deal_expired"}


def reason_text(code):
    """The member's explanation of cancellation reason `code` (lazy)."""
    return REASONS.get(code, UNKNOWN)
