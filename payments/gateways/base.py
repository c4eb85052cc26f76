"""The small interface every online payment provider implements.

A provider adapter turns our Payment into the provider's request (the only place
where money becomes integer minor units), and the provider's notifications and
status answers into a provider-neutral `Notification`. Everything else (locking,
idempotency, matching amounts, confirming) is done once, in payments.webhooks and
payments.services, for every provider.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class GatewayError(Exception):
    """The provider refused or failed a request; the member may try again later."""


class TransientGatewayError(GatewayError):
    """A temporary failure (network, 5xx, rate limit): the caller should retry."""


class InvalidNotification(Exception):  # noqa: N818 - reads better at the call site
    """A notification that is not authentic or not readable: answered with 400."""

    status = 400


class UntrustedSender(InvalidNotification):  # noqa: N818
    """A notification from an address the provider does not send from: 403."""

    status = 403


class Outcome(StrEnum):
    """What a provider says happened to a payment."""

    PAID = "paid"
    FAILED = "failed"
    EXPIRED = "expired"
    OPEN = "open"  # created, not paid yet (a status fetch, not a notification)
    IGNORED = "ignored"  # an event type we do not act on
    REFUNDED = "refunded"  # the money went back to the member
    REFUND_FAILED = "refund failed"  # the provider could not return it


@dataclass(frozen=True)
class Notification:
    """A provider's notification (or status answer) in our terms.

    `references` holds every copy of our payment reference the provider echoed
    back (Stripe: metadata and client_reference_id; all must agree), `amount` is a
    Decimal in major units and `currency` upper case, so that webhooks compare them
    with our record whatever the provider.
    """

    provider: str
    event_id: str
    event_type: str
    outcome: Outcome
    references: tuple = ()
    amount: Decimal | None = None
    currency: str = ""
    session_id: str = ""
    provider_payment_id: str = ""
    failure_reason: str = ""
    refund_id: str = ""
    # Set when the provider's API contradicts the notification that made us ask
    # (e.g. "payment.succeeded" while the API says "pending"): staff must look.
    conflict: str = ""
    payload: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def reference(self):
        """The first reference given (the one we look the payment up by)."""
        return next((ref for ref in self.references if ref), "")


@dataclass(frozen=True)
class CheckoutStart:
    """Where to send the member, and the provider's id for this attempt."""

    redirect_url: str
    session_id: str


def to_minor_units(amount, currency="RUB"):
    """Decimal roubles → integer kopecks (2 decimal places for RUB, EUR, USD)."""
    exponent = 0 if currency.upper() in ZERO_DECIMAL_CURRENCIES else 2
    quantized = (Decimal(amount) * (10**exponent)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return int(quantized)


def from_minor_units(value, currency="RUB"):
    exponent = 0 if currency.upper() in ZERO_DECIMAL_CURRENCIES else 2
    return (Decimal(int(value)) / (10**exponent)).quantize(Decimal("0.01"))


ZERO_DECIMAL_CURRENCIES = {"JPY", "KRW", "VND", "CLP", "ISK", "UGX"}


class Gateway:
    """One online payment provider. Subclasses set `name` and `label`.

    `name` is stored on payments and used in URLs (`webhooks/<name>/`); `label` is
    what the member reads on the button. Instances are cheap and made per use.
    """

    name = ""
    label = _("Online")
    title = ""  # the provider's own name, for staff ("ЮKassa"); `name` when empty

    def is_configured(self):
        """Whether the server has the keys this provider needs."""
        raise NotImplementedError

    def form_action_origins(self):
        """Origins the member's browser is redirected to after posting the pay
        form; the payment page's CSP `form-action` must allow them."""
        return []

    def start_checkout(self, payment, *, return_url, cancel_url):
        """Create the provider's payment for `payment` → CheckoutStart.

        Must be idempotent for the same payment (an idempotency key derived from it),
        so a double click never creates two charges. Raises GatewayError.
        """
        raise NotImplementedError

    def parse_notification(self, request):
        """Verify and read an incoming notification → Notification.

        Raises InvalidNotification (answered 400) when it is not authentic and
        TransientGatewayError (answered 503) when it cannot be checked right now.
        """
        raise NotImplementedError

    def fetch_status(self, payment):
        """Ask the provider about `payment` now → Notification (outcome PAID, OPEN,
        FAILED or EXPIRED). Raises GatewayError."""
        raise NotImplementedError

    def refund(self, payment, *, amount, reason, idempotency_key):
        """Ask the provider to return `amount` of a paid payment → Notification
        (outcome REFUNDED, OPEN while the provider works on it, or REFUND_FAILED;
        `refund_id` set). The same `idempotency_key` never refunds twice.
        Raises GatewayError."""
        raise NotImplementedError(f"{self.name} refunds are not implemented")

    def fetch_refund(self, payment, refund_id):
        """Ask the provider about a refund now → Notification (as `refund`)."""
        raise NotImplementedError(f"{self.name} refunds are not implemented")
